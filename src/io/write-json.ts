// Stable JSON serialisation for artifacts: same value → same bytes, so two builds can be compared.

/** Numbers are written with at most 12 significant digits: enough for every figure, immune to last-bit noise. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "number" && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v)) + "\n";
}
