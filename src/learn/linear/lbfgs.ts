// Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 7.4, 3.5
// and 3.6): minimises a smooth function given its value and gradient, and says how it stopped.

/** Writes the gradient at x into `gradient` and returns the value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIterations: number;
  /** Stop when the largest absolute gradient component is at most this. */
  readonly gradientTolerance: number;
  /** Stop when an iteration lowers the value by at most this share of it (scipy's ftol). */
  readonly functionTolerance?: number;
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
}

export type StopReason = 'gradient' | 'function' | 'max_iterations' | 'line_search';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** Largest absolute gradient component at the returned point. */
  readonly gradientNorm: number;
  /** True when a gradient or function tolerance was met. */
  readonly converged: boolean;
  readonly reason: StopReason;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH = 40;

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = start.length;
  const m = options.memory ?? 10;
  const ftol = options.functionTolerance ?? 64 * Number.EPSILON;
  let x: Float64Array = Float64Array.from(start);
  let g: Float64Array = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Float64Array(m);
  let iterations = 0;
  let reason: StopReason = 'max_iterations';
  if (infNorm(g) <= options.gradientTolerance) reason = 'gradient';
  else {
    while (iterations < options.maxIterations) {
      iterations++;
      twoLoop(g, sList, yList, rhoList, alphas, direction);
      let slope = dot(g, direction);
      if (!(slope < 0)) {
        // Curvature information went bad: start again from steepest descent.
        sList.length = 0;
        yList.length = 0;
        rhoList.length = 0;
        for (let i = 0; i < n; i++) direction[i] = -g[i]!;
        slope = dot(g, direction);
      }
      const firstStep = sList.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
      const step = lineSearch(objective, x, f, g, direction, slope, firstStep);
      evaluations += step.evaluations;
      if (step.x === undefined) {
        if (sList.length > 0) {
          sList.length = 0;
          yList.length = 0;
          rhoList.length = 0;
          continue;
        }
        reason = 'line_search';
        break;
      }
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = step.x[i]! - x[i]!;
        y[i] = step.g![i]! - g[i]!;
      }
      const sy = dot(s, y);
      if (sy > Number.EPSILON * dot(y, y)) {
        if (sList.length === m) {
          sList.shift();
          yList.shift();
          rhoList.shift();
        }
        sList.push(s);
        yList.push(y);
        rhoList.push(1 / sy);
      }
      const previous = f;
      x = step.x;
      g = step.g!;
      f = step.f;
      if (infNorm(g) <= options.gradientTolerance) {
        reason = 'gradient';
        break;
      }
      if (previous - f <= ftol * Math.max(Math.abs(previous), Math.abs(f), 1)) {
        reason = 'function';
        break;
      }
    }
  }
  return { x, value: f, iterations, evaluations, gradientNorm: infNorm(g), converged: reason === 'gradient' || reason === 'function', reason };
}

/** direction = −H·g, with H the L-BFGS inverse-Hessian estimate. */
function twoLoop(g: Float64Array, sList: Float64Array[], yList: Float64Array[], rho: number[], alphas: Float64Array, out: Float64Array): void {
  const n = g.length;
  for (let i = 0; i < n; i++) out[i] = -g[i]!;
  const k = sList.length;
  for (let j = k - 1; j >= 0; j--) {
    const a = rho[j]! * dot(sList[j]!, out);
    alphas[j] = a;
    const y = yList[j]!;
    for (let i = 0; i < n; i++) out[i] -= a * y[i]!;
  }
  if (k > 0) {
    const y = yList[k - 1]!;
    const gamma = 1 / (rho[k - 1]! * dot(y, y));
    for (let i = 0; i < n; i++) out[i] *= gamma;
  }
  for (let j = 0; j < k; j++) {
    const b = rho[j]! * dot(yList[j]!, out);
    const s = sList[j]!;
    const coef = alphas[j]! - b;
    for (let i = 0; i < n; i++) out[i] += coef * s[i]!;
  }
}

interface Trial {
  readonly a: number;
  readonly f: number;
  readonly slope: number;
  readonly x: Float64Array;
  readonly g: Float64Array;
}

interface StepResult {
  readonly x: Float64Array | undefined;
  readonly g: Float64Array | undefined;
  readonly f: number;
  readonly evaluations: number;
}

/** Finds a step along d that meets the strong Wolfe conditions. */
function lineSearch(objective: Objective, x0: Float64Array, f0: number, g0: Float64Array, d: Float64Array, slope0: number, firstStep: number): StepResult {
  let evaluations = 0;
  const evaluate = (a: number): Trial => {
    const x = new Float64Array(x0.length);
    for (let i = 0; i < x.length; i++) x[i] = x0[i]! + a * d[i]!;
    const g = new Float64Array(x0.length);
    const f = objective(x, g);
    evaluations++;
    return { a, f, slope: dot(g, d), x, g };
  };
  const done = (t: Trial): StepResult => ({ x: t.x, g: t.g, f: t.f, evaluations });
  const failed = (): StepResult => ({ x: undefined, g: undefined, f: f0, evaluations });
  const zero: Trial = { a: 0, f: f0, slope: slope0, x: x0, g: g0 };

  const zoom = (lowIn: Trial, highIn: Trial): StepResult => {
    let low = lowIn;
    let high = highIn;
    while (evaluations < 2 * MAX_LINE_SEARCH) {
      const a = interpolate(low, high);
      if (!(Math.abs(high.a - low.a) > Number.EPSILON * Math.max(1, Math.abs(low.a)))) break;
      const t = evaluate(a);
      if (!Number.isFinite(t.f) || t.f > f0 + C1 * a * slope0 || t.f >= low.f) high = t;
      else {
        if (Math.abs(t.slope) <= -C2 * slope0) return done(t);
        if (t.slope * (high.a - low.a) >= 0) high = low;
        low = t;
      }
    }
    // Out of trials: accept the best point found if it lowered the value at all.
    return low.a > 0 && low.f < f0 ? done(low) : failed();
  };

  let previous = zero;
  let a = firstStep;
  for (let i = 0; i < MAX_LINE_SEARCH; i++) {
    const t = evaluate(a);
    if (!Number.isFinite(t.f)) {
      // Overshot into overflow: shrink and try again.
      a = previous.a + (a - previous.a) / 10;
      continue;
    }
    if (t.f > f0 + C1 * a * slope0 || (i > 0 && t.f >= previous.f)) return zoom(previous, t);
    if (Math.abs(t.slope) <= -C2 * slope0) return done(t);
    if (t.slope >= 0) return zoom(t, previous);
    previous = t;
    a *= 2;
  }
  return previous.a > 0 ? done(previous) : failed();
}

/** Minimiser of the cubic through both ends' values and slopes, kept well inside the bracket. */
function interpolate(p: Trial, q: Trial): number {
  const lo = Math.min(p.a, q.a);
  const hi = Math.max(p.a, q.a);
  const d1 = p.slope + q.slope - (3 * (p.f - q.f)) / (p.a - q.a);
  const disc = d1 * d1 - p.slope * q.slope;
  if (disc >= 0 && Number.isFinite(q.f)) {
    const d2 = Math.sign(q.a - p.a) * Math.sqrt(disc);
    const a = q.a - ((q.a - p.a) * (q.slope + d2 - d1)) / (q.slope - p.slope + 2 * d2);
    const margin = 0.1 * (hi - lo);
    if (Number.isFinite(a) && a >= lo + margin && a <= hi - margin) return a;
  }
  return (lo + hi) / 2;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}
