// Shapley weights from Pascal's triangle (exact integers in doubles far beyond the 16 players used here).

export function binomials(n: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i <= n; i++) {
    const r = new Float64Array(i + 1);
    r[0] = r[i] = 1;
    for (let j = 1; j < i; j++) r[j] = rows[i - 1][j - 1] + rows[i - 1][j];
    rows.push(r);
  }
  return rows;
}

/** Weight of a coalition of size s (not containing the player) among m players: s!(m−s−1)!/m! = 1/(m·C(m−1, s)). */
export function coalitionWeights(m: number): Float64Array {
  const c = binomials(Math.max(m - 1, 0));
  return Float64Array.from({ length: m }, (_, s) => 1 / (m * c[m - 1][s]));
}
