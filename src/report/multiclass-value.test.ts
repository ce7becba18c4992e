// A decision between three classes is valued by one rule everywhere: the policy's class (the one
// with the highest expected value under the card's cost matrix), priced by the cost matrix, in the
// business case, the non-ML bars, the promise and retrain.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { compareValue } from '../evaluate/retrain-value.js';
import { EXPECTED_VALUE_RULE } from '../evaluate/value/class-decisions.js';
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

test('business case, bars, promise and retrain value a three-class decision at the class with the highest expected value', async () => {
  const data = wine(900, 31);
  const cardPath = join(dir, 'wine.yaml');
  writeFileSync(cardPath, `name: wine\ndata:\n  file: ${data}\ntarget: cultivar\nbusiness:\n  currency: EUR\n  decisionsPerMonth: 500\n  costMatrix: ${JSON.stringify(matrix)}\nassess:\n  folds: 5\n  seed: 42\n`);
  const problem = await loadProblem({ card: cardPath });
  const { brief, run } = await makeBrief(problem, { budgetSeconds: 15, modelPath: join(dir, 'model.json') });
  const bc = brief.business!;
  const promise = brief.promise!;
  assert.equal(brief.assessment.framing.task, 'multiclass');
  assert.equal(bc.policy.kind, 'expected-value');
  assert.deepEqual(bc.policy.costMatrix, matrix);
  // The figure the brief states for the model is the promise's own point value.
  assert.ok(bc.model.perDecision !== null && promise.value !== null);
  assert.ok(Math.abs(bc.model.perDecision - promise.value.perDecision.mean) < 1e-9, `${bc.model.perDecision} vs ${promise.value.perDecision.mean}`);

  // By hand: every tested row at the class with the highest expected value, priced by the matrix.
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
      // A tie (a row whose probabilities price two decisions alike) goes to the more likely class.
      if (e > bestExpected + 1e-12 || (Math.abs(e - bestExpected) <= 1e-12 && oof.probabilities[r * k + d]! > oof.probabilities[r * k + best]!)) [best, bestExpected] = [d, e];
    }
    byExpected += cell(truth.y[r]!, best);
  }
  const n = chosen.tested.length;
  assert.ok(Math.abs(bc.model.perDecision - byExpected / n) < 1e-9, `${bc.model.perDecision} vs ${byExpected / n}`);
  // The table is built so the other rule would give another figure: the test pins which rule is used.
  assert.ok(Math.abs(byExpected / n - byClass / n) > 0.05, `${byExpected / n} vs ${byClass / n}`);

  // The prior decides by expected value under its class shares too: a wrong barolo is cheap and a
  // missed one dear, so it calls every wine barolo although grignolino is the commonest cultivar.
  const prior = bc.bars.find((b) => b.kind === 'prior')!;
  assert.equal(prior.name, "always 'barolo'");

  // Retrain values the champion's decisions by the same rule: on the same rows, the same figure.
  const compared = compareValue(truth, oof, oof, problem.card.business, { threshold: 0.5, source: 'default', isDefault: true });
  assert.equal(compared.value!.rule, EXPECTED_VALUE_RULE);
  assert.ok(Math.abs(compared.value!.championPerDecision - bc.model.perDecision) < 1e-9);

  // The brief says the rule it values by.
  const text = JSON.stringify(buildBriefDocument(brief));
  assert.match(text, /Each row is decided as the class with the highest expected value under the card's cost matrix/);
  assert.match(text, /Every value in this brief .* is measured by this rule/);
  assert.doesNotMatch(text, /Each row gets its most likely class/);
  // The matrix itself is shown: a wrong barolo costs 60 EUR.
  const doc = buildBriefDocument(brief);
  const table = doc.blocks.find((x) => x.kind === 'table' && x.headers[0] === 'actual class / decided as');
  assert.ok(table && table.kind === 'table', 'the cost matrix is a table of the brief');
  assert.deepEqual([...table.rows.find((r) => r[0] === 'barolo')!].slice(1).sort(), ['20.00 EUR', '−60.00 EUR', '−60.00 EUR']);
});
