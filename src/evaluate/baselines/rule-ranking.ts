// A one-feature rule in words as it is scored: by a ranking metric (ROC AUC, PR AUC) its leaves'
// shares of the positive class rank the rows, so it reads "the higher x2, the more likely 1";
// by a metric on decided classes or values it reads as the decisions it makes (`x1 > 0.3 → yes`).

import type { Truth } from '../oof.js';
import { decidesOneClass, describeRule, formatRuleValue, type Leaf, leafPrediction, type OneFeatureRule } from './one-feature-rule.js';

/** Metrics that score an ordering of rows, not the classes decided. */
const RANKING_METRICS: ReadonlySet<string> = new Set(['roc_auc', 'pr_auc', 'average_precision']);

/** Whether a two-class rule scored by `metric` is used as a ranking (its score orders rows). */
export function readsAsRanking(metric: string, truth: Truth): boolean {
  return truth.kind === 'classification' && truth.classes.length === 2 && RANKING_METRICS.has(metric);
}

/** The rule in the words of how `metric` uses it: as a ranking, or as the decisions it makes. */
export function describeRuleAsScored(rule: OneFeatureRule, truth: Truth, metric: string): string {
  return readsAsRanking(metric, truth) ? describeRanking(rule, truth) : describeRule(rule, truth);
}

/** At most this many categories are named in a ranking; the rest are counted. */
const SHOWN_CATEGORIES = 5;

/**
 * A two-class rule as the ranking it gives. Numbers: "the higher x2, the more likely yes" when
 * the share of the positive class rises across the intervals (falls: "the lower"; a small dip is
 * taken as noise in the trend), followed by the decisions it makes when they are not one class
 * everywhere, or else by the shares it ranks with; intervals out of order are listed from most to
 * least likely. Categories: listed from most to least likely with their shares. Shares are those
 * observed in the rows (0 of 1,518 is 0%), not the smoothed ones the rule scores with.
 */
export function describeRanking(rule: OneFeatureRule, truth: Truth): string {
  if (truth.kind !== 'classification' || truth.classes.length !== 2) return describeRule(rule, truth);
  const positive = truth.classes[truth.positive]!;
  // The observed share; a leaf no row landed in falls back to the rule's smoothed score.
  const share = (leaf: Leaf): number => (leaf.rows > 0 ? leaf.counts[truth.positive]! / leaf.rows : leafPrediction(truth, leaf, rule.prior)[truth.positive]!);
  const pct = (leaf: Leaf): string => observedPct(leaf, truth.positive, share(leaf));
  const f = rule.feature;
  if (rule.kind === 'categorical') {
    const ranked = [...rule.categories].map(([k, leaf]) => ({ k, s: share(leaf), leaf })).sort((a, b) => b.s - a.s || a.k.localeCompare(b.k));
    if (ranked.length === 0) return `${f} ranks no rows apart (share of ${positive}: ${pct(rule.prior)} throughout)`;
    const shown = ranked.length <= SHOWN_CATEGORIES + 1 ? ranked : [...ranked.slice(0, SHOWN_CATEGORIES - 1), ranked.at(-1)!];
    const parts = shown.map((r, i) => `${i === 0 ? `${f} = ` : ''}${r.k} (${pct(r.leaf)})`);
    if (shown.length < ranked.length) parts.splice(SHOWN_CATEGORIES - 1, 0, `${ranked.length - shown.length} more`);
    const other = rule.other === rule.prior ? '' : `; other values ${pct(rule.other)}`;
    return `${positive} most likely for ${parts.join(', then ')}${other}`;
  }
  const intervals = rule.leaves.map((leaf, i) => ({ condition: interval(f, i === 0 ? null : rule.thresholds[i - 1]!, i === rule.thresholds.length ? null : rule.thresholds[i]!), s: share(leaf), leaf }));
  const missing = rule.missing === rule.prior ? '' : `; ${f} missing: ${pct(rule.missing)}`;
  if (intervals.length < 2) return `${f} ranks no rows apart (share of ${positive}: ${pct(intervals[0]?.leaf ?? rule.prior)} for any ${f})${missing}`;
  // A small step between neighbouring intervals is noise in the trend: within two standard
  // errors, or under a quarter of the spread of the shares (the splits are chosen where the
  // shares differ most, so a dip between two intervals on the same side is inflated).
  const spread = Math.max(...intervals.map((x) => x.s)) - Math.min(...intervals.map((x) => x.s));
  const direction = trend(intervals.map((x) => x.leaf), truth.positive, spread, decidesOneClass(rule, truth) ? null : (leaf) => argmax(leafPrediction(truth, leaf, rule.prior)) === truth.positive);
  if (direction === null) {
    const ranked = [...intervals].sort((a, b) => b.s - a.s);
    return `${positive} most likely for ${ranked.map((x) => `${x.condition} (${pct(x.leaf)})`).join(', then ')}${missing}`;
  }
  const lead = `the ${direction} ${f}, the more likely ${positive}`;
  if (!decidesOneClass(rule, truth)) return `${lead}: ${describeRule(rule, truth)}`;
  // One class decided everywhere: the shares are what the rule ranks with.
  const [from, to] = direction === 'higher' ? [intervals[0]!, intervals.at(-1)!] : [intervals.at(-1)!, intervals[0]!];
  return `${lead} (share of ${positive}: ${pct(from.leaf)} for ${from.condition} up to ${pct(to.leaf)} for ${to.condition})${missing}`;
}

