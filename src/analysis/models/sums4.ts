// Dot products and squared distances of four consecutive rows against one vector at once: the four sums
// are independent, so the processor overlaps them (a single running sum waits on its previous addition),
// and each is still summed feature by feature in ascending order — the same bits as a plain loop. Shared
// by the SVC kernels (svc.ts) and batch scoring (batch.ts).

/** out[t] = Σ_j rows[at + t·d + j] · v[vAt + j], for t = 0..3. */
export function dot4(rows: Float64Array, at: number, d: number, v: Float64Array, vAt: number, out: Float64Array): void {
  const o0 = at;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = 0; j < d; j++) {
    const b = v[vAt + j];
    s0 += rows[o0 + j] * b;
    s1 += rows[o1 + j] * b;
    s2 += rows[o2 + j] * b;
    s3 += rows[o3 + j] * b;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * out[t] = Σ_j (rows[at + t·d + j] − v[vAt + j])², for t = 0..3. The same frame as dot4, kept written out: one shared
 * body would take the per-element operation as a function, called in the innermost loop.
 */
export function sqdist4(rows: Float64Array, at: number, d: number, v: Float64Array, vAt: number, out: Float64Array): void {
  const o0 = at;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let j = 0; j < d; j++) {
    const b = v[vAt + j];
    const t0 = rows[o0 + j] - b;
    const t1 = rows[o1 + j] - b;
    const t2 = rows[o2 + j] - b;
    const t3 = rows[o3 + j] - b;
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}
