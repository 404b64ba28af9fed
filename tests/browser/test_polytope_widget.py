"""Real browser: Run All on the package's own polytope notebook (nbs/geometry/41_polytope_widget.ipynb) ends with the explorer,
on the trained net, the epoch slider labelled in epochs like the status line, with axes and a legend; it answers a
click on a region, the epoch and depth sliders, and exports a PNG to the output folder (not next to the notebook)."""
import shutil
from pathlib import Path
import numpy as np
from PIL import Image

NB = Path(__file__).resolve().parents[2] / "nbs" / "geometry" / "41_polytope_widget.ipynb"


def _pixels(p):
    return np.asarray(Image.open(p).convert("RGB"), dtype=np.int16)


def test_polytope_explorer_run_all(jupyter_lab, run_driver):
    shutil.copy(NB, jupyter_lab.root / NB.name)
    res = run_driver("drive_polytopes.mjs", jupyter_lab.notebook_url(NB.name), "polytope_explorer")
    assert res.get("ok"), f"driver failed (attempt {res.get('attempt')}): {res.get('error')}\n{res.get('stderr')}\n--- lab log ---\n{jupyter_lab.tail_log()}"
    steps = {s["name"]: s for s in res["steps"]}
    assert list(steps) == ["initial", "clicked", "epoch0", "depth3"]
    assert res["explorers"] == 1
    # Run All: the demo on the trained net, the slider and the status in the same unit (epochs); checkpoints cached
    ini = steps["initial"]
    assert ini["state"].startswith("8|2|30|-1|") and ini["nregions"] >= 2
    assert ini["epochLabel"] == "30" and "epoch 30:" in ini["status"], (ini["epochLabel"], ini["status"])
    assert "checkpoints" in res["note"] and "polytope_widget" in res["note"], res["note"]
    # axes (ticks in plane coordinates, axis names) and a legend
    assert ini["xticks"] == ["-1", "-0.5", "0", "0.5", "1"] and ini["axisNames"] == ["x₁", "x₂"]
    for entry in ("linear region", "decision boundary", "circle (data)", "annulus (data)", "selected region"):
        assert entry in ini["legend"], (entry, ini["legend"])
    # the kernel answered every action: state = width|depth|epoch|selected|regions
    assert steps["clicked"]["state"].split("|")[3] == res["clicked"] == steps["clicked"]["info"]
    assert steps["clicked"]["balls"] == 1 and ini["balls"] == 0       # Chebyshev ball drawn on click
    e0 = steps["epoch0"]
    assert e0["state"].startswith("8|2|0|-1|") and e0["epochLabel"] == "0" and "epoch 0:" in e0["status"]
    assert steps["depth3"]["state"].startswith("8|3|0|") and steps["depth3"]["epochLabel"] == "0"
    # the map changed after each action (markup hash and screenshot pixels)
    hashes = [steps[k]["hash"] for k in ("initial", "clicked", "epoch0", "depth3")]
    assert len(set(hashes)) == 4, hashes
    a, b, c = (_pixels(steps[k]["screenshot"]) for k in ("initial", "clicked", "epoch0"))
    assert a.shape == b.shape == c.shape and a.shape[0] >= 400
    assert np.abs(a - b).mean() > 0.05 and np.abs(a - c).mean() > 1
    # the static PNG output follows the widget but is hidden while the widget renders
    assert res["fallbacks"] and not any(f["shown"] for f in res["fallbacks"]), res["fallbacks"]
    # the PNG export landed in the settings' output folder, not next to the notebook
    png = Path(res["exported"])
    png = png if png.is_absolute() else jupyter_lab.root / png
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert png.parent.name == "polytopes" and png.parent.parent.name == "outputs", png
    assert png.parent != jupyter_lab.root
