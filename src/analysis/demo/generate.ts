// Deterministic synthetic stand-in for the store's four exports. Customer data never enters the repo;
// this generator is calibrated on aggregate statistics only (class shares, per-class means/spreads,
// value ranges) and reproduces the export's format quirks and defects so the cleaning stage is exercised.
// Pure: no I/O. Output is produced in batches so a million customers never become one giant string.
import { KNOWN_CATEGORIES, NEGATIVE_CLASS, POSITIVE_CLASS } from "../schema.js";
import type { TargetClass } from "../schema.js";
import { Random } from "./random.js";

export const DEMO_FILE_NAMES = ["market_file.csv", "market_money.csv", "market_time.csv", "money.csv"] as const;
export type DemoFileName = (typeof DEMO_FILE_NAMES)[number];
/** One piece of each file; concatenating a file's pieces in order gives the file's bytes (UTF-8). */
export type DemoChunk = Record<DemoFileName, string>;

export interface DemoOptions {
  /** Number of customers (rows of market_file.csv), an integer ≥ 1. */
  customers: number;
  /** Unsigned 32-bit integer. */
  seed: number;
}

export const DEMO_FIRST_ID = 215348;
export const DEMO_DEFAULT_OPTIONS: Readonly<DemoOptions> = { customers: 1300, seed: 20240607 };
/** Above this, whole-string output is refused: use the streaming API. */
export const DEMO_MAX_IN_MEMORY_CUSTOMERS = 200_000;

// --- The export's own spellings (defects the cleaning stage must map) ---------------------------------
export const EXPORT_HEADERS: Record<DemoFileName, string> = {
  "market_file.csv":
    "id,Покупательская активность,Тип сервиса,Разрешить сообщать,Маркет_актив_6_мес,Маркет_актив_тек_мес," +
    "Длительность,Акционные_покупки,Популярная_категория,Средний_просмотр_категорий_за_визит," +
    "Неоплаченные_продукты_штук_квартал,Ошибка_сервиса,Страниц_за_визит",
  "market_money.csv": "id,Период,Выручка",
  "market_time.csv": "id,Период,минут",
  "money.csv": "id;Прибыль",
};
export const MISSPELT_STANDARD = "стандартт";
export const MISSPELT_PREVIOUS_MONTH = "предыдцщий_месяц";
export const MISSPELT_COSMETICS = "Косметика и аксесуары";

const EXPORT_CATEGORIES: readonly string[] = KNOWN_CATEGORIES.map((c) =>
  c === "Косметика и аксессуары" ? MISSPELT_COSMETICS : c,
);

// --- Row layout and defect counts ----------------------------------------------------------------------
// The real export is not shuffled: rows come in class blocks (a long run of «Снизилась» first). The demo
// keeps that shape, scaled to N, so a head/tail split without shuffling fails here just as on real data.
const CLASS_BLOCKS: readonly { cls: TargetClass; weight: number }[] = [
  { cls: POSITIVE_CLASS, weight: 400 },
  { cls: NEGATIVE_CLASS, weight: 48 },
  { cls: POSITIVE_CLASS, weight: 50 },
  { cls: NEGATIVE_CLASS, weight: 48 },
  { cls: POSITIVE_CLASS, weight: 48 },
  { cls: NEGATIVE_CLASS, weight: 706 },
];
const LAYOUT_TOTAL = CLASS_BLOCKS.reduce((s, b) => s + b.weight, 0);

/** Defects per 1300 customers; scaled with N, at least one of each kind when N allows. */
const DEFECTS_PER_1300 = { misspeltStandard: 10, zeroRevenue: 3, revenueOutlier: 1 } as const;

export interface DemoLayout {
  /** Block boundaries: block b covers rows [starts[b], starts[b + 1]). */
  readonly starts: readonly number[];
  readonly positives: number;
  readonly misspeltStandard: number;
  readonly zeroRevenue: number;
  readonly revenueOutlier: number;
}

