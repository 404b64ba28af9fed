"""Without a kernel, the widgets show a static PNG: execute a small notebook showing each explorer with `jupyter nbconvert
--execute` (as papermill/nbclient do, widget state stored in the metadata), then convert the executed copy to HTML; the
PNG must be in the executed notebook's outputs and, as an <img src="data:image/png...">, in the HTML output of the same
cell as the (offline: empty) widget view."""
import base64, io, json, os, re, subprocess, sys
from pathlib import Path
import pytest

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELLS = {
    "attention": "from robustbook.vit.attention_widget import demo_explorer\ndemo_explorer()",
    "polytopes": "from robustbook.geometry.polytope_widget import demo_polytope_explorer\n"
                 "demo_polytope_explorer(epochs=4, every=2, widths=(3,), depths=(1,), cache_dir='cache')",
}


def _nbconvert(*args, cwd):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    p = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, f"nbconvert {' '.join(args)} failed:\n{p.stderr[-4000:]}"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    "(executed notebook as a dict, its HTML) for a notebook with one cell per explorer."
    import nbformat
    d = tmp_path_factory.mktemp("static")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import torch\ntorch.set_num_threads(1)")] + [nbformat.v4.new_code_cell(src) for src in CELLS.values()]
    nbformat.write(nb, d / "widgets.ipynb")
    _nbconvert("--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--output", "executed.ipynb", "widgets.ipynb", cwd=d)
    _nbconvert("--to", "html", "executed.ipynb", cwd=d)
    return json.loads((d / "executed.ipynb").read_text()), (d / "executed.html").read_text()


@pytest.mark.parametrize("name", list(CELLS))
def test_executed_notebook_has_png_next_to_widget(executed, name):
    nb, _ = executed
    assert "application/vnd.jupyter.widget-state+json" in nb["metadata"].get("widgets", {}), "nbconvert stored no widget state"
    cell = nb["cells"][1 + list(CELLS).index(name)]
    outs = [o for o in cell["outputs"] if o["output_type"] in ("display_data", "execute_result")]
    assert any(WIDGET_VIEW in o["data"] for o in outs), f"{name}: no widget view in {[list(o['data']) for o in outs]}"
    pngs = [o["data"]["image/png"] for o in outs if "image/png" in o["data"] and WIDGET_VIEW not in o["data"]]
    assert len(pngs) == 1, f"{name}: expected one static PNG output next to the widget, got {[list(o['data']) for o in outs]}"
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(pngs[0])))
    assert im.width >= 300 and im.height >= 200, im.size


@pytest.mark.parametrize("name", list(CELLS))
def test_html_shows_png_where_widget_is(executed, name):
    _, page = executed
    cells = re.split(r'<div\s+class="jp-Cell\s', page)[1:]   # one chunk per cell
    code = [c for c in cells if "jp-CodeCell" in c[:200]]
    chunk = code[1 + list(CELLS).index(name)]
    assert WIDGET_VIEW in chunk, f"{name}: the widget view is not in this cell's HTML"
    m = re.search(r'class="rb-static-fallback[^"]*"[^>]*>\s*<img\b[^>]*\bsrc="data:image/png;base64,([A-Za-z0-9+/=]+)"', chunk)
    assert m, f"{name}: no <img src='data:image/png...'> fallback in the cell's HTML output"
    assert chunk.index(WIDGET_VIEW) < m.start(), "the static PNG should follow the widget view"
    from PIL import Image
    assert Image.open(io.BytesIO(base64.b64decode(m.group(1)))).format == "PNG"
