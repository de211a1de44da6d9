// Brent's root finder, written out because none of the installed libraries has one.
// It follows the classic algorithm as in scipy.optimize.brentq (which phik calls), with the same
// tolerance semantics, so a solve with phik's xtol lands where phik's does.

export interface BrentOptions {
  /** Absolute tolerance on the root (scipy's xtol). */
  xtol?: number;
  /** Relative tolerance on the root (scipy's rtol; its default is 4·machine epsilon). */
  rtol?: number;
  maxIterations?: number;
}

/** A root of `f` in [lower, upper]; `f(lower)` and `f(upper)` must differ in sign. */
export function brentRoot(f: (x: number) => number, lower: number, upper: number, options: BrentOptions = {}): number {
  const xtol = options.xtol ?? 2e-12;
  const rtol = options.rtol ?? 4 * Number.EPSILON;
  const maxIterations = options.maxIterations ?? 100;

  let xPrevious = lower;
  let xCurrent = upper;
  let fPrevious = f(xPrevious);
  let fCurrent = f(xCurrent);
  if (fPrevious === 0) return xPrevious;
  if (fCurrent === 0) return xCurrent;
  if (Math.sign(fPrevious) === Math.sign(fCurrent)) {
    throw new Error(`brentRoot: f(${lower}) and f(${upper}) must have different signs`);
  }

  // xBlock is the contrapoint: f(xBlock) and f(xCurrent) always bracket the root.
  let xBlock = 0;
  let fBlock = 0;
  let stepPrevious = 0;
  let stepCurrent = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (fPrevious !== 0 && fCurrent !== 0 && Math.sign(fPrevious) !== Math.sign(fCurrent)) {
      xBlock = xPrevious;
      fBlock = fPrevious;
      stepPrevious = stepCurrent = xCurrent - xPrevious;
    }
    if (Math.abs(fBlock) < Math.abs(fCurrent)) {
      // Keep the better estimate in xCurrent.
      xPrevious = xCurrent;
      xCurrent = xBlock;
      xBlock = xPrevious;
      fPrevious = fCurrent;
      fCurrent = fBlock;
      fBlock = fPrevious;
    }

    const delta = (xtol + rtol * Math.abs(xCurrent)) / 2;
    const bisection = (xBlock - xCurrent) / 2;
    if (fCurrent === 0 || Math.abs(bisection) < delta) return xCurrent;

    if (Math.abs(stepPrevious) > delta && Math.abs(fCurrent) < Math.abs(fPrevious)) {
      let trial: number;
      if (xPrevious === xBlock) {
        // Secant step.
        trial = (-fCurrent * (xCurrent - xPrevious)) / (fCurrent - fPrevious);
      } else {
        // Inverse quadratic interpolation.
        const slopePrevious = (fPrevious - fCurrent) / (xPrevious - xCurrent);
        const slopeBlock = (fBlock - fCurrent) / (xBlock - xCurrent);
        trial = (-fCurrent * (fBlock * slopeBlock - fPrevious * slopePrevious)) / (slopeBlock * slopePrevious * (fBlock - fPrevious));
      }
      if (2 * Math.abs(trial) < Math.min(Math.abs(stepPrevious), 3 * Math.abs(bisection) - delta)) {
        stepPrevious = stepCurrent;
        stepCurrent = trial;
      } else {
        stepPrevious = stepCurrent = bisection;
      }
    } else {
      stepPrevious = stepCurrent = bisection;
    }

    xPrevious = xCurrent;
    fPrevious = fCurrent;
    xCurrent += Math.abs(stepCurrent) > delta ? stepCurrent : bisection > 0 ? delta : -delta;
    fCurrent = f(xCurrent);
  }
  return xCurrent;
}
