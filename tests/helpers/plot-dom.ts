// Renders the report's Plot charts in Node and reads back what they drew.
//
// Plot takes its `document` from the `document` option or, failing that, from `window.document`; the
// chart components call Plot.plot without the option, so this installs a jsdom window as the global one
// (each test file runs in its own process). jsdom has no canvas: the continuous colour legends draw
// their ramp into a canvas, so a minimal 2D context that records nothing stands in for it — the tests
// read the SVG marks, never the legend's bitmap.

import { JSDOM } from "jsdom";

export interface ScaleLike {
  readonly domain: readonly unknown[];
  readonly range?: readonly unknown[];
  readonly type: string;
  apply(value: unknown): number;
  invert?(value: number): unknown;
}

export type PlotElement = (SVGSVGElement | HTMLElement) & { scale(name: string): ScaleLike | undefined };

let installed: JSDOM | null = null;

/** Installs a jsdom window as the global `window` and `document` (idempotent). */
export function installDom(): Document {
  if (!installed) {
    installed = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
    const w = installed.window;
    w.HTMLCanvasElement.prototype.getContext = function () {
      return { fillStyle: "", fillRect() {} } as unknown as CanvasRenderingContext2D;
    } as unknown as HTMLCanvasElement["getContext"];
    w.HTMLCanvasElement.prototype.toDataURL = () => "data:,";
    Object.assign(globalThis, { window: w, document: w.document });
  }
  return installed.window.document;
}

/**
 * Installs the DOM, then loads a chart module (only once the DOM is in place) and format.ts, whose colours and
 * number forms the chart tests compare against: `const { charts, fmt } = await loadCharts(() => import(…))`.
 */
export async function loadCharts<M>(load: () => Promise<M>): Promise<{ charts: M; fmt: typeof import("../../src/components/format.js") }> {
  installDom();
  const charts = await load();
  return { charts, fmt: await import("../../src/components/format.js") };
}

/** The chart's root <svg> (a figure with a legend wraps it). */
export function svgOf(chart: Element): SVGSVGElement {
  if (chart.tagName.toLowerCase() === "svg") return chart as SVGSVGElement;
  // Plot's figure holds the legends first (swatches, or a ramp <svg>), then the chart's own <svg>.
  const svgs = [...chart.children].filter((c) => c.tagName.toLowerCase() === "svg");
  const svg = svgs.at(-1);
  if (!svg) throw new Error("no <svg> in the chart");
  return svg as SVGSVGElement;
}

/**
 * The elements drawn by every mark with this aria-label ("rect", "bar", "cell", "text", "dot", "rule"…),
 * looking through facet groups.
 */
export function markElements(chart: Element, ariaLabel: string): Element[] {
  const shapes = (node: Element): Element[] =>
    [...node.children].flatMap((c) => (c.tagName.toLowerCase() === "g" ? shapes(c) : c.tagName.toLowerCase() === "title" ? [] : [c]));
  return [...svgOf(chart).querySelectorAll(`g[aria-label="${ariaLabel}"]`)].flatMap(shapes);
}

/** The index, in the mark's data, of the datum a drawn element stands for (Plot binds it as __data__). */
export function datumIndex(el: Element): number {
  const i = (el as Element & { __data__?: unknown }).__data__;
  if (typeof i !== "number") throw new Error(`<${el.tagName}> carries no datum index`);
  return i;
}

/** The groups (one per mark) with this aria-label. */
export function markGroups(chart: Element, ariaLabel: string): Element[] {
  return [...svgOf(chart).querySelectorAll(`g[aria-label="${ariaLabel}"]`)];
}

/** An attribute of a drawn element, falling back to its mark group's (constant channels sit on the group). */
export function attr(el: Element, name: string): string | null {
  for (let node: Element | null = el; node && node.tagName.toLowerCase() !== "svg"; node = node.parentElement) {
    const value = node.getAttribute(name);
    if (value != null) return value;
  }
  return null;
}

export const num = (el: Element, name: string) => Number(el.getAttribute(name) ?? NaN);

/** The <title> text Plot attaches to a drawn element (the mark's `title` channel). */
export function titleOf(el: Element): string {
  return el.querySelector("title")?.textContent ?? "";
}

/** Tick label texts of an axis ("x-axis", "y-axis", "fx-axis"…). */
export function tickLabels(chart: Element, axis: string): string[] {
  return markElements(chart, `${axis} tick label`).map((t) => t.textContent ?? "");
}

/** The chart's scale, as Plot exposes it on the returned element. */
export function scaleOf(chart: Element, name: string): ScaleLike {
  const scale = (chart as PlotElement).scale(name);
  if (!scale) throw new Error(`the chart has no ${name} scale`);
  return scale;
}

/** Vertical extent (data units) of a drawn rect, read back through the y scale. */
export function rectYExtent(chart: Element, rect: Element): [number, number] {
  const y = scaleOf(chart, "y");
  const top = num(rect, "y");
  const bottom = top + num(rect, "height");
  return [Number(y.invert!(bottom)), Number(y.invert!(top))];
}

/** Horizontal extent (data units) of a drawn rect, read back through the x scale. */
export function rectXExtent(chart: Element, rect: Element): [number, number] {
  const x = scaleOf(chart, "x");
  const left = num(rect, "x");
  const right = left + num(rect, "width");
  return [Number(x.invert!(left)), Number(x.invert!(right))];
}

export function close(actual: number, expected: number, tolerance = 1e-6): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}
