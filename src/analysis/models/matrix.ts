// The matrix type is stats/linalg.ts's. This re-export remains only for estimators.ts and search.ts, which are being
// edited elsewhere; point their imports at ../stats/linalg.js and delete this file.

export type { Matrix } from "../stats/linalg.js";
