// The columns of a model's training data that it left out (ids, free text, the time column, the
// target, excluded or unavailable features, team-rule outputs): a request row may carry them, and
// the server ignores them, as the docs promise. Any other field stays an error, so typos are caught.

import type { Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { RULE_COLUMN_PREFIX } from '../frame/problem.js';
import { decisionPackageOf } from '../registry/decision-package.js';
import type { ModelVersion } from '../registry/store.js';

/** Names accepted in a request row and ignored, worked out once per loaded version. */
export type LeftOutFields = ReadonlySet<string>;

function cardOf(info: ModelVersion): Card | null {
  try {
    return info.lineage.card === null ? null : parseCard(info.lineage.card, `the card of '${info.name}'@${info.version}`);
  } catch {
    return null;
  }
}

/**
 * Every column the version's training data had besides its features, from what the version
 * stores: the signature's ignored columns, the target, the columns its decision package lists as
 * left out, and every column its card names (target, id, time, reference column, included,
 * excluded and noted features, typed columns, drift settings) with the columns of its team rules.
 */
export function leftOutFields(info: ModelVersion): LeftOutFields {
  const names = new Set<string>();
  for (const c of info.signature.ignored) names.add(c.name);
  if (info.target !== null) names.add(info.target);
  for (const c of decisionPackageOf(info).leftOut ?? []) names.add(c.name);
  const card = cardOf(info);
  if (card !== null) {
    const target = card.target;
    if (typeof target === 'string') names.add(target);
    else if (Array.isArray(target)) for (const t of target) names.add(t);
    for (const name of [card.id, card.time, card.referenceColumn]) if (name !== undefined) names.add(name);
    for (const name of card.features?.include ?? []) names.add(name);
    for (const name of card.features?.exclude ?? []) names.add(name);
    for (const name of Object.keys(card.features?.notes ?? {})) names.add(name);
    for (const name of Object.keys(card.data.types ?? {})) names.add(name);
    for (const name of Object.keys(card.monitoring?.drift ?? {})) names.add(name);
    for (const rule of card.rules ?? []) names.add(`${RULE_COLUMN_PREFIX}${rule.name}`);
  }
  // A feature is read, never ignored.
  for (const f of info.signature.features) names.delete(f.name);
  return names;
}
