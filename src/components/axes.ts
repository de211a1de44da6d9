// Band axes with long Russian labels that fit any width: the left margin is a share of the chart, and a
// label longer than the margin wraps onto a second line instead of running off the chart's left edge.
// (Plot's implicit axes neither wrap nor shrink labels; its text mark wraps at `lineWidth`, in ems.)

import * as Plot from "npm:@observablehq/plot";

const FONT_SIZE = 10;

export interface BandLabelLayout {
  /** The plot's left margin, in pixels. */
  readonly marginLeft: number;
  /** The y axis mark: tick labels wrapped to the margin. */
  readonly axis: Plot.Markish;
  /** The row height (px) that gives the longest of these labels room for all its wrapped lines. */
  rowHeight(labels: readonly string[], min: number): number;
}

/**
 * A y axis for horizontal bars (or cells) named by long labels: the margin takes `share` of the width, at
 * most `max` pixels, and labels wrap to fit it (each band should be at least 22 px tall for two lines).
 */
export function bandAxisY(
  width: number,
  { tickFormat, ticks, share = 0.42, max = 300, min = 90 }: { tickFormat?: (d: any) => string; ticks?: readonly number[]; share?: number; max?: number; min?: number } = {},
): BandLabelLayout {
  // On a phone half the width goes to the labels, so most wrap to two lines, not three; never more than half the
  // chart, since while a page lays out a chart can be drawn once at a tiny width.
  const wanted = Math.max(min, Math.min(max, width * (width < NARROW ? Math.max(share, 0.5) : share)));
  const marginLeft = Math.round(Math.min(wanted, Math.max(0, width * 0.5)));
  // Plot measures text with Latin glyph widths; Cyrillic in the system sans-serif faces runs ~15 % wider.
  const lineWidth = Math.max(1, ((marginLeft - 20) / FONT_SIZE) * 0.85);
  // Wrapping breaks at spaces, so a line holds a little less than lineWidth: allow 20 % slack.
  const lines = (label: string) => Math.max(1, Math.ceil((textWidth(label) * 1.2) / (lineWidth * 100)));
  return {
    marginLeft,
    axis: Plot.axisY(ticks ?? undefined, { label: null, tickFormat, lineWidth, tickSize: 0, tickPadding: 6, fontSize: FONT_SIZE }),
    rowHeight: (labels, min) => Math.max(min, Math.max(0, ...labels.map(lines)) * (FONT_SIZE + 1) + 6),
  };
}

/**
 * Options for a continuous colour legend (a ramp): Plot draws its end tick labels centred on the ramp's
 * ends with no margin, so «0», «1» or «высокое» stick out of the legend's SVG; these margins hold them.
 */
export const RAMP_LEGEND = { legend: true, width: 288, marginLeft: 24, marginRight: 24 } as const;

/** A chart is "narrow" (a phone) below this width: charts move or abbreviate labels there. */
export const NARROW = 560;
/** Narrowest width a chart draws at (the 360-px phone column is ≈ 330 px); a transiently narrower column is ignored. */
export const MIN_CHART_WIDTH = 240;

/**
 * An x axis label that fits the chart: the long form when it fits, otherwise the short one. Plot draws the
 * x label at the frame's right end, anchored there, without wrapping: a label longer than the chart runs
 * off the SVG's left edge.
 */
export function fitLabel(width: number, long: string, short: string): string {
  return (textWidth(long) / 100) * FONT_SIZE <= width - 24 ? long : short;
}

/** A text's width in hundredths of an em, with the average glyph widths Plot's own text metric uses (it does not export it). */
export function textWidth(text: string): number {
  let sum = 0;
  for (const ch of text) sum += ch === " " ? 28 : /[A-ZА-ЯЁ]/.test(ch) ? 67 : /[.,:;!|'’()]/.test(ch) ? 28 : 56;
  return sum;
}