/**
 * 'higher' or 'lower' when the shares follow that one direction: some pair of intervals differs
 * that way beyond noise, and no pair, near or far, goes the other way beyond noise or by a quarter
 * of the spread (judging each neighbouring step alone let a rise made of small steps read as the
 * fall of one dip). Decisions (`decides`), when the rule makes two, must change once, the same way.
 */
function trend(leaves: readonly Leaf[], positive: number, spread: number, decides: ((leaf: Leaf) => boolean) | null): 'higher' | 'lower' | null {
  const shareOf = (leaf: Leaf): number => leaf.counts[positive]! / leaf.rows;
  let up = false;
  let down = false;
  let againstUp = false;
  let againstDown = false;
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const d = step(leaves[i]!, leaves[j]!, positive, spread / 4);
      if (d > 0) up = true;
      if (d < 0) down = true;
      // Against a direction: a change beyond noise, or a quarter of the spread however noisy.
      // Between two intervals the rule decides alike, a dip is judged as noise unless it is both
      // beyond noise and a quarter of the spread: a step rule's top interval at 87% after one at
      // 94% still reads as the rise it decides by.
      const change = shareOf(leaves[j]!) - shareOf(leaves[i]!);
      const se2 = 2 * standardError(leaves[i]!, leaves[j]!, positive);
      const alike = decides !== null && decides(leaves[i]!) === decides(leaves[j]!);
      const against = Math.abs(change) > 0 && Math.abs(change) >= (alike ? Math.max(se2, spread / 4) : Math.min(se2, spread / 4));
      if (against && change < 0) againstUp = true;
      if (against && change > 0) againstDown = true;
    }
  }
  const direction = up && !againstUp ? 'higher' : down && !againstDown ? 'lower' : null;
  if (direction === null || decides === null) return direction;
  const decided = leaves.map(decides);
  const ordered = direction === 'higher' ? decided : [...decided].reverse();
  return ordered.every((d, i) => i === 0 || d || !ordered[i - 1]) ? direction : null;
}

/** The class a leaf decides, as describeRule words it (ties go to the first class). */
function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** A share observed in a leaf as a percentage; none or all of its rows are counted out ("0% (0 of 1,518)"). */
function observedPct(leaf: Leaf, positive: number, s: number): string {
  const count = leaf.rows > 0 ? leaf.counts[positive]! : -1;
  const of = count === 0 || count === leaf.rows ? ` (${count.toLocaleString('en-US')} of ${leaf.rows.toLocaleString('en-US')})` : '';
  return `${pctOf(s)}${of}`;
}

/** +1 or -1 when the positive share rises or falls from leaf a to leaf b by two standard errors and `least` or more, else 0. */
function step(a: Leaf, b: Leaf, positive: number, least: number): number {
  const pa = a.counts[positive]! / a.rows;
  const pb = b.counts[positive]! / b.rows;
  return Math.abs(pb - pa) < Math.max(2 * standardError(a, b, positive), least) ? 0 : Math.sign(pb - pa);
}

/** The standard error of the difference between two leaves' positive shares (pooled). */
function standardError(a: Leaf, b: Leaf, positive: number): number {
  const pooled = (a.counts[positive]! + b.counts[positive]!) / (a.rows + b.rows);
  return Math.sqrt(pooled * (1 - pooled) * (1 / a.rows + 1 / b.rows));
}

function interval(f: string, low: number | null, high: number | null): string {
  return low === null && high === null ? `any ${f}` : low === null ? `${f} ≤ ${formatRuleValue(high!)}` : high === null ? `${f} > ${formatRuleValue(low)}` : `${formatRuleValue(low)} < ${f} ≤ ${formatRuleValue(high)}`;
}

/** A share as a percentage with two significant figures (97%, 2.1%, 0.45%). */
function pctOf(x: number): string {
  const p = 100 * x;
  return `${p >= 99.5 || p === 0 ? Math.round(p) : Number(p.toPrecision(2))}%`;
}
