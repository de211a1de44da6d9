// Shared e2e plumbing: serve dist/ on loopback and drive Debian's Chromium with playwright-core.

import { chromium, type Browser, type Page } from "playwright-core";
import { spawnSync } from "node:child_process";
import { after, before } from "node:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startStaticServer } from "../../scripts/static-server.js";

/** The built site the tests open: dist/, or REPORT_DIST (as scripts/build.ts reads it) to test another build. */
export const DIST = resolve(import.meta.dirname, "..", "..", process.env.REPORT_DIST ?? "dist");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a root, offline, reproducible headless Chromium (see the env notes in the README). */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function openSite(dir = DIST) {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first (npm run test:e2e does)`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  const { server, url } = await startStaticServer(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

export type Site = Awaited<ReturnType<typeof openSite>>;

/** The site for a whole test file: opened before its first test, closed after its last (fields filled in `before`). */
export function siteForTests(dir = DIST): Site {
  const site = {} as Site;
  before(async () => {
    Object.assign(site, await openSite(dir));
  });
  after(async () => {
    await site.close?.();
  });
  return site;
}

/** A JSON artifact as a built site publishes it: a member of the analysis archive (`_file/data/analysis/<name>.<hash>.json`). */
export function builtJson(name: string, dist = DIST) {
  const dir = join(dist, "_file", "data", "analysis");
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"));
  if (!file) throw new Error(`${name}.json is not published in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

export interface PageVisit {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  dialogs: string[];
}

/** Opens a page, recording console errors, requests to any host but the local server, and dialogs. */
export async function visit(browser: Browser, url: string, options: { width?: number; colorScheme?: "light" | "dark" } = {}): Promise<PageVisit> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? "light" });
  const page = await context.newPage();
  const visitRecord: PageVisit = { page, consoleErrors: [], foreignRequests: [], dialogs: [] };
  const origin = new URL(url).origin;
  page.on("console", (message) => {
    if (message.type() === "error") visitRecord.consoleErrors.push(`${message.text()} ${message.location().url ?? ""}`.trim());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) visitRecord.consoleErrors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on("pageerror", (error) => visitRecord.consoleErrors.push(String(error)));
  page.on("dialog", async (dialog) => {
    visitRecord.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("request", (request) => {
    const requestUrl = request.url();
    if (!requestUrl.startsWith(origin) && !requestUrl.startsWith("data:") && !requestUrl.startsWith("blob:")) visitRecord.foreignRequests.push(requestUrl);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await waitForCells(page);
  return visitRecord;
}

/** Waits until Framework has no pending cells, so every chart has rendered (or failed). */
export async function waitForCells(page: Page, timeoutMs = 20_000): Promise<void> {
  // Pending inline expressions hold an <observablehq-loading> element until they resolve.
  await page.waitForFunction(() => document.querySelectorAll(".observablehq--loading, #observablehq-main observablehq-loading").length === 0, undefined, { timeout: timeoutMs });
  await page.waitForTimeout(150);
}

/** Builds the site from `dataDir` into `outDir` with the project's build script; returns its exit status and output. */
export function buildSite(dataDir: string, outDir: string) {
  const result = spawnSync("npx", ["tsx", "scripts/build.ts"], {
    cwd: resolve(import.meta.dirname, "..", ".."),
    env: { ...process.env, DATA_DIR: dataDir, REPORT_DIST: outDir },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
