// One-line explanations of the terms a brief uses, each given once: the first time the term
// appears, so a reader who has never trained a model understands every sentence.

import type { Block } from './document.js';
import { isKnownMetric, metricInfo } from '../evaluate/task-metrics.js';

const TERMS: Readonly<Record<string, string>> = {
  'cross-validation': 'the data is cut into parts; each part in turn is held back, the candidate learns from the rest and is scored on the held-back part, so every score comes from rows it never saw.',
  feature: 'an input column the model predicts from (the target is what it predicts).',
  threshold: 'the probability above which the product takes the positive action; moving it trades false alarms against misses.',
  precision: 'of the cases the model flags, the share that really are positive.',
  recall: 'of the cases that really are positive, the share the model flags.',
  'permutation importance': 'shuffle one input so it carries no information, and see how much the model’s score drops: the bigger the drop, the more the model relies on that input.',
  SHAP: 'a fair split of one prediction among the inputs: each input gets the amount it pushed this prediction up or down from the average.',
};

export class Glossary {
  private readonly given = new Set<string>();

  /** The definition block the first time a term (or a metric id) is met; nothing afterwards. */
  explain(term: string): Block[] {
    if (this.given.has(term)) return [];
    this.given.add(term);
    const text = TERMS[term];
    if (text !== undefined) return [{ kind: 'definition', term, text }];
    if (!isKnownMetric(term)) return [];
    const info = metricInfo(term);
    return [{ kind: 'definition', term: info.label, text: `${info.explain}.` }];
  }
}
