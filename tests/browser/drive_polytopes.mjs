// Drive robustbook's polytope explorer in JupyterLab on the package's own notebook (nbs/geometry/41_polytope_widget.ipynb):
// Run All must end with the explorer, on the trained net, the epoch slider labelled in epochs like the status line,
// with axes and a legend. Then click a region, move the epoch slider to the start and the depth up by one, and export
// a PNG. Prints one JSON line with what it saw. Env: LAB_NOTEBOOK_URL, LAB_OUT; see lab.mjs.
import path from "node:path";
import { driveNotebook, waitState as waitFor, staticFallbacks, log, TIMEOUT } from "./lab.mjs";

await driveNotebook(async (page, out, result) => {
  const ex = page.locator(".rb-polytopes").first();
  await ex.waitFor({ state: "visible", timeout: TIMEOUT });
  const svg = ex.locator(".rb-pmap svg").first();
  await svg.waitFor({ timeout: TIMEOUT });
  result.explorers = await page.locator(".rb-polytopes").count();
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
    const epochLabel = (await ex.locator(".rb-epoch .widget-readout").first().innerText()).trim();
    const status = (await ex.locator(".rb-status").first().innerText()).trim();
    const legend = (await svg.locator(".rb-legend").textContent()) || "";
    const xticks = await svg.locator(".rb-xtick").allTextContents();
    const axisNames = [await svg.locator(".rb-xlabel").textContent(), await svg.locator(".rb-ylabel").textContent()];
    result.steps.push({ name, state: st, hash: h.toString(16), nregions, info, balls, epochLabel, status, legend, xticks,
                        axisNames, screenshot: shot });
    log(name, st, nregions, info, `epoch readout ${epochLabel}`, status);
  }
  // Run All ended with the demo, on the trained net (width 8, depth 2, the last epoch)
  await waitState("^8\\|2\\|30\\|-1\\|");
  result.note = (await ex.locator(".rb-msg").first().innerText()).trim();
  result.fallbacks = await staticFallbacks(page);
  await snap("initial");
  await ex.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, "runall-page.png") });

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
  await waitState(`^8\\|2\\|30\\|${target.i}\\|`);
  result.clicked = target.i;
  await snap("clicked");

  // epoch slider to its first checkpoint (the untrained net), then depth up by one (keyboard on the slider handles)
  const epochHandle = ex.locator(".rb-epoch .noUi-handle").first();
  await epochHandle.focus();
  await page.keyboard.press("Home");
  await waitState("^8\\|2\\|0\\|-1\\|");
  await snap("epoch0");
  const depthHandle = ex.locator(".rb-depth .noUi-handle").first();
  await depthHandle.focus();
  await page.keyboard.press("ArrowRight");
  await waitState("^8\\|3\\|0\\|");
  await snap("depth3");

  // export
  await ex.locator(".rb-png button, button.rb-png").first().click();
  const exported = ex.locator(".rb-exported").first();
  await exported.waitFor({ timeout: TIMEOUT });
  result.exported = await exported.getAttribute("data-path");
});
