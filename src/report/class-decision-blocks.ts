// The brief's account of how a multiclass model's rows become decisions: the rule in words (the
// class with the highest expected value under the card's cost matrix, or the most likely class),
// the cost matrix itself as a table, and which rule every value in the brief was measured by.

import type { BriefPolicy } from './brief-decision.js';
import type { Block } from './document.js';
import { money } from './format.js';

/** What the section needs from the brief: the policy as brief.json holds it, the classes, the currency and whether decisions were valued. */
export interface ClassDecisionInput {
  readonly output: string;
  readonly classes: readonly string[];
  readonly policy: BriefPolicy | null;
  readonly currency: string;
  readonly valued: boolean;
}

/** The blocks of the framing question for a multiclass model (opening with its answer). */
export function classDecisionBlocks(input: ClassDecisionInput): Block[] {
  const matrix = input.policy?.kind === 'expected-value' ? (input.policy.costMatrix ?? null) : null;
  if (matrix === null || Object.keys(matrix).length === 0) {
    const topK = input.policy?.kind === 'top-k' ? input.policy.k : null;
    const rule = topK !== null ? `Each row gets its ${topK} most likely classes${input.valued ? '; a cost matrix prices one class per decision, so every value here (the model, each non-ML approach, the promise) is that of the most likely class' : ''}.` : `Each row gets its most likely class${input.valued ? ', and every value here (the model, each non-ML approach, the promise) is that decision priced by the cost matrix' : ''}.`;
    return [{ kind: 'answer', tone: 'neutral', text: `The model outputs ${input.output}. ${rule}` }];
  }
  const classes = orderedClasses(input.classes, matrix);
  const cell = (actual: string, decided: string): string => {
    const v = matrix[actual]?.[decided];
    return v === undefined ? '0 (not given)' : input.currency ? money(v, input.currency) : String(v);
  };
  return [
    {
      kind: 'answer',
      tone: 'neutral',
      text: `The model outputs ${input.output}. Each row is decided as the class with the highest expected value under the card's cost matrix, which need not be the most likely class: where missing a class costs much more than calling it wrongly, that class is decided even when another is likelier.`,
    },
    {
      kind: 'paragraph',
      text: `The rule in words: for each class the row could be decided as, add up what that decision is worth for every class the row could truly be, each weighted by the model's probability of that class; decide the class whose sum is highest (ties go to the more likely class). ${input.valued ? 'Every value in this brief (the model, each non-ML approach that gives probabilities, the promise) is measured by this rule, and serving, monitoring and retraining decide by it too.' : 'Serving, monitoring and retraining decide by it.'}`,
    },
    {
      kind: 'table',
      headers: ['actual class / decided as', ...classes],
      align: ['left', ...classes.map(() => 'right' as const)],
      rows: classes.map((actual) => [actual, ...classes.map((decided) => cell(actual, decided))]),
      caption: `The card's cost matrix (business.costMatrix): the value of each decision (column) when the truth is the row's class${input.currency ? `, in ${input.currency}` : ''}; a cost is negative`,
    },
  ];
}

/** The model's classes first, in their order, then any class the matrix names that the data lacks. */
function orderedClasses(classes: readonly string[], matrix: Readonly<Record<string, Readonly<Record<string, number>>>>): string[] {
  const out = [...classes];
  for (const [actual, row] of Object.entries(matrix)) for (const c of [actual, ...Object.keys(row)]) if (!out.includes(c)) out.push(c);
  return out;
}
