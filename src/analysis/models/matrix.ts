// A minimal dense row-major matrix: the models need contiguous Float64Array rows, nothing more.

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = zeros(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error("ragged rows");
    m.data.set(r, i * cols);
  });
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function selectRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = zeros(idx.length, m.cols);
  for (let r = 0; r < idx.length; r++) out.data.set(m.data.subarray(idx[r] * m.cols, (idx[r] + 1) * m.cols), r * m.cols);
  return out;
}
