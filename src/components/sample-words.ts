// Which customers a sampled figure covers, in the page's words: the core's artifacts carry the counts and the
// kind of sample (explain/artifact.ts ExplainedSample, pages/page-data.ts PageSample), the wording lives here.

import { customersWord, formatInt, formatNumber } from "./format.js";

export interface ExplainedSampleData {
  size: number;
  of: number;
  even?: number;
  segment?: { size: number; taken: number; probability: number; profit: number };
}

export interface PageSampleData {
  size: number;
  of: number;
  kind: "first_by_id" | "even_of_representative" | "even_of_explained";
}

/** The rule that picked the explained customers: «каждый k-й покупатель по номеру (…) и все N покупателей сегмента …». */
export function explainedSampleRule(sample: ExplainedSampleData): string {
  const everyKth = "каждый k-й покупатель по номеру";
  if (sample.even == null || !sample.segment) return everyKth;
  const s = sample.segment;
  const segmentWords = `сегмента по умолчанию (вероятность снижения не ниже ${formatNumber(s.probability, 4)}, прибыль не ниже медианы ${formatNumber(s.profit, 4)})`;
  const segmentPart =
    s.taken === s.size
      ? `все ${formatInt(s.size)} ${customersWord(s.size)} ${segmentWords}`
      : `каждый k-й по номеру покупатель ${segmentWords}: ${formatInt(s.taken)} из ${formatInt(s.size)} — больше не укладывается в отведённое на расчёт время`;
  return `${everyKth} (${formatInt(sample.even)} из ${formatInt(sample.of)}; по ним считается общая важность признаков) и ${segmentPart}`;
}

/** Which rows a page shows when it cannot load them all. */
export function pageSampleRule(sample: PageSampleData): string {
  switch (sample.kind) {
    case "first_by_id":
      return "первые покупатели по номеру";
    case "even_of_representative":
      return "каждый k-й покупатель по номеру из равномерной части выборки";
    case "even_of_explained":
      return "каждый k-й объяснённый покупатель по номеру";
  }
}
