// Drive robustbook's attention explorer in JupyterLab: open the notebook, run it, then change the layer, the colour
// scale (shared -> per panel), the method (gae: block/head menus disabled, with the reason) and type an image index out
// of range; after each step record what the page shows (map pixels, colour bars, menus, messages) and take screenshots.
// Prints one JSON line with what it saw. Env: LAB_NOTEBOOK_URL (notebook URL with token), LAB_OUT (screenshots); see lab.mjs.
import path from "node:path";
import { driveNotebook, waitState as waitFor, canvasHash, staticFallbacks, log, TIMEOUT } from "./lab.mjs";

await driveNotebook(async (page, out, result) => {
  const explorer = page.locator(".rb-explorer").first();
  await explorer.waitFor({ state: "visible", timeout: TIMEOUT });
  const map = explorer.locator("img.rb-map").first();
  const ready = explorer.locator(".rb-status .rb-ready");
  await ready.waitFor({ timeout: TIMEOUT });

  async function snap(name) {
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await map.elementHandle(), { timeout: TIMEOUT });
    const state = await ready.getAttribute("data-state");
    const hash = await canvasHash(map);
    const bars = await explorer.locator(".rb-colorbar").evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { vmin: parseFloat(e.dataset.vmin), vmax: parseFloat(e.dataset.vmax), cmap: e.dataset.cmap,
               text: e.innerText.replace(/\s+/g, " ").trim(), width: r.width, height: r.height,
               gradient: getComputedStyle(e.querySelector(".rb-cbar-strip")).backgroundImage.slice(0, 60) };
    }));
    const layer = await explorer.locator(".rb-layer").evaluate((el) => ({
      disabled: el.querySelector("select").disabled, title: (el.querySelector("label .rb-why") || {}).title || "", label: (el.querySelector("label") || {}).innerText || "" }));
    const hint = (await explorer.locator(".rb-hint").innerText()).trim();
    const msg = (await explorer.locator(".rb-msg").innerText()).trim();
    const imageField = await explorer.locator(".rb-image input").inputValue();
    const shot = path.join(out, `${name}.png`);
    await map.screenshot({ path: shot });
    await explorer.screenshot({ path: path.join(out, `${name}-explorer.png`) });
    result.steps.push({ name, state, hash, bars, layer, hint, msg, imageField, screenshot: shot });
    log(name, state, hash, JSON.stringify(bars.map((b) => [b.vmin, b.vmax])));
  }
  // wait until the kernel has answered (data-state = image|layer|head|method|opacity|scale|cmap)
  const waitState = (pattern) => waitFor(page, ".rb-explorer .rb-status .rb-ready", pattern);

  await snap("initial");
  result.fallbacks = await staticFallbacks(page);
  const layers = await explorer.locator(".rb-layer select option").allTextContents();
  result.layers = layers;
  await explorer.locator(".rb-layer select").selectOption({ label: layers[0] });
  await waitState("^0\\|0\\|None\\|attention\\|0\\.5\\|shared\\|");
  await snap("layer0");
  await explorer.locator(".rb-scale button", { hasText: "per panel" }).click();
  await waitState("^0\\|0\\|None\\|attention\\|0\\.5\\|panel\\|");
  await snap("perpanel");
  await explorer.locator(".rb-method select").selectOption({ label: "gae" });
  await waitState("^0\\|0\\|None\\|gae\\|");
  await snap("gae");
  // an image index out of range: a visible message, the field back to the image shown
  const field = explorer.locator(".rb-image input");
  await field.fill("99");
  await field.press("Enter");
  await explorer.locator(".rb-msg .rb-warning").waitFor({ state: "visible", timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelector(".rb-explorer .rb-image input").value === "0", null, { timeout: TIMEOUT });
  await snap("image99");
  await page.screenshot({ path: path.join(out, "page.png") });
});
