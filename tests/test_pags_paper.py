"""Issue 23's Done-when: `robustbook run pags --profile paper` on generated data with `nproc_per_node = 2` on the CPU
runs its Fig. 2 sweep over two worker processes (`core.launch.train_sweep`).

A CIFAR-10 ImageFolder tree is generated (`core.testing.fake_imagefolder`), a settings.ini in a temporary folder points
`cifar10_root`, `cache_dir` and `output_dir` there, and `-p overrides` shrinks the paper profile to seconds: 128 training
images, one epoch, two strengths per objective, two seeds (18 sweep models), tiny autoencoder / denoiser / distractor
budgets and one theory image at one σ (Theorem 1 on 32 x 32 x 3 inputs costs thousands of forward passes per σ). (The gradient-norm strengths are small: at λ = 0.1 a tiny model on random images
collapses to constant outputs, whose on/off changes are exactly 0 and whose relative off/on ratio is then 0/0.) `fake_paper_data` makes the paper profile train its own small denoiser and use the
offline LPIPS substitute instead of reading EDM / AlexNet files. The sweep log (a table of the run) must show the
models trained by two distinct worker processes, none in the notebook's kernel, and the claims recorded."""
import json
import pandas as pd
from robustbook.core.settings import load_settings
from robustbook.core.testing import fake_imagefolder

OVERRIDES = ("{n_train: 128, n_test: 20, n_eval: 6, epochs: 1, batch_size: 32, width: 4, seeds: 2, "
             "objective_args: {pgd: {steps: 2}}, "
             "grids: {gnorm: [0.00001, 0.001], smooth: [0.01, 1.0], rand_smooth: [0.01, 0.1], pgd: [0.1, 1.0]}, "
             "latent: 4, ae_epochs: 1, denoiser: {epochs: 1, width: 8}, fig4: {n_train: 64, n_test: 16, epochs: 1, "
             "steps: 1}, theorem1: {images: 1, sigmas: [0.001]}, n_gallery: 2}")

def test_pags_paper_profile_sweeps_over_two_processes(tmp_path, run_paper_profile):
    root = fake_imagefolder(tmp_path/"cifar10", classes=tuple(f"class{i}" for i in range(10)), n=13, size=32,
                            splits=("train", "test"))
    fmnist = load_settings().path("fashion_mnist_root")   # the distractor set (Fig. 4) is built from Fashion-MNIST
    out = run_paper_profile("pags", dict(fashion_mnist_root=fmnist, cifar10_root=root), "--nproc-per-node", "2",
                            "-p", "fake_paper_data", "true", "-p", "overrides", OVERRIDES)
    assert json.loads((out/"run.json").read_text())["status"] == "ok"
    res = json.loads((out/"results.json").read_text())
    assert res["status"] == "complete" and res["profile"] == "paper" and res["config"]["dataset"] == "cifar10"
    assert res["config"]["seeds"] == 2 and res["config"]["grids"]["pgd"] == [0.1, 1.0] and res["config"]["fake_paper_data"]
    log = pd.read_csv(out/"tables"/"sweep_log.csv")
    assert len(log) == 2 * (1 + 4 * 2) and not log.cached.any() and log.error.isna().all(), log
    for seed, g in log.groupby("seed"):   # one train_sweep per seed: two worker processes trained each seed's models
        assert g.pid.nunique() == 2 and sorted(g.worker.unique()) == [0, 1], log
    kernel = int((out/"kernel.pid").read_text()) if (out/"kernel.pid").exists() else None
    assert kernel not in set(log.pid), "the sweep ran in the notebook's kernel"
    assert any("18 trained by 2 worker process(es) at a time" in n for n in res["notes"]), res["notes"]
    sweep = pd.read_csv(out/"tables"/"sweep.csv")
    assert len(sweep) == len(log) + 1   # every sweep model evaluated, and the untrained control
    claims = res["claims"]
    assert len(claims) >= 20 and all(c["verdict"] for c in claims)
    assert {f"fig2_top.{k}.off_falls_first" for k in ("gnorm", "smooth", "rand_smooth", "pgd")} <= {c["name"] for c in claims}
