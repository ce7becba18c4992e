// Features the card vouches are known when a prediction is made: those whose note says
// `availableAtPrediction: true`, and those a team rule reads (the team decides with them today).
// A feature's strength alone never makes these suspects of leakage.

import type { Card } from './card.js';
import type { TeamRuleColumn } from './problem.js';

/** Feature name → why it is taken as known at prediction time, in words. */
export type VouchedFeatures = ReadonlyMap<string, string>;

export function vouchedFeatures(card: Card, rules: readonly TeamRuleColumn[], features: readonly string[]): VouchedFeatures {
  const out = new Map<string, string>();
  for (const [name, note] of Object.entries(card.features?.notes ?? {})) {
    if (note.availableAtPrediction === true && features.includes(name)) out.set(name, 'the card marks it available at prediction time');
  }
  for (const rule of rules) {
    for (const name of columnsRead(rule.sql, features)) if (!out.has(name)) out.set(name, `the team's rule '${rule.name}' decides with it`);
  }
  return out;
}

/**
 * The features a SQL expression names: quoted identifiers ("monthly fee") and bare words, matched
 * without regard to case as DuckDB matches names; words inside string literals are not names.
 */
export function columnsRead(sql: string, features: readonly string[]): string[] {
  const byLower = new Map(features.map((f) => [f.toLowerCase(), f]));
  const found = new Set<string>();
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (const m of sql.matchAll(token)) {
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2];
    if (name === undefined) continue;
    const feature = byLower.get(name.toLowerCase());
    if (feature !== undefined) found.add(feature);
  }
  return [...found];
}
