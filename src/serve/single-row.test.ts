// The single-row path of the predict route writes the same text as the general one: binary,
// multiclass and regression boosting models on penguin rows with gaps, unseen categories and
// values beyond training, every policy (threshold, expected value, boundary); over HTTP a `row` answer matches the same row among `rows`.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { FittedModel } from '../learn/estimator.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import type { Policy } from './policy.js';
import { parseRows } from './request-rows.js';
import { encodeRows } from './response-text.js';
import { penguinRegistry } from './serve-fixtures.js';
import { buildServer } from './server.js';
import { encodeSingleRow } from './single-row.js';

/** Row r of the frame as a client sends it: labels for categories, null for gaps; every seventh row pushed off what training saw. */
function requestRow(frame: Frame, r: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of frame.columns) {
    if (c.kind === 'numeric') row[c.name] = Number.isNaN(c.values[r]!) ? null : r % 7 === 3 ? c.values[r]! * 3 : c.values[r]!;
    else if (c.kind === 'categorical') row[c.name] = c.codes[r]! < 0 ? null : r % 7 === 5 ? 'Atlantis' : c.dictionary[c.codes[r]!]!;
  }
  return row;
}

function withTarget(frame: Frame, target: string): Frame {
  const c = frame.column(target);
  return frame.take(Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => (c.kind === 'categorical' ? c.codes[i]! >= 0 : c.kind === 'numeric' ? !Number.isNaN(c.values[i]!) : true)));
}

/** Every row of `frame` through both paths; answers how many took the single-row path. */
function compare(model: FittedModel, frame: Frame, policies: readonly (Policy | undefined)[], positiveIndex: number): number {
  let fast = 0;
  for (let r = 0; r < frame.rowCount; r++) {
    const parsed = parseRows({ row: requestRow(frame, r) }, model.signature, 10, { reuseOneRow: true });
    assert.ok(parsed.ok, `row ${r} parses`);
    for (const policy of policies) {
      const single = encodeSingleRow(model, parsed.value.frame, policy, positiveIndex);
      const general = encodeRows(model.predict(parsed.value.frame), 1, policy, positiveIndex);
      if (single === undefined) continue;
      fast++;
      assert.deepEqual(single, general, `row ${r}, policy ${JSON.stringify(policy)}`);
    }
  }
  return fast;
}

test('binary, multiclass (most likely, expected value) and regression (value, boundary) boosting answer one row with the text of the general path', async () => {
  const all = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame.drop(['year']);
  const rows = all.rowCount;
  const sex = withTarget(all, 'sex');
  const binary = await new Gbdt({ max_iter: 20 }).fit(sex, 'sex');
  const thresholds: (Policy | undefined)[] = [undefined, { kind: 'threshold', threshold: 0.5 }, { kind: 'threshold', threshold: 0.3 }, { kind: 'threshold', threshold: 0.8 }];
  const features = all.drop(['sex']);
  assert.equal(compare(binary, features, thresholds, 1), rows * thresholds.length);
  assert.equal(compare(binary, features, thresholds, 0), rows * thresholds.length);

  const species = await new Gbdt({ max_iter: 20 }).fit(withTarget(all, 'species'), 'species');
  const speciesFeatures = all.drop(['species']);
  assert.equal(compare(species, speciesFeatures, [undefined], 1), rows);
  // Top-k decisions stay with the general encoder.
  assert.equal(compare(species, speciesFeatures, [{ kind: 'top-k', k: 2 }], 1), 0);
  // Under a cost matrix the fast path decides by expected value, as the general one does.
  const costMatrix = { Adelie: { Adelie: 5, Chinstrap: -2, Gentoo: -5 }, Chinstrap: { Adelie: -100, Chinstrap: 20, Gentoo: -100 }, Gentoo: { Adelie: -5, Chinstrap: -2, Gentoo: 5 } };
  assert.equal(compare(species, speciesFeatures, [{ kind: 'expected-value', costMatrix, source: 'card' }, { kind: 'expected-value', costMatrix }], 1), rows * 2);

  const mass = await new Gbdt({ max_iter: 20 }).fit(withTarget(all, 'body_mass_g'), 'body_mass_g');
  const boundaries: (Policy | undefined)[] = [undefined, { kind: 'boundary', boundary: 4200, source: 'card' }, { kind: 'boundary', boundary: 3000 }, { kind: 'boundary', boundary: 4000.5, source: 'serving-policy' }];
  assert.equal(compare(mass, all.drop(['body_mass_g']), boundaries, 1), rows * boundaries.length);

  // Models without a single-row entry point take the general path.
  const linear = all.select(['species', 'bill_length_mm', 'bill_depth_mm']);
  const logistic = await new LogisticRegression().fit(withTarget(linear, 'species'), 'species');
  assert.equal(compare(logistic, linear.drop(['species']), [undefined], 1), 0);
});

test('over HTTP, a row sent alone is answered with the same text as the same row among several', async () => {
  const reg = await penguinRegistry();
  const server = buildServer({ store: reg.store, dataDir: reg.dir, maxRows: 50, pollMs: 50, logFlushMs: 20 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const post = async (name: string, body: unknown): Promise<string> => {
      const res = await fetch(`${base}/v1/models/${name}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      return (await res.text()).replace(/"id":"[0-9a-f-]{36}"/g, '"id":"ID"');
    };
    const frame = reg.frame.drop(['year']);
    let checked = 0;
    for (const [name, target] of [['sex', 'sex'], ['species', 'species']] as const) {
      const features = frame.drop([target]);
      for (let r = 0; r < features.rowCount; r += 23) {
        const row = requestRow(features, r);
        const other = requestRow(features, (r + 1) % features.rowCount);
        const alone = await post(name, { row });
        const among = await post(name, { rows: [row, other] });
        // `{head,"predictions":[X]}` against `{head,"predictions":[X,Y]}`.
        const prefix = alone.slice(0, -2);
        assert.ok(among.startsWith(`${prefix},`), `${name} row ${r}:\n${alone}\n${among}`);
        checked++;
      }
    }
    assert.ok(checked >= 20);
  } finally {
    await server.close();
    reg.store.close();
    rmSync(reg.dir, { recursive: true, force: true });
  }
});