export function demoLayout(customers: number): DemoLayout {
  const starts = [0];
  let cumulative = 0;
  for (const block of CLASS_BLOCKS) {
    cumulative += block.weight;
    starts.push(Math.round((customers * cumulative) / LAYOUT_TOTAL));
  }
  let positives = 0;
  CLASS_BLOCKS.forEach((b, i) => {
    if (b.cls === POSITIVE_CLASS) positives += starts[i + 1] - starts[i];
  });
  const scaled = (per1300: number, population: number) =>
    Math.min(population, Math.max(1, Math.round((per1300 * customers) / 1300)));
  const zeroRevenue = scaled(DEFECTS_PER_1300.zeroRevenue, positives);
  return {
    starts,
    positives,
    misspeltStandard: scaled(DEFECTS_PER_1300.misspeltStandard, customers),
    zeroRevenue,
    // The outlier is kept off the zero-revenue customers so each defect stays a clean, single case.
    revenueOutlier: scaled(DEFECTS_PER_1300.revenueOutlier, customers - zeroRevenue),
  };
}

function classAt(layout: DemoLayout, row: number): TargetClass {
  for (let b = 0; b < CLASS_BLOCKS.length; b++) if (row < layout.starts[b + 1]) return CLASS_BLOCKS[b].cls;
  throw new RangeError(`row ${row} outside the layout`);
}

/** Row index of the j-th positive customer (0-based), following the block layout. */
function positiveRow(layout: DemoLayout, j: number): number {
  let remaining = j;
  for (let b = 0; b < CLASS_BLOCKS.length; b++) {
    if (CLASS_BLOCKS[b].cls !== POSITIVE_CLASS) continue;
    const size = layout.starts[b + 1] - layout.starts[b];
    if (remaining < size) return layout.starts[b] + remaining;
    remaining -= size;
  }
  throw new RangeError(`positive #${j} outside the layout`);
}

// --- The generative model ------------------------------------------------------------------------------
// The class comes from the row's block; a latent risk r in [0, 1] is drawn given the class, and every
// informative feature is a noisy function of r. Retained customers sit near 0 with little spread, so their
// features are nearly independent (as in the real data); decliners spread widely, so the informative
// features co-vary within that class, and the low-risk decliners overlap the retained (AUC ≈ 0.9, not 1).
export const MODEL = {
  risk: {
    retained: [1.2, 14],
    /** Decliners are a mixture: most look clearly at risk, a minority behave almost like retained ones. */
    declining: { hiddenShare: 0.16, hidden: [1.5, 10], visible: [4, 1.4] },
  },
  /** Category weights at r = 0 and r = 1, in KNOWN_CATEGORIES order; a customer mixes them by r. */
  categoryWeights: {
    low: [0.22, 0.183, 0.138, 0.174, 0.201, 0.084],
    high: [0.332, 0.216, 0.25, 0.067, 0.0, 0.159],
  },
  /** Period orders seen in market_money.csv: the three rotations are about twice as common. */
  revenueOrders: [
    { order: [0, 1, 2], weight: 0.23 },
    { order: [1, 2, 0], weight: 0.22 },
    { order: [2, 0, 1], weight: 0.24 },
    { order: [1, 0, 2], weight: 0.11 },
    { order: [2, 1, 0], weight: 0.1 },
    { order: [0, 2, 1], weight: 0.1 },
  ],
} as const;
const REVENUE_ORDER_WEIGHTS = MODEL.revenueOrders.map((o) => o.weight);
const REVENUE_PERIOD_NAMES = ["препредыдущий_месяц", "предыдущий_месяц", "текущий_месяц"] as const;

