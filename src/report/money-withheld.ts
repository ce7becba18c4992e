// Whether a brief may make a money claim at all: under `fix-data-first` the data comes before any
// money (the figures rest on the failing check, often a leak), and with no model scored there is
// nothing to value. Both the brief's "Is it worth it?" and the terminal's money line say this instead.

import type { Brief } from './brief-data.js';

/**
 * The one plain sentence that replaces the money claim, or null when the verdict allows one.
 * Under fix-data-first it names the failing check (and the suspected features for a leak).
 */
export function moneyWithheld(brief: Brief): string | null {
  const a = brief.assessment;
  const v = a.verdict;
  if (v.verdict === 'fix-data-first') {
    const check = a.readiness.find((c) => c.id === v.names && c.status === 'fail') ?? a.readiness.find((c) => c.status === 'fail');
    const what = check ? check.title.toLowerCase() : 'a failing data check';
    const leaked = check?.id === 'leakage' ? a.leakSuspects.filter((s) => s.kind === 'near-perfect').map((s) => `'${s.feature}'`) : [];
    const failing = leaked.length > 0 ? `a suspected leak in ${leaked.join(', ')}` : what;
    return `Whether it is worth it cannot be judged until the data is fixed: ${failing}. Any money figure now would rest on it, so none is claimed.`;
  }
  if (v.verdict === 'inconclusive' && (v.settle?.missing === 'no-model' || brief.choice == null)) {
    return 'Whether it is worth it cannot be judged yet: no model was scored within the time budget, so there is nothing to value.';
  }
  return null;
}
