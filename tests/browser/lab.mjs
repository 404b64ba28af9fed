// Shared helpers for driving JupyterLab with playwright-core and Debian's headless Chromium.
// Used by drive_*.mjs scripts; each script prints ONE JSON line on stdout (its result) and exits non-zero on failure.
//
//   import { launch, openNotebook, runAllCells, waitReady, canvasHash, log } from "./lab.mjs";
//   const { context, page } = await launch();                 // fresh --user-data-dir, flags below
//   await openNotebook(page, process.env.LAB_NOTEBOOK_URL);     // waits for the notebook and an idle kernel
//   await runAllCells(page);                                  // runs every cell, waits for the kernel to be idle again
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), LAB_TIMEOUT_MS (default 180000), LAB_NOTEBOOK_URL, LAB_OUT (folder
// for screenshots).
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const TIMEOUT = parseInt(process.env.LAB_TIMEOUT_MS || "180000", 10);

export function log(...args) { process.stderr.write(`[driver ${new Date().toISOString().slice(11, 19)}] ${args.join(" ")}\n`); }

export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rb-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"],
    viewport: { width: 1400, height: 1000 },
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = context.pages()[0] || await context.newPage();
  page.on("pageerror", (e) => log("page error:", e.message));
  const close = async () => { try { await context.close(); } finally { fs.rmSync(userDataDir, { recursive: true, force: true }); } };
  return { context, page, close };
}

// The kernel status of the current notebook panel, from the toolbar's execution indicator ("idle", "busy", ...).
export async function kernelStatus(page) {
  return page.evaluate(() => {
    const el = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator");
    return el ? el.getAttribute("data-status") : null;
  });
}

export async function waitKernelIdle(page, timeout = TIMEOUT) {
  await page.waitForFunction(() => {
    const el = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator");
    return el && el.getAttribute("data-status") === "idle";
  }, null, { timeout, polling: 250 });
}

export async function openNotebook(page, url) {
  log("open", url.replace(/token=[^&]+/, "token=***"));
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: TIMEOUT });
  await page.waitForSelector(".jp-NotebookPanel .jp-Notebook .jp-Cell", { timeout: TIMEOUT });
  await waitKernelIdle(page);
  log("notebook open, kernel idle");
}

// Run every cell: select the notebook, then Run > Run All Cells through the command (menu or keyboard fallback).
export async function runAllCells(page) {
  await page.click(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-InputArea-prompt");
  const menu = page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ });
  await menu.first().click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).first().click();
  // the kernel goes busy then idle; wait for idle, then for no cell still queued ("[*]")
  await page.waitForTimeout(500);
  await waitKernelIdle(page);
  await page.waitForFunction(() => ![...document.querySelectorAll(".jp-InputArea-prompt")].some((p) => p.textContent.includes("*")),
                             null, { timeout: TIMEOUT, polling: 250 });
  log("all cells ran");
}

// A content hash of an <img> (drawn on a canvas) or a <canvas>: changes when the pixels change.
export async function canvasHash(locator) {
  return locator.evaluate(async (el) => {
    if (el.tagName === "IMG" && !el.complete) await new Promise((r) => { el.onload = r; el.onerror = r; });
    const w = el.naturalWidth || el.width, h = el.naturalHeight || el.height;
    const c = document.createElement("canvas"); c.width = w; c.height = h;
    const ctx = c.getContext("2d"); ctx.drawImage(el, 0, 0);
    const d = ctx.getImageData(0, 0, w, h).data;
    let a = 2166136261 >>> 0;
    for (let i = 0; i < d.length; i += 1) { a ^= d[i]; a = Math.imul(a, 16777619) >>> 0; }
    return `${w}x${h}:${a.toString(16)}`;
  });
}

export function outDir() {
  const d = process.env.LAB_OUT || fs.mkdtempSync(path.join(os.tmpdir(), "rb-shots-"));
  fs.mkdirSync(d, { recursive: true });
  return d;
}

// The skeleton every widget driver shares: open the notebook at LAB_NOTEBOOK_URL, run all cells, call
// `steps(page, out, result)`, keep a full-page screenshot on failure, print `result` as one JSON line and exit 0/1.
export async function driveNotebook(steps) {
  const url = process.env.LAB_NOTEBOOK_URL;
  if (!url) { console.error("LAB_NOTEBOOK_URL is not set"); process.exit(2); }
  const out = outDir();
  const { page, close } = await launch();
  const result = { steps: [] };
  try {
    await openNotebook(page, url);
    await runAllCells(page);
    await steps(page, out, result);
    result.ok = true;
  } catch (e) {
    result.ok = false; result.error = String(e && e.stack || e);
    try { await page.screenshot({ path: path.join(out, "failure-page.png"), fullPage: true }); } catch {}
  } finally {
    await close();
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

// Wait until the element matching `selector` has a data-state matching the regular expression `pattern`
// (the widgets set it once the kernel has answered a change).
export async function waitState(page, selector, pattern) {
  await page.waitForFunction(([sel, p]) => {
    const el = document.querySelector(sel);
    return el && new RegExp(p).test(el.getAttribute("data-state"));
  }, [selector, pattern], { timeout: TIMEOUT, polling: 200 });
}

// The static PNG outputs robustbook widgets display after themselves (`.rb-static-fallback`): for each, whether it is
// shown. A live widget hides its own fallback, so in JupyterLab all should be hidden once the widgets have rendered.
export async function staticFallbacks(page) {
  return page.evaluate(() => [...document.querySelectorAll(".rb-static-fallback")].map((el) => {
    const r = el.getBoundingClientRect();
    const child = el.closest(".jp-OutputArea-child");
    return { shown: r.width > 0 && r.height > 0, display: child ? getComputedStyle(child).display : null };
  }));
}
