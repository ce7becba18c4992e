// The readiness check an assessment lists when its numeric target is nearly constant (the rule
// is in frame/target-spread.ts): trained and assessed anyway, with the reason to doubt its scores.

import type { ReadinessCheck } from '../profile/readiness.js';

export function targetSpreadCheck(warning: string, target: string): ReadinessCheck {
  return { id: 'target-spread', title: 'A target that varies', status: 'warn', message: warning, evidence: { target } };
}
