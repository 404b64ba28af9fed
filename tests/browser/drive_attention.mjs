// Drive robustbook's attention explorer in JupyterLab: open the notebook, run it, change the layer and the method,
// and check from the page that the map changed after each step. Prints one JSON line with what it saw.
// Env: LAB_NOTEBOOK_URL (notebook URL with token), LAB_OUT (folder for screenshots); see lab.mjs.
import path from "node:path";
import { launch, openNotebook, runAllCells, canvasHash, outDir, log, TIMEOUT } from "./lab.mjs";

const url = process.env.LAB_NOTEBOOK_URL;
if (!url) { console.error("LAB_NOTEBOOK_URL is not set"); process.exit(2); }
const out = outDir();
const { page, close } = await launch();
const result = { steps: [] };
try {
  await openNotebook(page, url);
  await runAllCells(page);
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
  async function waitState(pred) {
    await page.waitForFunction(([p]) => {
      const el = document.querySelector(".rb-explorer .rb-status .rb-ready");
      return el && new RegExp(p).test(el.getAttribute("data-state"));
    }, [pred], { timeout: TIMEOUT, polling: 200 });
  }

  await snap("initial");
  const layers = await explorer.locator(".rb-layer select option").allTextContents();
  result.layers = layers;
  await explorer.locator(".rb-layer select").selectOption({ label: layers[0] });
  await waitState("^0\\|0\\|None\\|attention\\|");
  await snap("layer0");
  await explorer.locator(".rb-method select").selectOption({ label: "gae" });
  await waitState("^0\\|0\\|None\\|gae\\|");
  await snap("gae");
  result.ok = true;
} catch (e) {
  result.ok = false; result.error = String(e && e.stack || e);
  try { await page.screenshot({ path: path.join(out, "failure-page.png"), fullPage: true }); } catch {}
} finally {
  await close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
