// The retraining summary's wording of a setting overridden against the registered version.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overrideText, registryFlagFor } from './retrain-report.js';

test('an override names the registered value, or says the registered version leaves it unset', () => {
  assert.equal(overrideText({ flag: '--threshold', field: 'policy.threshold', registered: 0.2, used: 0.35 }), '--threshold: policy.threshold 0.35 instead of the registered 0.2');
  const topK = overrideText({ flag: 'the server\'s policy (PUT /v1/models/digits/policy)', field: 'policy.k', registered: null, used: 2 });
  assert.equal(topK, 'the server\'s policy (PUT /v1/models/digits/policy): policy.k 2 (unset in the registered version)');
  assert.doesNotMatch(topK, /null|undefined/);
});

test('a printed promote command names the registry unless it is the default folder', () => {
  assert.equal(registryFlagFor('.framewise'), '');
  assert.equal(registryFlagFor('/tmp/reg'), ' --registry /tmp/reg');
  assert.equal(registryFlagFor('my models'), " --registry 'my models'");
});
