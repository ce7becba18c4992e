// The availability question beside the verdict: asked by name after a leak stops the assessment,
// before acting on any other verdict, once per feature, and not at all without a strong suspect.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withAvailabilityQuestion } from './availability-question.js';
import type { LeakSuspect } from './leakage.js';
import type { Verdict } from './verdict.js';

const rule: Verdict = { verdict: 'rule-suffices', headline: "A simple rule is enough: best one-feature rule ('resolution_code').", reason: '…', names: 'rule:resolution_code', minimumLift: 0.02, moreDataLikelyHelps: null };
const leak: Verdict = { verdict: 'fix-data-first', headline: 'Fix the data first: features available at prediction time (leakage).', reason: '…', names: 'leakage', minimumLift: 0.02, moreDataLikelyHelps: null };
const suspect = (feature: string, kind: LeakSuspect['kind']): LeakSuspect => ({ feature, kind, severity: kind === 'near-perfect' ? 'fail' : 'warn', message: '…' });

test('a very strong feature is asked about beside a rule verdict; a near-perfect one after the leak verdict', () => {
  assert.equal(withAvailabilityQuestion(rule, [suspect('resolution_code', 'very-strong')]).headline, "A simple rule is enough: best one-feature rule ('resolution_code'). Before acting on this: is 'resolution_code' known at the moment of prediction?");
  assert.equal(withAvailabilityQuestion(leak, [suspect('resolution_code', 'near-perfect')]).headline, "Fix the data first: features available at prediction time (leakage). Is 'resolution_code' known at the moment of prediction?");
});

test('several features are asked about together, each once; other suspects raise no question here', () => {
  const asked = withAvailabilityQuestion(rule, [suspect('a', 'near-perfect'), suspect('b', 'very-strong'), suspect('a', 'very-strong'), suspect('c', 'rules-out-classes'), suspect('d', 'unavailable-at-prediction')]);
  assert.match(asked.headline, /Before acting on this: are 'a' and 'b' known at the moment of prediction\?$/);
  assert.equal(withAvailabilityQuestion(rule, [suspect('c', 'rules-out-classes')]), rule);
  assert.equal(asked.verdict, 'rule-suffices');
  assert.equal(asked.reason, rule.reason);
});
