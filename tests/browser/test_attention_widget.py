"""Real browser: the attention explorer in JupyterLab updates its map and colour bars when the layer, the colour scale
and the method change; methods that ignore the block and head disable those menus and say why; an image index out of
range gives a visible message; the static PNG fallback stays hidden next to the live widget."""
import numpy as np
from PIL import Image


def _pixels(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


def test_attention_explorer_updates(jupyter_lab, run_driver):
    jupyter_lab.write_notebook("attention_explorer.ipynb", [
        "%%md\n# Attention explorer (browser test)",
        "import torch\ntorch.set_num_threads(1)\nfrom robustbook.vit.attention_widget import demo_explorer\nex = demo_explorer()\nex",
    ])
    res = run_driver("drive_attention.mjs", jupyter_lab.notebook_url("attention_explorer.ipynb"), "attention_explorer")
    assert res.get("ok"), f"driver failed (attempt {res.get('attempt')}): {res.get('error')}\n{res.get('stderr')}\n--- lab log ---\n{jupyter_lab.tail_log()}"
    steps = {s["name"]: s for s in res["steps"]}
    assert list(steps) == ["initial", "layer0", "perpanel", "gae", "image99"]
    # the kernel answered with the new state (image|layer|head|method|opacity|scale|cmap) and the pixels changed
    assert steps["initial"]["state"] == "0|3|None|attention|0.5|shared|viridis", steps["initial"]["state"]
    assert steps["layer0"]["state"].startswith("0|0|None|attention|0.5|shared|")
    assert steps["perpanel"]["state"].startswith("0|0|None|attention|0.5|panel|")
    assert steps["gae"]["state"].startswith("0|0|None|gae|0.5|panel|")
    hashes = [steps[k]["hash"] for k in ("initial", "layer0", "gae")]
    assert len(set(hashes)) == 3, hashes
    # colour bars: one per panel, drawn (a viridis gradient) with the value range as text; shared -> equal ranges
    for k in ("initial", "layer0", "perpanel", "gae"):
        bars = steps[k]["bars"]
        assert len(bars) == 2 and all(b["width"] >= 200 and b["height"] > 20 for b in bars), bars
        assert all(b["vmin"] < b["vmax"] and b["cmap"] == "viridis" and "linear-gradient" in b["gradient"] for b in bars), bars
        assert all(f"{b['vmin']:.3g}" in b["text"] and f"{b['vmax']:.3g}" in b["text"] for b in bars), bars
    shared, per = steps["layer0"]["bars"], steps["perpanel"]["bars"]
    assert (shared[0]["vmin"], shared[0]["vmax"]) == (shared[1]["vmin"], shared[1]["vmax"])
    assert (per[0]["vmin"], per[0]["vmax"]) != (per[1]["vmin"], per[1]["vmax"])
    assert min(p["vmin"] for p in per) == shared[0]["vmin"] and max(p["vmax"] for p in per) == shared[0]["vmax"]
    assert "CLS attention" in steps["initial"]["bars"][0]["text"] and "GAE relevance" in steps["gae"]["bars"][0]["text"]
    # block/head menus: enabled for attention; disabled for gae, with the reason in the tooltip and the note under them
    assert steps["gae"]["layer"]["label"] == "layer" and steps["layer0"]["layer"]["title"].startswith("the block")
    assert not steps["layer0"]["layer"]["disabled"] and steps["layer0"]["hint"] == ""
    assert steps["gae"]["layer"]["disabled"] and steps["gae"]["layer"]["title"].startswith("Not used by gae")
    assert "not used by gae" in steps["gae"]["hint"]
    # image 99 of 8: a visible message, the field back to 0, the view unchanged
    assert "There is no image 99" in steps["image99"]["msg"] and "0–7" in steps["image99"]["msg"], steps["image99"]["msg"]
    assert steps["image99"]["imageField"] == "0" and steps["image99"]["state"] == steps["gae"]["state"]
    assert steps["gae"]["msg"] == ""
    # the static PNG output follows the widget but is hidden while the widget renders
    assert res["fallbacks"] and not any(f["shown"] for f in res["fallbacks"]), res["fallbacks"]
    # the saved map screenshots: same size, different pixels
    a, b, c = (_pixels(steps[k]["screenshot"]) for k in ("initial", "layer0", "gae"))
    assert a.shape == b.shape == c.shape and a.shape[0] >= 100
    assert np.abs(a - b).mean() > 1 and np.abs(b - c).mean() > 1
