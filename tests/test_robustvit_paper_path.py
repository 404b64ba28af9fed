"""RobustViT's paper path (issues 18, 19): `robustbook run robustvit --profile paper` on generated ImageNet-style data.

`core.testing.fake_imagefolder` writes ImageNet-S (images and masks), ImageNet val, -A, -R, -Sketch, -v2 and SI-Score
trees (no ObjectNet: it is skipped), a settings.ini in a temporary folder points their roots there, and `-p overrides`
shrinks the paper profile to seconds: a randomly initialised `vit_tiny_patch16_224` at 32 px (also the TokenCut
backbone), two classes of two images, one epoch, two seeds. The notebook's sections run unchanged on these folders
(streamed evaluation, the same claims as the generated-data profiles); Tab. 3's two claims are not testable (no object
masks on these test sets); only the two sections that need the zoo base or the generated images' masks (named in the
notebook) stay on the generated data."""
import json
from robustbook.core.data import imagenet_wnids
from robustbook.core.testing import fake_imagefolder

OVERRIDES = ("{model: vit_tiny_patch16_224, pretrained: false, tokencut_backbone: vit_tiny_patch16_224, img_size: 32, "
             "ft_classes: 2, per_class: 2, epochs: 1, batch_size: 2, lrs: [0.000001], n_seeds: 2, sens_samples: [1], "
             "sens_classes: [1], fig7: {n_seeds: 2}, n_seg: 4, threads: 1, workers: 0}")
ROOTS = dict(imagenet_root="imagenet", imagenet_a_root="imagenet_a", imagenet_r_root="imagenet_r",
             imagenet_sketch_root="imagenet_sketch", imagenet_v2_root="imagenet_v2", si_score_root="si_score",
             imagenet_s_root="imagenet_s")

def test_robustvit_paper_path_runs_every_section(tmp_path, run_paper_profile):
    wn = imagenet_wnids()[:3]
    fake_imagefolder(tmp_path/"imagenet_s", classes=wn, n=3, size=40, splits=("validation",), ext="JPEG",
                     masks="validation-segmentation")
    fake_imagefolder(tmp_path/"imagenet", classes=wn, n=2, size=40, splits=("val",), ext="JPEG", seed=1)
    for k, name in enumerate(("imagenet_a", "imagenet_r", "imagenet_sketch", "imagenet_v2")):
        fake_imagefolder(tmp_path/name, classes=wn, n=2, size=40, seed=2 + k)
    fake_imagefolder(tmp_path/"si_score", classes=wn, n=2, size=40, splits=("location", "rotation", "area"), seed=9)
    out = run_paper_profile("robustvit", {k: tmp_path/v for k, v in ROOTS.items()}, "-p", "overrides", OVERRIDES)
    res = json.loads((out/"results.json").read_text())
    assert res["status"] == "complete" and res["profile"] == "paper" and res["config"]["dataset"] == "imagenet"
    names = {c["name"] for c in res["claims"]}
    assert names == {"table1.small_iid_drop", "table1.gain_under_context_shift", "table1.tokencut_masks_work",
                     "table2.gain_on_si_score", "table2.gain_on_si_location", "table1.larger_than_baselines",
                     "table2.larger_than_baselines", "table4.bg_loss_drives_robustness",
                     "table4.cls_loss_keeps_accuracy", "fig4.other_classes_gain", "fig7.all_settings_gain",
                     "table3.segmentation_improves", "table3.segmentation_improves_off_centre"}, names
    t3 = [c for c in res["claims"] if c["name"].startswith("table3.")]
    assert all(c["verdict"] == "not_testable" and "no object masks" in c["reason"] for c in t3), t3
    assert {"lr_choice", "object_share", "table1", "table2", "table4", "table10_11"} <= set(res["tables"]), res["tables"]
    assert any("not found, so skipped in every table and claim: ['objectnet']" in n for n in res["notes"]), res["notes"]
    t1 = (out/"tables"/"table1.csv").read_text()
    assert "imagenet_val_r1" in t1 and "imagenet_sketch_r1" in t1 and t1.count("\n") == 7, t1   # 6 methods + header
