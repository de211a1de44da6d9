// The model's expected drop per offer type, for training customers (scored by their fold model) and the others
// (test customers, or customers outside the model sample) side by side: similar ranges mean no customer's effect
// comes from a model that had seen them. A box per group: the middle half as a bar, 10–90 % as a line, the median as
// a tick. Neutral colours on purpose: the two class colours stay reserved for the two classes.

import * as Plot from "npm:@observablehq/plot";
import { formatInt, formatNumber, plural } from "./format.js";

export interface OfferEffect {
  type: string;
  set: "train" | "other";
  count: number;
  mean: number;
  q10: number;
  q25: number;
  median: number;
  q75: number;
  q90: number;
}

export const EFFECT_SET_LABELS: Readonly<Record<OfferEffect["set"], string>> = {
  train: "обучающая выборка (модель своего фолда)",
  other: "остальные покупатели (итоговая модель)",
};

const points = (v: number) => formatNumber(v * 100, 1);

/**
 * Small multiples, one per offer type, sharing one x scale: the offer's title as an HTML caption (long titles wrap
 * instead of being clipped at 360 px), then its two rows. Returns a <figure>; `document` lets tests render in Node.
 */
export function offerEffectsChart(
  effects: readonly OfferEffect[],
  { width, titles, title, document: doc = globalThis.document }: { width: number; titles: Readonly<Record<string, string>>; title?: string; document?: Document },
): HTMLElement {
  const types = [...new Set(effects.map((e) => e.type))];
  const xMax = Math.max(0.01, ...effects.map((e) => e.q90));
  const figure = doc.createElement("figure");
  figure.className = "offer-effects";
  if (title) {
    const h = doc.createElement("h2");
    h.textContent = title;
    figure.append(h);
  }
  types.forEach((type, i) => {
    const rows = effects.filter((e) => e.type === type);
    const caption = doc.createElement("div");
    caption.className = "offer-effects-caption";
    caption.textContent = titles[type] ?? type;
    const last = i === types.length - 1;
    const chart = Plot.plot({
      document: doc,
      width,
      height: 2 * 22 + (last ? 40 : 6),
      marginLeft: 80,
      marginTop: 2,
      marginBottom: last ? 38 : 4,
      x: {
        label: last ? (width < 480 ? "Снижение, процентных пунктов →" : "Ожидаемое снижение вероятности, процентных пунктов →") : null,
        domain: [0, xMax],
        tickFormat: (d: number) => points(d),
        grid: true,
        axis: last ? "bottom" : null,
      },
      y: { label: null, domain: ["train", "other"], tickFormat: (s: OfferEffect["set"]) => (s === "train" ? "обучающие" : "остальные") },
      marks: [
        Plot.ruleY(rows, { y: "set", x1: "q10", x2: "q90", stroke: "currentColor", strokeOpacity: 0.5 }),
        Plot.barX(rows, { y: "set", x1: "q25", x2: "q75", fill: "currentColor", fillOpacity: (e: OfferEffect) => (e.set === "train" ? 0.25 : 0.5), insetTop: 3, insetBottom: 3 }), // the text colour: visible in light and dark
        Plot.tickX(rows, { y: "set", x: "median", stroke: "currentColor", strokeWidth: 2 }),
        Plot.tip(
          rows,
          Plot.pointerY({
            y: "set",
            x: "median",
            title: (e: OfferEffect) =>
              `${titles[e.type] ?? e.type}\n${EFFECT_SET_LABELS[e.set]}: ${formatInt(e.count)} ${plural(e.count, ["покупатель", "покупателя", "покупателей"])}\nмедиана ${points(e.median)}, среднее ${points(e.mean)}; половина — от ${points(e.q25)} до ${points(e.q75)} процентного пункта`,
          }),
        ),
      ],
    });
    figure.append(caption, chart);
  });
  return figure;
}
