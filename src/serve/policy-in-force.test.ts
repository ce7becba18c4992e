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
