// Drive robustbook's attention explorer in JupyterLab: open the notebook, run it, change the layer and the method,
// and check from the page that the map changed after each step. Prints one JSON line with what it saw.
// Env: LAB_NOTEBOOK_URL (notebook URL with token), LAB_OUT (folder for screenshots); see lab.mjs.
import path from "node:path";
import { driveNotebook, waitState as waitFor, canvasHash, log, TIMEOUT } from "./lab.mjs";

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
    const src = await map.getAttribute("src");
    const shot = path.join(out, `${name}.png`);
    await map.screenshot({ path: shot });
    await explorer.screenshot({ path: path.join(out, `${name}-explorer.png`) });
    result.steps.push({ name, state, hash, src, screenshot: shot });
    log(name, state, hash);
  }
  // wait until the kernel has answered with the expected state (data-state = image|layer|head|method|opacity)
  const waitState = (pattern) => waitFor(page, ".rb-explorer .rb-status .rb-ready", pattern);

  await snap("initial");
  const layers = await explorer.locator(".rb-layer select option").allTextContents();
  result.layers = layers;
  await explorer.locator(".rb-layer select").selectOption({ label: layers[0] });
  await waitState("^0\\|0\\|None\\|attention\\|");
  await snap("layer0");
  await explorer.locator(".rb-method select").selectOption({ label: "gae" });
  await waitState("^0\\|0\\|None\\|gae\\|");
  await snap("gae");
});
