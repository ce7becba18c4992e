// What would settle an inconclusive verdict, in the one short line the terminal, the brief and
// `brief --register` all show: the labelled rows or the budget that would let the evidence decide.

import type { Settle, Verdict } from '../evaluate/verdict.js';
import { num } from './format.js';

/** "about 9,900 labelled rows (now 1,500), or a budget of about 40 s (--budget 40)"; null without a settle. */
export function settleLine(settle: Settle | null | undefined, labelledRows: number): string | null {
  if (settle === null || settle === undefined) return null;
  const parts: string[] = [];
  if (settle.rowsSuggested !== null) parts.push(`about ${num(settle.rowsSuggested)} labelled rows (now ${num(labelledRows)})`);
  if (settle.budgetSuggestedSeconds !== null) parts.push(`${settle.missing === 'no-model' ? 'a time budget that fits a model' : 'a larger time budget'}: about ${num(settle.budgetSuggestedSeconds)} s (--budget ${settle.budgetSuggestedSeconds})`);
  if (parts.length === 0) parts.push(settle.missing === 'no-model' ? 'a larger time budget (--budget)' : 'more labelled rows');
  return `What would settle it: ${parts.join(', or ')}.`;
}

/** The settle line of a verdict that is inconclusive; null for every other verdict. */
export function verdictSettleLine(verdict: Verdict, labelledRows: number): string | null {
  return verdict.verdict === 'inconclusive' ? settleLine(verdict.settle, labelledRows) : null;
}
