"""`robustbook.core.train.fit` under torchrun: a 2-process CPU (gloo) run ends with identical weights on both ranks, equal to a
single-process run over the same examples (global batch = 2 x per-rank batch), and only rank 0 writes the checkpoint; the process group is destroyed at exit."""
import os, subprocess, sys, textwrap
from pathlib import Path
import pytest
import torch
from robustbook.core.train import load_train_checkpoint

SCRIPT = textwrap.dedent("""
    import sys, torch
    torch.set_num_threads(1)
    from robustbook.core.train import fit, _world
    from robustbook.core.models import mlp
    out = sys.argv[1]
    g = torch.Generator().manual_seed(0)
    X, Y = torch.rand(128, 1, 4, 4, generator=g), torch.randint(0, 3, (128,), generator=g)
    torch.manual_seed(0)
    model = mlp((1, 4, 4), hidden=(16,), num_classes=3)
    h = fit(model, (X, Y), steps=6, batch_size=BATCH, lr=1e-2, device="cpu", progress=False, seed=1, ckpt_path=out + "/fit.ckpt")
    rank, world = _world()
    torch.save({k: v for k, v in model.state_dict().items()}, f"{out}/rank{rank}_of{world}.pt")
    # setup_ddp's exit hook tears the process group down before interpreter shutdown (left to static destructors, a
    # rank whose peer exited first sometimes aborted with 'terminate called without an active exception')
    import atexit, torch.distributed as dist
    atexit._run_exitfuncs()
    assert not (dist.is_available() and dist.is_initialized()), "the process group outlived the exit hooks"
    """)


def _run(tmp_path, nproc, batch):
    script = tmp_path / "ddp_fit.py"
    script.write_text(SCRIPT.replace("BATCH", str(batch)))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "ROBUSTBOOK_PROFILE": "smoke"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}", str(script), str(tmp_path)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"torchrun failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"


def test_ddp_two_process_gloo(tmp_path):
    _run(tmp_path, 2, 16)
    r0, r1 = torch.load(tmp_path / "rank0_of2.pt"), torch.load(tmp_path / "rank1_of2.pt")
    for k in r0: assert torch.equal(r0[k], r1[k]), f"ranks disagree on {k}"
    assert (tmp_path / "fit.ckpt").exists() and load_train_checkpoint(tmp_path / "fit.ckpt")["step"] == 6
    # the same examples in one process with the global batch size give the same weights
    single = tmp_path / "single"; single.mkdir()
    script = tmp_path / "single.py"; script.write_text(SCRIPT.replace("BATCH", "32"))
    r = subprocess.run([sys.executable, str(script), str(single)], env={**os.environ, "OMP_NUM_THREADS": "1", "ROBUSTBOOK_PROFILE": "smoke"},
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    s = torch.load(single / "rank0_of1.pt")
    for k in r0: torch.testing.assert_close(r0[k], s[k], rtol=1e-5, atol=1e-6)