/** One customer as the exports spell it (defects included), before formatting. */
export interface DemoCustomer {
  id: number;
  target: TargetClass;
  /** Latent risk; not exported, kept for tests and calibration. */
  risk: number;
  serviceType: string;
  consent: string;
  marketing6m: number;
  marketingCurrent: number;
  tenureDays: number;
  promoShare: number;
  category: string;
  categoriesPerVisit: number;
  unpaidItems: number;
  serviceErrors: number;
  pagesPerVisit: number;
  /** Revenue by period: [препредыдущий, предыдущий, текущий]. */
  revenue: [number, number, number];
  /** Order in which the three revenue rows are written (indices into `revenue`). */
  revenueOrder: readonly number[];
  /** Minutes: [предыдущий, текущий]. */
  minutes: [number, number];
  currentMinutesFirst: boolean;
  profit: number;
}

/** Redraws until the value lands in [lo, hi]: truncation without the pile-ups clamping leaves at the bounds. */
function within(lo: number, hi: number, draw: () => number): number {
  for (;;) {
    const x = draw();
    if (x >= lo && x <= hi) return x;
  }
}
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

function drawCustomer(rnd: Random, id: number, target: TargetClass): Omit<DemoCustomer, "serviceType"> & { premium: boolean } {
  const { retained, declining } = MODEL.risk;
  const [ra, rb] =
    target === NEGATIVE_CLASS ? retained : rnd.bernoulli(declining.hiddenShare) ? declining.hidden : declining.visible;
  const r = rnd.beta(ra, rb);

  const premium = rnd.bernoulli(0.25 + 0.16 * r);
  const consent = rnd.bernoulli(0.74) ? "да" : "нет";
  const marketing6m = within(0.9, 6.6, () => round1(rnd.normal(4.72 - 1.6 * r, 0.8 + 0.3 * r)));
  const marketingCurrent = 3 + rnd.weighted([0.237, 0.515, 0.248]);
  const tenureDays = 110 + Math.round(970 * rnd.beta(1.55 + 0.3 * r, 1.6));

  // Promo share is bimodal in the export: a body of 0.11–0.40 and a cluster of near-total promo buyers.
  let promoShare: number;
  const u = rnd.uniform();
  if (u < 0.005 + 0.45 * r) promoShare = round2(0.89 + 0.1 * rnd.uniform());
  else if (r > 0.5 && u < 0.005 + 0.46 * r) promoShare = 0; // a few high-risk buyers with no promo at all
  else promoShare = round2(0.11 + 0.06 * r + (0.19 + 0.12 * r) * rnd.uniform());

  const weights = rnd.bernoulli(r) ? MODEL.categoryWeights.high : MODEL.categoryWeights.low;
  const category = EXPORT_CATEGORIES[rnd.weighted(weights)];
  const categoriesPerVisit = within(1, 6, () => Math.round(rnd.normal(3.75 - 1.9 * r, 1.2)));
  const unpaidItems = within(0, 10, () => rnd.poisson(2.2 + 1.25 * r * rnd.gamma(2)));
  const serviceErrors = within(0, 9, () => Math.round(rnd.normal(4.4 - 0.75 * r, 1.95)));
  const pagesPerVisit = within(1, 20, () => Math.round(Math.exp(rnd.normal(Math.log(10.25) - 1.1 * r, 0.32))));

  // Revenue: the month before last tracks risk; the last two months share a per-customer level
  // (strongly correlated) and spread wider for riskier customers.
  // Bounds only trim the far tails a million rows reach; the planted zeros stay the only non-positive values.
  // The month before last is whole roubles and the previous month half-roubles, as in the export.
  const ppNoise = within(-4.5, 4.5, () => rnd.normal());
  const prePrevious = Math.round(4960 - 460 * r + 290 * ppNoise);
  const previousSpread = 610 + 320 * r;
  const previous = within(1000, Infinity, () => {
    const level = 0.33 * ppNoise + 0.944 * rnd.normal();
    return Math.round(2 * (4935 + 30 * r + previousSpread * level)) / 2;
  });
  const current = within(1000, Infinity, () => round1(1.058 * previous + 60 * r + rnd.normal(0, 380 + 80 * r)));

  const minutesPrevious = within(4, 23, () => Math.round(rnd.normal(15.6 - 7.5 * r, 3.0)));
  const minutesCurrent = within(4, 23, () => Math.round(rnd.normal(14.8 - 6.5 * r, 3.6)));
  const revenueOrder = MODEL.revenueOrders[rnd.weighted(REVENUE_ORDER_WEIGHTS)].order;
  const currentMinutesFirst = rnd.bernoulli(0.52);
  const profit = within(0.8, 7.5, () => round2(rnd.normal(4.0, 1.0)));

  return {
    id,
    target,
    risk: r,
    premium,
    consent,
    marketing6m,
    marketingCurrent,
    tenureDays,
    promoShare,
    category,
    categoriesPerVisit,
    unpaidItems,
    serviceErrors,
    pagesPerVisit,
    revenue: [prePrevious, previous, current],
    revenueOrder,
    minutes: [minutesPrevious, minutesCurrent],
    currentMinutesFirst,
    profit,
  };
}

