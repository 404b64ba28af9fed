"""Issue 19 item 4: every cell of the SAR notebook's `paper` path runs, on generated data.

`robustbook run spatial_entropy --profile paper` on a generated ImageNet-like ImageFolder tree (train/val, ImageNet-A,
one ImageNet-C corruption, ImageNet-S masks and a CIFAR-10 tree for Tab. 4's transfer), with `-p overrides` shrinking
the paper profile to seconds (64 px, one epoch, batch 2, two seeds, λ ∈ {0, 0.01}, fractions {0.5, 1}): the paper
recipe's `deit_small_patch16_224` with DeiT's augmentation (`DeitTrainData`) through every table, Tab. 8's fraction
subsets of the augmented ImageFolder set included. The smoke profile's `check_sar_paper_path` covers one training step
only; this test covers the notebook's cells."""
import json, os, subprocess, sys
from pathlib import Path
from robustbook.core.testing import fake_imagefolder

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = ("{img_size: 64, epochs: 1, short_epochs: 1, batch_size: 2, n_attn: 4, lams: [0.0, 0.01], "
             "fractions: [0.5, 1.0], transfer: {ft_epochs: 1}, threads: 1, seeds: [0, 1]}")

def test_sar_paper_profile_runs_every_cell(tmp_path):
    tree = fake_imagefolder(tmp_path/"data", classes=("n01", "n02"), n=4, size=(64, 72), ext="JPEG",
                            masks="s/validation-segmentation",
                            splits=("in/train", "in/val", "a", "c/gaussian_noise/3", "s/validation", "cifar/train",
                                    "cifar/test"))
    ini = tmp_path/"settings.ini"
    ini.write_text(f"[robustbook]\nimagenet_root = {tree/'in'}\nimagenet_a_root = {tree/'a'}\n"
                   f"imagenet_c_root = {tree/'c'}\nimagenet_s_root = {tree/'s'}\ncifar10_root = {tree/'cifar'}\n"
                   f"cache_dir = {tmp_path/'cache'}\noutput_dir = {tmp_path/'outputs'}\nnbs_dir = {REPO/'nbs'}\n"
                   "device = cpu\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROBUSTBOOK_")}
    env.update(ROBUSTBOOK_SETTINGS=str(ini), HF_HUB_OFFLINE="1")
    cmd = [str(Path(sys.executable).parent/"robustbook"), "run", "spatial_entropy", "--profile", "paper", "--force",
           "-p", "overrides", OVERRIDES]
    p = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200)
    out = tmp_path/"outputs"/"spatial_entropy"
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    res = json.loads((out/"results.json").read_text())
    assert res["status"] == "complete" and res["profile"] == "paper", res["status"]
    c = res["config"]
    assert c["dataset"] == "imagefolder" and c["augment"] == "deit" and c["model"] == "deit_small_patch16_224", c
    names = {x["name"] for x in res["claims"]}
    assert {"table1b.sar_beats_baseline", "table8.gain_grows_as_data_shrinks", "table4.sar_helps_transfer",
            "table5.sar_more_robust_to_shifts", "table6.sar_raises_jaccard"} <= names, names
    assert all(x["verdict"] for x in res["claims"])
    assert {"table8", "table4", "table5", "table6"} <= set(res["tables"]), list(res["tables"])
