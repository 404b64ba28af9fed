"Real browser: the polytope explorer in JupyterLab answers a click on a region, the epoch and depth sliders, and PNG export."
import numpy as np
from PIL import Image

# The node driver lives here (one file per test module); it reuses the shared helpers of tests/browser/lab.mjs.
DRIVER = r"""
import path from "node:path";
const lab = await import(process.env.LAB_MJS);
const { driveNotebook, waitState: waitFor, log, TIMEOUT } = lab;

await driveNotebook(async (page, out, result) => {
  const ex = page.locator(".rb-polytopes").first();
  await ex.waitFor({ state: "visible", timeout: TIMEOUT });
  const svg = ex.locator(".rb-pmap svg").first();
  await svg.waitFor({ timeout: TIMEOUT });
  const state = () => ex.locator(".rb-status .rb-ready").first().getAttribute("data-state");
  const waitState = (pattern) => waitFor(page, ".rb-polytopes .rb-status .rb-ready", pattern);
  async function snap(name) {
    const st = await state();
    const markup = await ex.locator(".rb-pmap").first().innerHTML();
    let h = 2166136261 >>> 0;
    for (let i = 0; i < markup.length; i++) { h ^= markup.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    const shot = path.join(out, `${name}.png`);
    await svg.screenshot({ path: shot });
    await ex.screenshot({ path: path.join(out, `${name}-explorer.png`) });
    const nregions = parseInt(await svg.getAttribute("data-nregions"), 10);
    const info = await ex.locator(".rb-region-info").first().getAttribute("data-region");
    const balls = await ex.locator(".rb-pmap .rb-ball").count();
    result.steps.push({ name, state: st, hash: h.toString(16), nregions, info, balls, screenshot: shot });
    log(name, st, nregions, info);
  }
  await waitState("^3\\|1\\|");
  await snap("initial");

  // click inside the largest region (at its interior point), as a user would
  const target = await svg.evaluate((s) => {
    let best = null, area = -1;
    for (const p of s.querySelectorAll("polygon.rb-region")) {
      const b = p.getBBox(); if (b.width * b.height > area) { area = b.width * b.height; best = p; }
    }
    return { i: best.getAttribute("data-region"), x: parseFloat(best.getAttribute("data-cx")), y: parseFloat(best.getAttribute("data-cy")) };
  });
  const box = await svg.boundingBox();
  await page.mouse.click(box.x + target.x, box.y + target.y);
  await page.waitForSelector(`.rb-polytopes .rb-region-info[data-region="${target.i}"]`, { timeout: TIMEOUT });
  await waitState(`^3\\|1\\|\\d+\\|${target.i}\\|`);
  result.clicked = target.i;
  await snap("clicked");

  // epoch slider to its last checkpoint (keyboard on the slider handle), then depth up by one
  const epochHandle = ex.locator(".rb-epoch .noUi-handle").first();
  await epochHandle.focus(); await page.keyboard.press("End");
  await waitState("^3\\|1\\|100\\|-1\\|");
  await snap("epoch");
  const depthHandle = ex.locator(".rb-depth .noUi-handle").first();
  await depthHandle.focus(); await page.keyboard.press("ArrowRight");
  await waitState("^3\\|2\\|");
  await snap("depth");

  // export
  await ex.locator(".rb-png button, button.rb-png").first().click();
  const exported = ex.locator(".rb-exported").first();
  await exported.waitFor({ timeout: TIMEOUT });
  result.exported = await exported.getAttribute("data-path");
});
"""


def _pixels(p):
    return np.asarray(Image.open(p).convert("RGB"), dtype=np.int16)


def test_polytope_explorer_in_browser(jupyter_lab, run_driver, tmp_path, monkeypatch):
    from pathlib import Path
    here = Path(__file__).resolve().parent
    driver = tmp_path / "drive_polytopes.mjs"
    driver.write_text(DRIVER)
    monkeypatch.setenv("LAB_MJS", (here / "lab.mjs").as_uri())
    jupyter_lab.write_notebook("polytope_explorer.ipynb", [
        "%%md\n# Polytope explorer (browser test)",
        "import torch; torch.set_num_threads(1)\nfrom robustbook.polytope_widget import demo_polytope_explorer\n"
        "ex = demo_polytope_explorer(steps=100, every=50, export_dir='exports')\nex",
    ])
    res = run_driver(str(driver), jupyter_lab.notebook_url("polytope_explorer.ipynb"), "polytope_explorer")
    assert res.get("ok"), f"driver failed (attempt {res.get('attempt')}): {res.get('error')}\n{res.get('stderr')}\n--- lab log ---\n{jupyter_lab.tail_log()}"
    steps = {s["name"]: s for s in res["steps"]}
    assert list(steps) == ["initial", "clicked", "epoch", "depth"]
    # the kernel answered every action: state = width|depth|epoch|selected|regions
    assert steps["initial"]["state"].startswith("3|1|0|-1|") and steps["initial"]["nregions"] >= 2
    assert steps["clicked"]["state"].split("|")[3] == res["clicked"] == steps["clicked"]["info"]
    assert steps["clicked"]["balls"] == 1 and steps["initial"]["balls"] == 0       # Chebyshev ball drawn on click
    assert steps["epoch"]["state"].startswith("3|1|100|-1|") and steps["depth"]["state"].startswith("3|2|")
    # the map changed after each action (markup hash and screenshot pixels)
    hashes = [steps[k]["hash"] for k in ("initial", "clicked", "epoch", "depth")]
    assert len(set(hashes)) == 4, hashes
    a, b, c = (_pixels(steps[k]["screenshot"]) for k in ("initial", "clicked", "epoch"))
    assert a.shape == b.shape == c.shape and a.shape[0] >= 200
    assert np.abs(a - b).mean() > 0.05 and np.abs(a - c).mean() > 1
    # the PNG export landed next to the notebook
    png = jupyter_lab.root / res["exported"]
    assert png.read_bytes()[:4] == b"\x89PNG"
