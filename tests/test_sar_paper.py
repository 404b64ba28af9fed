"""Issue 19 item 4: every cell of the SAR notebook's `paper` path runs, on generated data.

`robustbook run spatial_entropy --profile paper` on a generated ImageNet-like ImageFolder tree (train/val, ImageNet-A,
one ImageNet-C corruption, ImageNet-S masks and a CIFAR-10 tree for Tab. 4's transfer), with `-p overrides` shrinking
the paper profile to seconds (64 px, one epoch, batch 2, two seeds, λ ∈ {0, 0.01}, fractions {0.5, 1}): the paper
recipe's `deit_small_patch16_224` with DeiT's augmentation (`DeitTrainData`) through every table, Tab. 8's fraction
subsets of the augmented ImageFolder set included. The smoke profile's `check_sar_paper_path` covers one training step
only; this test covers the notebook's cells."""
import json
from robustbook.core.testing import fake_imagefolder

OVERRIDES = ("{img_size: 64, epochs: 1, short_epochs: 1, batch_size: 2, n_attn: 4, lams: [0.0, 0.01], "
             "fractions: [0.5, 1.0], transfer: {ft_epochs: 1}, threads: 1, seeds: [0, 1]}")

def test_sar_paper_profile_runs_every_cell(tmp_path, run_paper_profile):
    tree = fake_imagefolder(tmp_path/"data", classes=("n01", "n02"), n=4, size=(64, 72), ext="JPEG",
                            masks="s/validation-segmentation",
                            splits=("in/train", "in/val", "a", "c/gaussian_noise/3", "s/validation", "cifar/train",
                                    "cifar/test"))
    roots = dict(imagenet_root=tree/"in", imagenet_a_root=tree/"a", imagenet_c_root=tree/"c", imagenet_s_root=tree/"s",
                 cifar10_root=tree/"cifar")
    out = run_paper_profile("spatial_entropy", roots, "-p", "overrides", OVERRIDES, timeout=1200)
    res = json.loads((out/"results.json").read_text())
    assert res["status"] == "complete" and res["profile"] == "paper", res["status"]
    c = res["config"]
    assert c["dataset"] == "imagefolder" and c["augment"] == "deit" and c["model"] == "deit_small_patch16_224", c
    names = {x["name"] for x in res["claims"]}
    assert {"table1b.sar_beats_baseline", "table8.gain_grows_as_data_shrinks", "table4.sar_helps_transfer",
            "table5.sar_more_robust_to_shifts", "table6.sar_raises_jaccard"} <= names, names
    assert all(x["verdict"] for x in res["claims"])
    assert {"table8", "table4", "table5", "table6"} <= set(res["tables"]), list(res["tables"])
