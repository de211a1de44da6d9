// A deterministic, evenly spread sample: what the report explains beyond its budget and what the pages show of it.

/** Every k-th row by id (all rows when there are no more than `size`). */
export function evenSample<T extends { id: number }>(rows: readonly T[], size: number): T[] {
  if (rows.length <= size) return [...rows];
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const step = sorted.length / size;
  return Array.from({ length: size }, (_, i) => sorted[Math.floor(i * step)]);
}
