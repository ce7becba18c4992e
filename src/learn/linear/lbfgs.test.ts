// L-BFGS on functions with known minima: a badly scaled quadratic and Rosenbrock's valley.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimizeLbfgs } from './lbfgs.js';
import { choleskySolve } from './cholesky.js';

describe('minimizeLbfgs', () => {
  it('finds the minimum of Rosenbrock from (-1.2, 1)', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 500, gradientTolerance: 1e-10 },
    );
    assert.equal(result.converged, true);
    assert.ok(Math.abs(result.x[0]! - 1) < 1e-8 && Math.abs(result.x[1]! - 1) < 1e-8, `${result.x}`);
  });

  it('solves an ill-conditioned quadratic (condition 1e3) to the gradient tolerance', () => {
    const n = 20;
    const scales = Float64Array.from({ length: n }, (_, i) => 10 ** ((3 * i) / (n - 1)));
    const target = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const result = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < n; i++) {
          const d = x[i]! - target[i]!;
          f += 0.5 * scales[i]! * d * d;
          g[i] = scales[i]! * d;
        }
        return f;
      },
      new Float64Array(n),
      { maxIterations: 2000, gradientTolerance: 1e-8, functionTolerance: 0 },
    );
    assert.equal(result.reason, 'gradient');
    assert.ok(result.gradientNorm <= 1e-8);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(result.x[i]! - target[i]!) <= 1e-8 / scales[i]! + 1e-14);
  });

  it('reports a start that is already optimal without iterating', () => {
    const result = minimizeLbfgs((x, g) => ((g[0] = 2 * x[0]!), x[0]! * x[0]!), new Float64Array(1), { maxIterations: 10, gradientTolerance: 1e-12 });
    assert.equal(result.iterations, 0);
    assert.equal(result.converged, true);
  });
});

describe('choleskySolve', () => {
  it('solves a positive-definite system and refuses a singular one', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const want = Float64Array.from([1, -2, 0.5]);
    const b = Float64Array.from([0, 1, 2].map((i) => a[i * 3]! * want[0]! + a[i * 3 + 1]! * want[1]! + a[i * 3 + 2]! * want[2]!));
    const x = choleskySolve(a, b, 3)!;
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(x[i]! - want[i]!) < 1e-12);
    assert.equal(choleskySolve(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2), undefined);
  });
});
