// A decision between three classes is valued by one rule everywhere: the policy's most likely
// class, priced by the cost matrix, in the business case, the non-ML bars, the promise and retrain.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { compareValue } from '../evaluate/retrain-value.js';
import { CLASS_DECISION_RULE } from '../evaluate/value/class-decisions.js';
import { loadProblem } from '../frame/problem.js';
import { buildBriefDocument } from './brief-builder.js';
import { makeBrief } from './make-brief.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-multiclass-value-'));

// Three cultivars told apart by overlapping chemistry; the cost matrix is lopsided (calling a
// barolo anything else costs 60, a wrong barolo 5), so deciding by expected value would call many
// more rows barolo than the most likely class does, and the two rules give different money.
const matrix = {
  barolo: { barolo: 20, grignolino: -60, barbera: -60 },
  grignolino: { barolo: -5, grignolino: 10, barbera: -8 },
  barbera: { barolo: -5, grignolino: -8, barbera: 12 },
};

function wine(n: number, seed: number): string {
  const rng = new Rng(seed);
  const classes = ['barolo', 'grignolino', 'barbera'] as const;
  const centres = [[1.2, 0.4, -0.5], [-0.6, 1, 0.3], [-0.2, -0.9, 0.9]];
  const lines = ['alcohol,flavanoids,hue,magnesium,cultivar'];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const c = u < 0.3 ? 0 : u < 0.68 ? 1 : 2;
    const x = centres[c]!.map((m) => (m + 1.1 * rng.normal()).toFixed(4));
    lines.push([...x, (100 + 12 * rng.normal()).toFixed(1), classes[c]].join(','));
  }
  const path = join(dir, 'wine.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('business case, bars, promise and retrain value a three-class decision at its most likely class', async () => {
  const data = wine(900, 31);
  const cardPath = join(dir, 'wine.yaml');
  writeFileSync(cardPath, `name: wine\ndata:\n  file: ${data}\ntarget: cultivar\nbusiness:\n  currency: EUR\n  decisionsPerMonth: 500\n  costMatrix: ${JSON.stringify(matrix)}\nassess:\n  folds: 5\n  seed: 42\n`);
  const problem = await loadProblem({ card: cardPath });
  const { brief, run } = await makeBrief(problem, { budgetSeconds: 15, modelPath: join(dir, 'model.json') });
  const bc = brief.business!;
  const promise = brief.promise!;
  assert.equal(brief.assessment.framing.task, 'multiclass');
  assert.equal(bc.policy.kind, 'class');
  // The figure the brief states for the model is the promise's own point value.
  assert.ok(bc.model.perDecision !== null && promise.value !== null);
  assert.ok(Math.abs(bc.model.perDecision - promise.value.perDecision.mean) < 1e-9, `${bc.model.perDecision} vs ${promise.value.perDecision.mean}`);

  // By hand: every tested row at the model's most likely class, priced by the matrix.
  const truth = run.truth!;
  assert.equal(truth.kind, 'classification');
  if (truth.kind !== 'classification') return;
  const chosen = run.results.get(brief.choice!.model)!;
  const oof = chosen.oof;
  assert.equal(oof.kind, 'classification');
  if (oof.kind !== 'classification') return;
  const k = truth.classes.length;
  const cell = (a: number, d: number): number => (matrix as Record<string, Record<string, number>>)[truth.classes[a]!]![truth.classes[d]!]!;
  let byClass = 0;
  let byExpected = 0;
  for (const r of chosen.tested) {
    let top = 0;
    for (let c = 1; c < k; c++) if (oof.probabilities[r * k + c]! > oof.probabilities[r * k + top]!) top = c;
    byClass += cell(truth.y[r]!, top);
    let best = 0;
    let bestExpected = Number.NEGATIVE_INFINITY;
    for (let d = 0; d < k; d++) {
      let e = 0;
      for (let a = 0; a < k; a++) e += oof.probabilities[r * k + a]! * cell(a, d);
      if (e > bestExpected) [best, bestExpected] = [d, e];
    }
    byExpected += cell(truth.y[r]!, best);
  }
  const n = chosen.tested.length;
  assert.ok(Math.abs(bc.model.perDecision - byClass / n) < 1e-9);
  // The table is built so the other rule would give another figure: the test pins which rule is used.
  assert.ok(Math.abs(byExpected / n - byClass / n) > 0.05, `${byExpected / n} vs ${byClass / n}`);

  // The prior decides its most likely class too: always the commonest cultivar, grignolino.
  const prior = bc.bars.find((b) => b.kind === 'prior')!;
  assert.equal(prior.name, "always 'grignolino'");

  // Retrain values the champion's decisions by the same rule: on the same rows, the same figure.
  const compared = compareValue(truth, oof, oof, problem.card.business, { threshold: 0.5, source: 'default', isDefault: true });
  assert.equal(compared.value!.rule, CLASS_DECISION_RULE);
  assert.ok(Math.abs(compared.value!.championPerDecision - bc.model.perDecision) < 1e-9);

  // The brief says the rule it values by.
  const text = JSON.stringify(buildBriefDocument(brief));
  assert.match(text, /Each row gets its most likely class, and every value here/);
  assert.doesNotMatch(text, /expected value is highest/);
});