function validate(options: DemoOptions): void {
  const { customers, seed } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) {
    throw new RangeError(`customers must be an integer ≥ 1, got ${customers}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/** The synthetic customers in id order, defects applied. */
export function* generateDemoCustomers(options: DemoOptions): Generator<DemoCustomer> {
  validate(options);
  const { customers, seed } = options;
  const layout = demoLayout(customers);
  const root = Random.fromSeed(seed);
  // Separate streams: defect placement does not shift the customers' draws and vice versa.
  const defectRnd = root.fork();
  const rnd = root.fork();

  const misspelt = defectRnd.sample(layout.misspeltStandard, customers);
  const zeroRevenue = new Set<number>();
  for (const j of defectRnd.sample(layout.zeroRevenue, layout.positives)) zeroRevenue.add(positiveRow(layout, j));
  const outliers = new Set<number>();
  // Draw among the rows that are not zero-revenue, mapping the k-th free index to its row.
  const zeroSorted = [...zeroRevenue].sort((a, b) => a - b);
  for (const k of [...defectRnd.sample(layout.revenueOutlier, customers - zeroSorted.length)].sort((a, b) => a - b)) {
    let row = k;
    for (const z of zeroSorted) if (z <= row) row++;
    outliers.add(row);
  }
  const outlierFactors = new Map<number, number>();
  for (const row of [...outliers].sort((a, b) => a - b)) outlierFactors.set(row, 15 + 5 * defectRnd.uniform());

  for (let row = 0; row < customers; row++) {
    const { premium, ...c } = drawCustomer(rnd, DEMO_FIRST_ID + row, classAt(layout, row));
    let serviceType = premium ? "премиум" : "стандарт";
    if (misspelt.has(row)) serviceType = MISSPELT_STANDARD; // the export's typo only ever hits «стандарт»
    if (zeroRevenue.has(row)) c.revenue = [0, 0, c.revenue[2]]; // new to the store: nothing before this month
    const factor = outlierFactors.get(row);
    if (factor !== undefined) c.revenue = [c.revenue[0], c.revenue[1], round1(c.revenue[2] * factor)];
    yield { ...c, serviceType };
  }
}

// --- Formatting: match the export's number spelling ------------------------------------------------------
/** Python-style repr of a value rounded to 2 decimals: "0.2", "0.0", "0.75". */
function pyFloat2(x: number): string {
  const s = x.toFixed(2);
  return s.endsWith("0") ? s.slice(0, -1) : s;
}
/** money.csv spells decimals with a comma and drops trailing zeros entirely: "0,98", "4,1", "5". */
function commaDecimal(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, "").replace(".", ",");
}

function formatMarketFile(c: DemoCustomer): string {
  return [
    c.id,
    c.target,
    c.serviceType,
    c.consent,
    c.marketing6m.toFixed(1),
    c.marketingCurrent,
    c.tenureDays,
    pyFloat2(c.promoShare),
    c.category,
    c.categoriesPerVisit,
    c.unpaidItems,
    c.serviceErrors,
    c.pagesPerVisit,
  ].join(",");
}

function formatMoneyRows(c: DemoCustomer): string {
  let out = "";
  for (const p of c.revenueOrder) out += `\n${c.id},${REVENUE_PERIOD_NAMES[p]},${c.revenue[p].toFixed(1)}`;
  return out;
}

function formatTimeRows(c: DemoCustomer): string {
  const current = `\n${c.id},текущий_месяц,${c.minutes[1]}`;
  const previous = `\n${c.id},${MISSPELT_PREVIOUS_MONTH},${c.minutes[0]}`;
  return c.currentMinutesFirst ? current + previous : previous + current;
}

/**
 * Streams the four exports in step, `batchSize` customers per chunk. The comma files use LF and have no
 * trailing newline (each row after the header starts with "\n"); money.csv ends every line with CRLF.
 */
export function* generateDemoChunks(options: DemoOptions, batchSize = 2000): Generator<DemoChunk> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be ≥ 1`);
  let file = EXPORT_HEADERS["market_file.csv"];
  let money = EXPORT_HEADERS["market_money.csv"];
  let time = EXPORT_HEADERS["market_time.csv"];
  let profit = EXPORT_HEADERS["money.csv"] + "\r\n";
  let inBatch = 0;
  for (const c of generateDemoCustomers(options)) {
    file += "\n" + formatMarketFile(c);
    money += formatMoneyRows(c);
    time += formatTimeRows(c);
    profit += `${c.id};${commaDecimal(c.profit)}\r\n`;
    if (++inBatch === batchSize) {
      yield { "market_file.csv": file, "market_money.csv": money, "market_time.csv": time, "money.csv": profit };
      file = money = time = profit = "";
      inBatch = 0;
    }
  }
  if (inBatch > 0) {
    yield { "market_file.csv": file, "market_money.csv": money, "market_time.csv": time, "money.csv": profit };
  }
}

