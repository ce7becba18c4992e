// A framed problem with no column left to learn from is refused while it is loaded, every
// column named with why it was left out, and a hint that speaks to those reasons.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { loadProblem } from './problem.js';
import { refuseNoUsableFeatures } from './usable-features.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-features-'));

/** 40 customers: an id, a constant region, an empty note and the label; nothing a model can use. */
function idsOnly(): string {
  const path = join(dir, 'ids-only.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(4, '0')},north,,${i % 3 === 0 ? 'yes' : 'no'}`);
  writeFileSync(path, `customer_id,region,note,churned\n${rows.join('\n')}\n`);
  return path;
}

const noFeatures = (...patterns: RegExp[]) => (e: unknown): boolean => {
  assert.ok(e instanceof FramewiseError, String(e));
  assert.equal(e.code, 'NO_USABLE_FEATURES');
  for (const p of patterns) assert.match(`${e.message}\n${e.hint}`, p);
  return true;
};

test('a data file whose every column is an identifier, constant, empty or the target is refused naming each', async () => {
  await assert.rejects(
    loadProblem({ data: idsOnly(), target: 'churned' }),
    noFeatures(/all 4 columns were left out/, /customer_id: identifier:/, /region: constant: every row holds the same value 'north'/, /note: constant: every value is missing/, /churned: the target/, /--type customer_id=categorical/, /--missing/),
  );
});

test('a card that excludes or marks unavailable every column is refused naming the card and its fields', async () => {
  const data = join(dir, 'weather.csv');
  writeFileSync(data, `temp,wind,rain\n${Array.from({ length: 30 }, (_, i) => `${10 + (i % 7)},${(i * 13) % 9},${i % 2 === 0 ? 'yes' : 'no'}`).join('\n')}\n`);
  const card = join(dir, 'excluded.yaml');
  writeFileSync(card, 'data:\n  file: weather.csv\ntarget: rain\nfeatures:\n  exclude: [temp]\n  notes:\n    wind: { availableAtPrediction: false, note: measured after the day }\n');
  await assert.rejects(
    loadProblem({ card }),
    noFeatures(/excluded\.yaml/, /temp: excluded in the card/, /wind: not available at prediction time \(measured after the day\)/, /features\.exclude/, /availableAtPrediction/),
  );
  // Clustering has no target, and still needs a column to group rows by.
  const clusters = join(dir, 'clusters.yaml');
  writeFileSync(clusters, 'data:\n  file: weather.csv\ntask: clustering\nfeatures:\n  include: [rain]\n  exclude: [rain]\n');
  await assert.rejects(loadProblem({ card: clusters }), noFeatures(/temp: not in features\.include/, /rain: excluded in the card/));
});

test('one usable column is enough; the refusal names at most a few columns in its hint', () => {
  assert.doesNotThrow(() => refuseNoUsableFeatures(['age'], [{ name: 'id', reason: 'the id column' }], 'x.csv'));
  const many = Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, reason: 'constant: every value is missing' }));
  assert.throws(() => refuseNoUsableFeatures([], many, 'x.csv'), noFeatures(/all 9 columns/, /'c0', 'c1', 'c2', 'c3' and 5 more/));
});
