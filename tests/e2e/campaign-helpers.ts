// Driving the segments page's campaign section: set the form, export, read the page's command line.

import { readFileSync } from "node:fs";
import { waitForCells } from "./browser.js";

type Page = import("playwright-core").Page;

/** Sets the campaign form's date and seed, clicks the export button and returns the downloaded bytes and the page's command line. */
export async function exportCampaign(page: Page, { created, seed }: { created: string; seed: number }): Promise<{ bytes: Buffer; command: string }> {
  for (const [label, value] of [["Дата кампании", created], ["Зерно случайного разбиения", String(seed)]]) {
    await page.locator("form", { has: page.locator("label", { hasText: label }) }).locator("input").first().evaluate((el: HTMLInputElement, v: string) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, value);
  }
  await page.waitForFunction((c) => document.querySelector("pre.campaign-command")?.textContent?.includes(`--created ${c}`), created, { timeout: 60_000 });
  await waitForCells(page);
  const command = (await page.locator("pre.campaign-command").textContent())!;
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.locator("button.campaign-export").click()]);
  return { bytes: readFileSync((await download.path())!), command };
}

/** The command line's options, as `npm run campaign` would read them. */
export function commandOptions(command: string) {
  const segment = /--segment '([^']*)'/.exec(command)![1];
  const control = Number(/--control (\S+)/.exec(command)![1]);
  const seed = Number(/--seed (\S+)/.exec(command)![1]);
  const created = /--created (\S+)/.exec(command)![1];
  return { segment, control, seed, created };
}