export interface DemoExports {
  readonly options: Readonly<DemoOptions>;
  readonly layout: DemoLayout;
  /** All four files in one pass (what the CLI writes). Each call starts a fresh, identical generation. */
  chunks(batchSize?: number): Iterable<DemoChunk>;
  /** One file on its own. Regenerates the population, so prefer chunks() when writing all four. */
  file(name: DemoFileName, batchSize?: number): Iterable<string>;
}

export function generateDemoExports(options: DemoOptions): DemoExports {
  validate(options);
  const frozen = Object.freeze({ customers: options.customers, seed: options.seed });
  return {
    options: frozen,
    layout: demoLayout(frozen.customers),
    chunks: (batchSize?: number) => ({ [Symbol.iterator]: () => generateDemoChunks(frozen, batchSize) }),
    file: (name: DemoFileName, batchSize?: number) => ({
      *[Symbol.iterator]() {
        for (const chunk of generateDemoChunks(frozen, batchSize)) if (chunk[name] !== "") yield chunk[name];
      },
    }),
  };
}

/** Whole files as strings, for tests and small sizes only. */
export function generateDemoFiles(options: DemoOptions): DemoChunk {
  validate(options);
  if (options.customers > DEMO_MAX_IN_MEMORY_CUSTOMERS) {
    throw new RangeError(`generateDemoFiles is for ≤ ${DEMO_MAX_IN_MEMORY_CUSTOMERS} customers; stream with generateDemoExports`);
  }
  const parts: Record<DemoFileName, string[]> = {
    "market_file.csv": [],
    "market_money.csv": [],
    "market_time.csv": [],
    "money.csv": [],
  };
  for (const chunk of generateDemoChunks(options)) for (const name of DEMO_FILE_NAMES) parts[name].push(chunk[name]);
  return {
    "market_file.csv": parts["market_file.csv"].join(""),
    "market_money.csv": parts["market_money.csv"].join(""),
    "market_time.csv": parts["market_time.csv"].join(""),
    "money.csv": parts["money.csv"].join(""),
  };
}
