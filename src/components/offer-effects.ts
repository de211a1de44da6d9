// The model's expected drop per offer type, for training customers (scored by their fold model) and the others
// (test customers, or customers outside the model sample) side by side: similar ranges mean no customer's effect
// comes from a model that had seen them. A box per group: the middle half as a bar, 10–90 % as a line, the median as
// a tick. Neutral colours on purpose: the two class colours stay reserved for the two classes.

import * as Plot from "@observablehq/plot";
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

export function offerEffectsChart(effects: readonly OfferEffect[], { width, titles, title }: { width: number; titles: Readonly<Record<string, string>>; title?: string }) {
  const types = [...new Set(effects.map((e) => e.type))];
  const key = (e: OfferEffect) => `${e.type}|${e.set}`;
  const domain = types.flatMap((t) => (["train", "other"] as const).map((s) => `${t}|${s}`)).filter((k) => effects.some((e) => key(e) === k));
  const xMax = Math.max(0.01, ...effects.map((e) => e.q90));
  // Offer titles are long: each goes on its own line above its pair of rows, so nothing is clipped at any width.
  return Plot.plot({
    title,
    width,
    height: 50 + domain.length * 24 + types.length * 20,
    marginLeft: 80,
    marginTop: 24,
    x: { label: "Ожидаемое снижение вероятности, процентных пунктов →", domain: [0, xMax], tickFormat: (d: number) => points(d), grid: true },
    y: { label: null, domain, paddingOuter: 0.6, tickFormat: (k: string) => (k.endsWith("|train") ? "обучающие" : "остальные") },
    marks: [
      Plot.ruleY(effects, { y: key, x1: "q10", x2: "q90", stroke: "currentColor", strokeOpacity: 0.5 }),
      Plot.barX(effects, { y: key, x1: "q25", x2: "q75", fill: (e: OfferEffect) => (e.set === "train" ? "#8c8c8c" : "#4d4d4d"), insetTop: 4, insetBottom: 4 }),
      Plot.tickX(effects, { y: key, x: "median", stroke: "currentColor", strokeWidth: 2 }),
      Plot.text(
        types.map((type) => ({ type, k: domain.find((d) => d.startsWith(`${type}|`))! })),
        { y: "k", frameAnchor: "left", dx: -76, dy: -15, text: (d: { type: string }) => titles[d.type] ?? d.type, textAnchor: "start", fontWeight: "bold", lineWidth: Math.max(20, (width - 20) / 6.5) },
      ),
      Plot.tip(
        effects,
        Plot.pointerY({
          y: key,
          x: "median",
          title: (e: OfferEffect) =>
            `${titles[e.type] ?? e.type}\n${EFFECT_SET_LABELS[e.set]}: ${formatInt(e.count)} ${plural(e.count, ["покупатель", "покупателя", "покупателей"])}\nмедиана ${points(e.median)}, среднее ${points(e.mean)}; половина — от ${points(e.q25)} до ${points(e.q75)} процентного пункта`,
        }),
      ),
    ],
  });
}
