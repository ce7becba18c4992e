// A regression boundary moved on the server is the policy in force for monitor and retrain.

import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DecisionPolicy } from './decision-package.js';
import { policyInForce, SERVING_DB_FILE } from './policy-in-force.js';

function registryWith(policy: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-boundary-'));
  const db = new Database(join(dir, SERVING_DB_FILE));
  db.exec('CREATE TABLE policy (name TEXT PRIMARY KEY, policy TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, why TEXT NOT NULL)');
  db.prepare('INSERT INTO policy VALUES (?, ?, ?, ?, ?)').run('diabetes', JSON.stringify(policy), '2026-12-07T14:02:00Z', 'ops', 'fewer referrals');
  db.close();
  return dir;
}

const registered: DecisionPolicy = { kind: 'number', boundary: 150, source: 'card' };

test('a boundary set on the server replaces the registered one, recorded as an override', () => {
  for (const stored of [{ kind: 'boundary', boundary: 170, source: 'serving-policy' }, { kind: 'threshold', threshold: 170 }]) {
    const inForce = policyInForce(registryWith(stored), 'diabetes', registered);
    assert.deepEqual(inForce.policy, { kind: 'number', boundary: 170, source: 'serving' });
    assert.match(inForce.description, /^boundary 170 \(set on the server .* in place of the registered boundary 150 from the card's decision\)$/);
    assert.deepEqual(inForce.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.boundary', 150, 170]]);
  }
  // A binary model's threshold is not a boundary, and a boundary does not apply to a binary model.
  const binary: DecisionPolicy = { kind: 'threshold', threshold: 0.3, positiveClass: 'yes', source: 'card' };
  assert.deepEqual(policyInForce(registryWith({ kind: 'boundary', boundary: 170 }), 'diabetes', binary).policy, binary);
});
