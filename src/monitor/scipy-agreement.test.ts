// The drift tests against SciPy 1.10.1 (fixtures/drift.json, made by fixtures/make_fixtures.py):
// KS statistic and p-value (exact and asymptotic), chi-squared, Wasserstein, Jensen–Shannon, to 1e-9.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { chiSquaredHomogeneity } from './chi-squared.js';
import { binCounts, jensenShannonDistance, populationStabilityIndex, quantileEdges, wassersteinDistance } from './distances.js';
import { ksTwoSample } from './ks-two-sample.js';
import { chiSquaredSf } from './special/gamma.js';
import { kolmogorovSf } from './special/kolmogorov.js';

interface Spec {
  seed: number;
  n: number;
  shift: number;
  scale: number;
  ties: number;
}

interface Fixture {
  scipy: string;
  ks: { a: Spec; b: Spec; statistic: number; pvalue: number; method: 'exact' | 'asymptotic' }[];
  kstwo: { n: number; d: number; sf: number }[];
  chiSquared: { reference: number[]; current: number[]; statistic: number; pvalue: number; dof: number }[];
  chi2Sf: { k: number; x: number; sf: number }[];
  wasserstein: { a: Spec; b: Spec; distance: number }[];
  jensenShannon: { p: number[]; q: number[]; distance: number }[];
  binned: { a: Spec; b: Spec; edges: number[]; referenceCounts: number[]; currentCounts: number[]; psi: number; jensenShannon: number }[];
}

const fixture = JSON.parse(readFileSync(fromRoot('src', 'monitor', 'fixtures', 'drift.json'), 'utf8')) as Fixture;
const RTOL = 1e-9;

/** The fixture's MINSTD samples, rebuilt with the same floating-point operations, sorted. */
function sample(spec: Spec): Float64Array {
  let x = spec.seed;
  const next = (): number => {
    x = (48271 * x) % 2147483647;
    return x / 2147483647;
  };
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    const u1 = next();
    const u2 = next();
    const u3 = next();
    let v = spec.shift + spec.scale * (u1 + u2 + u3 - 1.5);
    if (spec.ties) v = Math.floor(v * spec.ties) / spec.ties;
    out[i] = v;
  }
  return out.sort();
}

/** Relative 1e-9; p-values below 1e-290 (subnormal in SciPy, few significant bits) to 1e-300 absolute. */
function close(actual: number, expected: number, what: string): void {
  const ok =
    actual === expected ||
    Math.abs(actual - expected) <= RTOL * Math.abs(expected) ||
    (Math.abs(expected) < 1e-290 && Math.abs(actual - expected) < 1e-300);
  assert.ok(ok, `${what}: got ${actual}, SciPy ${expected} (relative difference ${Math.abs(actual - expected) / Math.abs(expected)})`);
}

test('the fixture comes from SciPy 1.10', () => {
  assert.match(fixture.scipy, /^1\.10\./);
});

test('two-sample KS: statistic and p-value match ks_2samp(method="auto"), exact and asymptotic', () => {
  let exact = 0;
  let asymptotic = 0;
  for (const c of fixture.ks) {
    const what = `ks ${c.a.n}×${c.b.n} shift ${c.b.shift} ties ${c.b.ties}`;
    const r = ksTwoSample(sample(c.a), sample(c.b));
    assert.equal(r.method, c.method, what);
    close(r.statistic, c.statistic, `${what} statistic`);
    close(r.pValue, c.pvalue, `${what} p-value`);
    if (r.method === 'exact') exact++;
    else asymptotic++;
  }
  assert.ok(exact >= 40 && asymptotic >= 40, `${exact} exact and ${asymptotic} asymptotic cases`);
});

test('the KS distribution (kstwo.sf) matches SciPy on every branch, n = 3 to 1.2 million', () => {
  for (const c of fixture.kstwo) close(kolmogorovSf(c.n, c.d), c.sf, `kstwo.sf(${c.d}, ${c.n})`);
});

test('chi-squared on the 2 × k table matches chi2_contingency, with Yates for two categories', () => {
  for (const c of fixture.chiSquared) {
    const r = chiSquaredHomogeneity(Float64Array.from(c.reference), Float64Array.from(c.current));
    const what = `chi2 ${JSON.stringify(c.reference)} vs ${JSON.stringify(c.current)}`;
    assert.equal(r.dof, c.dof, what);
    close(r.statistic, c.statistic, `${what} statistic`);
    close(r.pValue, c.pvalue, `${what} p-value`);
  }
});

test('the chi-squared survival function (regularized upper incomplete gamma) matches chi2.sf', () => {
  for (const c of fixture.chi2Sf) close(chiSquaredSf(c.x, c.k), c.sf, `chi2.sf(${c.x}, ${c.k})`);
});

test('Wasserstein distance matches wasserstein_distance', () => {
  for (const c of fixture.wasserstein) close(wassersteinDistance(sample(c.a), sample(c.b)), c.distance, `wasserstein ${c.a.n}×${c.b.n}`);
});

test('Jensen–Shannon distance matches jensenshannon(p, q, base=2)', () => {
  for (const c of fixture.jensenShannon) {
    close(jensenShannonDistance(Float64Array.from(c.p), Float64Array.from(c.q)), c.distance, `js ${JSON.stringify(c.p)} ${JSON.stringify(c.q)}`);
  }
});

test('decile bins, PSI and binned Jensen–Shannon match numpy quantile / searchsorted', () => {
  for (const c of fixture.binned) {
    const ref = sample(c.a);
    const cur = sample(c.b);
    const edges = quantileEdges(ref, 10);
    assert.deepEqual(Array.from(edges), c.edges);
    const rc = binCounts(ref, edges);
    const cc = binCounts(cur, edges);
    assert.deepEqual(Array.from(rc), c.referenceCounts);
    assert.deepEqual(Array.from(cc), c.currentCounts);
    close(populationStabilityIndex(rc, cc), c.psi, 'psi');
    close(jensenShannonDistance(rc, cc), c.jensenShannon, 'binned js');
  }
});
