// The segments page's own charts that both views draw: the build-time first view (from the
// segment profile) and the live one (from DuckDB), so the two look the same.

import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import { ATTENTION_COLOR, NEUTRAL_COLOR, formatNumber, labelOf } from "./format.js";
import { bandAxisY, fitLabel } from "./axes.js";

export interface FeatureDifference {
  /** The merged-table column. */
  source: string;
  segment: number;
  rest: number;
  /** Standardised mean difference (segment − rest) in pooled standard deviations. */
  d: number;
}

/** Standardised differences of the feature means, segment vs the rest, largest first. */
export function differencesChart(diffs: readonly FeatureDifference[], { width }: { width: number }) {
  const sorted = [...diffs].sort((a, b) => Math.abs(b.d) - Math.abs(a.d));
  const top = sorted[0];
  const axis = bandAxisY(width, { tickFormat: (k: string) => labelOf(k) });
  return Plot.plot({
    title: top ? `Сильнее всего сегмент отличается по признаку «${labelOf(top.source)}»: ${formatNumber(top.segment, 2)} против ${formatNumber(top.rest, 2)}` : "",
    width,
    height: 40 + sorted.length * axis.rowHeight(sorted.map((d) => labelOf(d.source)), 22),
    marginLeft: axis.marginLeft,
    x: {
      label: fitLabel(width, "← ниже в сегменте   Стандартизованная разница средних   выше в сегменте →", "← ниже · разница средних · выше →"),
      grid: true,
      tickFormat: (d: number) => formatNumber(d, 1),
    },
    y: { label: null, domain: sorted.map((d) => d.source) },
    marks: [
      axis.axis,
      // The segment in the attention colour, the rest grey: class colours stay reserved for the two classes.
      Plot.barX(sorted, {
        x1: 0,
        x2: "d",
        y: "source",
        fill: (d: FeatureDifference) => (d.d > 0 ? ATTENTION_COLOR : NEUTRAL_COLOR),
        title: (d: FeatureDifference) => `${labelOf(d.source)} (${d.source})\nв сегменте ${formatNumber(d.segment, 2)}, у остальных ${formatNumber(d.rest, 2)}\nразница ${formatNumber(d.d, 2)} ст. откл.`,
        tip: true,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * What the page shows instead of a comparison when there is nothing to compare: an empty segment (with
 * the way out), or a segment holding everyone.
 */
export function emptyState(size: number, { short = false }: { short?: boolean } = {}): HTMLElement {
  // After the first full message, the later sections say it in one line.
  if (short) return html`<p class="muted empty-state" data-empty=${size === 0 ? "segment" : "everyone"}>${size === 0 ? "Сегмент пуст — ослабьте фильтры выше." : "В сегменте все покупатели — сравнивать не с кем."}</p>` as HTMLElement;
  return size === 0
    ? (html`<div class="callout empty-state" data-empty="segment"><strong>В сегменте нет ни одного покупателя.</strong> При этих фильтрах сравнивать, предлагать и выгружать некого: снизьте порог вероятности или прибыли, снимите фильтр по категории — или <a href="?">вернитесь к сегменту по умолчанию</a>.</div>` as HTMLElement)
    : (html`<div class="callout empty-state" data-empty="everyone"><strong>В сегмент попали все покупатели</strong> — сравнивать их не с кем. Поднимите порог вероятности или прибыли.</div>` as HTMLElement);
}
