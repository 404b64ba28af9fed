"Real browser: the attention explorer in JupyterLab updates its map when the layer and the method change."
import numpy as np
from PIL import Image


def _pixels(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


def test_attention_explorer_updates(jupyter_lab, run_driver):
    jupyter_lab.write_notebook("attention_explorer.ipynb", [
        "%%md\n# Attention explorer (browser test)",
        "import torch; torch.set_num_threads(1)\nfrom robustbook.widgets import demo_explorer\nex = demo_explorer()\nex",
    ])
    res = run_driver("drive_attention.mjs", jupyter_lab.notebook_url("attention_explorer.ipynb"), "attention_explorer")
    assert res.get("ok"), f"driver failed (attempt {res.get('attempt')}): {res.get('error')}\n{res.get('stderr')}\n--- lab log ---\n{jupyter_lab.tail_log()}"
    steps = {s["name"]: s for s in res["steps"]}
    assert list(steps) == ["initial", "layer0", "gae"]
    # the page: the kernel answered with the new state, and the map's pixels changed after each change
    assert steps["initial"]["state"].startswith("0|3|None|attention|"), steps["initial"]["state"]
    assert steps["layer0"]["state"].startswith("0|0|None|attention|")
    assert steps["gae"]["state"].startswith("0|0|None|gae|")
    assert steps["initial"]["hash"] != steps["layer0"]["hash"] != steps["gae"]["hash"]
    # the saved screenshots: same size, different pixels
    a, b, c = (_pixels(steps[k]["screenshot"]) for k in ("initial", "layer0", "gae"))
    assert a.shape == b.shape == c.shape and a.shape[0] >= 100
    assert np.abs(a - b).mean() > 1 and np.abs(b - c).mean() > 1
