// The read-only look at the server's policies (registry/policy-in-force.ts) agrees with what the
// server writes (PolicyStore): no file or no policy leaves the registered one in force; a threshold
// set for the name replaces a binary version's threshold (recorded as an override); a policy of
// another kind does not apply; top-k replaces a multiclass version's class policy.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DecisionPolicy } from '../registry/decision-package.js';
import { policyInForce } from '../registry/policy-in-force.js';
import { openServeDb, PolicyStore } from './serve-db.js';

const BINARY: DecisionPolicy = { kind: 'threshold', threshold: 0.273, positiveClass: 'malignant', source: 'brief-best-value' };
const CLASSES: DecisionPolicy = { kind: 'class', source: 'default' };

test('the policy in force is the one the server stored for the name, else the registered one', () => {
  const registry = mkdtempSync(join(tmpdir(), 'framewise-policy-in-force-'));
  // No serving.sqlite yet: the registered policy, said as describePolicy says it.
  const none = policyInForce(registry, 'cancer', BINARY);
  assert.deepEqual(none.policy, BINARY);
  assert.equal(none.serving, null);
  assert.deepEqual(none.overrides, []);
  assert.equal(none.description, "threshold 0.273 on 'malignant' (the brief's threshold with the most value)");

  const db = openServeDb(registry);
  const store = new PolicyStore(db);
  // A file without a policy for this name changes nothing.
  store.set('wine', { policy: { kind: 'top-k', k: 2 }, by: 'ops', why: 'two suggestions' });
  assert.equal(policyInForce(registry, 'cancer', BINARY).serving, null);

  const set = store.set('cancer', { policy: { kind: 'threshold', threshold: 0.4, positiveClass: 'malignant' }, by: 'walker', why: 'fewer biopsies' }, BINARY);
  assert.deepEqual(set.previous, BINARY);
  const inForce = policyInForce(registry, 'cancer', BINARY);
  assert.deepEqual(inForce.policy, { kind: 'threshold', threshold: 0.4, positiveClass: 'malignant', source: 'serving' });
  assert.deepEqual(inForce.registered, BINARY);
  assert.deepEqual(inForce.serving, { at: set.at, by: 'walker', why: 'fewer biopsies' });
  assert.equal(inForce.description, `threshold 0.4 on 'malignant' (set on the server with PUT /v1/models/cancer/policy on ${set.at.slice(0, 10)} ${set.at.slice(11, 16)} by walker, in place of the registered 0.273 from the brief's threshold with the most value)`);
  assert.deepEqual(inForce.overrides, [{ field: 'policy.threshold', registered: 0.273, used: 0.4, flag: "the server's policy (PUT /v1/models/cancer/policy)" }]);

  // A threshold does not apply to a multiclass version of the same name; top-k does.
  assert.deepEqual(policyInForce(registry, 'cancer', CLASSES).policy, CLASSES);
  const wine = policyInForce(registry, 'wine', CLASSES);
  assert.deepEqual(wine.policy, { kind: 'top-k', k: 2, source: 'serving' });
  assert.deepEqual(wine.overrides, [{ field: 'policy.k', registered: null, used: 2, flag: "the server's policy (PUT /v1/models/wine/policy)" }]);
  assert.deepEqual(policyInForce(registry, 'wine', BINARY).policy, BINARY);
  db.close();
});

test('every kind the server sets is read back in force: boundary, per-label thresholds, score threshold, top-k over expected value', () => {
  const registry = mkdtempSync(join(tmpdir(), 'framewise-policy-in-force-'));
  const db = openServeDb(registry);
  const store = new PolicyStore(db);
  const NUMBER: DecisionPolicy = { kind: 'number', boundary: 200, source: 'card' };
  const NO_BOUNDARY: DecisionPolicy = { kind: 'number', boundary: null, source: 'default' };
  const LABELS: DecisionPolicy = { kind: 'label-thresholds', thresholds: { heavy: 0.2, female: 0.5 }, source: 'brief-best-value' };
  const SCORE: DecisionPolicy = { kind: 'score-threshold', threshold: 0.61, flaggedShare: 0.05, source: 'brief-best-value' };
  const MODEL_OUTPUT: DecisionPolicy = { kind: 'model-output', source: 'default' };
  const EV: DecisionPolicy = { kind: 'expected-value', costMatrix: { a: { a: 1, b: -1 }, b: { a: -5, b: 2 } }, source: 'card' };

  store.set('diabetes', { policy: { kind: 'boundary', boundary: 150 }, by: 'clinic', why: 'follow up from 150' }, NUMBER);
  const moved = policyInForce(registry, 'diabetes', NUMBER, 'regression');
  assert.deepEqual(moved.policy, { kind: 'number', boundary: 150, source: 'serving' });
  assert.deepEqual(moved.overrides, [{ field: 'policy.boundary', registered: 200, used: 150, flag: "the server's policy (PUT /v1/models/diabetes/policy)" }]);
  assert.match(moved.description, /^boundary 150 \(set on the server .* by clinic, in place of the registered boundary 200 from the card's decision\)$/);
  // A regression registered without a boundary gets the one set on the server.
  assert.deepEqual(policyInForce(registry, 'diabetes', NO_BOUNDARY).overrides[0]!.registered, null);
  // A boundary is no threshold: a binary version of the name keeps its own.
  assert.deepEqual(policyInForce(registry, 'diabetes', BINARY).policy, BINARY);

  store.set('topics', { policy: { kind: 'label-thresholds', thresholds: { heavy: 0.9, female: 0.5 } }, by: 'ops', why: 'fewer heavy tags' }, LABELS);
  const labels = policyInForce(registry, 'topics', LABELS, 'multilabel');
  assert.deepEqual(labels.policy, { kind: 'label-thresholds', thresholds: { heavy: 0.9, female: 0.5 }, source: 'serving' });
  assert.deepEqual(labels.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.thresholds.heavy', 0.2, 0.9]], 'only the label that changed');
  // An older multi-label package (the most likely class) takes them; a multiclass version of the name does not.
  assert.equal(policyInForce(registry, 'topics', CLASSES, 'multilabel').policy.kind, 'label-thresholds');
  assert.deepEqual(policyInForce(registry, 'topics', CLASSES, 'multiclass').policy, CLASSES);

  store.set('odd', { policy: { kind: 'score-threshold', threshold: 0.5 }, by: 'ops', why: 'look at more' }, SCORE);
  const odd = policyInForce(registry, 'odd', SCORE, 'anomaly');
  assert.deepEqual(odd.policy, { kind: 'score-threshold', threshold: 0.5, flaggedShare: null, source: 'serving' });
  assert.deepEqual(odd.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.threshold', 0.61, 0.5]]);
  assert.equal(policyInForce(registry, 'odd', MODEL_OUTPUT, 'anomaly').policy.kind, 'score-threshold');
  assert.deepEqual(policyInForce(registry, 'odd', MODEL_OUTPUT, 'clustering').policy, MODEL_OUTPUT, 'a clustering version has no threshold');
  // A score threshold is not a probability threshold.
  assert.deepEqual(policyInForce(registry, 'odd', BINARY).policy, BINARY);

  store.set('wine', { policy: { kind: 'top-k', k: 2 }, by: 'ops', why: 'two suggestions' }, EV);
  const wine = policyInForce(registry, 'wine', EV, 'multiclass');
  assert.deepEqual(wine.policy, { kind: 'top-k', k: 2, source: 'serving' });
  assert.match(wine.description, /in place of the registered expected-value class from the card's decision\)$/);
  db.close();
});
