// The class each row of a multiclass window was decided as: as the server logged it (an
// expected-value decision, or the served class of an older server), else by the policy's rule on
// the model's probabilities (frame/decision-rules.ts, the rule the brief and the server decide by).

import { type ClassPolicy, classRuleOfPolicy, ruleClass } from '../evaluate/value/class-decisions.js';

/** A multiclass decision as logged: its kind and the class decided. */
export interface LoggedClassDecision {
  readonly kind: 'expected-value' | 'label';
  readonly label: string;
  readonly source: string | null;
}

/** The class decision of a log line's `decision` member, or null for other decisions (or none). */
export function loggedClassDecisionOf(decision: unknown): LoggedClassDecision | null {
  if (typeof decision !== 'object' || decision === null) return null;
  const d = decision as { kind?: unknown; label?: unknown; source?: unknown };
  if ((d.kind !== 'expected-value' && d.kind !== 'label') || typeof d.label !== 'string') return null;
  return { kind: d.kind, label: d.label, source: typeof d.source === 'string' ? d.source : null };
}

export interface TakenClasses {
  /** The decided class code of each row (-1 for a logged class the model does not know). */
  readonly codes: Int32Array;
  /** How the rows were decided, in words. */
  readonly decidedBy: string;
}

/**
 * The decided class of each of `rows` (window rows): the logged class where the log holds one,
 * else the policy's rule on row `i` of `probabilities` (K classes a row, in `rows` order).
 */
export function takenClasses(classes: readonly string[], probabilities: Float64Array, rows: ArrayLike<number>, policy: ClassPolicy, policyWords: string, logged: readonly (LoggedClassDecision | null)[] | null): TakenClasses {
  const K = classes.length;
  const rule = classRuleOfPolicy(policy, classes);
  const index = new Map(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(rows.length);
  const kinds = new Set<string>();
  let fromRule = 0;
  for (let i = 0; i < rows.length; i++) {
    const taken = logged?.[rows[i]!] ?? null;
    if (taken !== null) {
      codes[i] = index.get(taken.label) ?? -1;
      kinds.add(taken.kind);
    } else {
      codes[i] = ruleClass(rule, probabilities, i * K, K);
      fromRule++;
    }
  }
  const asLogged = kinds.size === 0 ? null : `as logged with each decision (${[...kinds].map((k) => (k === 'expected-value' ? 'the class with the highest expected value under the cost matrix' : 'the class the server returned')).join(' or ')})`;
  const byRule = `by the policy: ${policyWords}`;
  const decidedBy = asLogged === null ? byRule : fromRule === 0 ? asLogged : `${asLogged}; ${fromRule} row${fromRule === 1 ? '' : 's'} without a logged decision ${byRule}`;
  return { codes, decidedBy };
}
