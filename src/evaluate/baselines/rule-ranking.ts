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
 * least likely. Categories: listed from most to least likely with their shares.
 */
export function describeRanking(rule: OneFeatureRule, truth: Truth): string {
  if (truth.kind !== 'classification' || truth.classes.length !== 2) return describeRule(rule, truth);
  const positive = truth.classes[truth.positive]!;
  const share = (leaf: Leaf): number => leafPrediction(truth, leaf, rule.prior)[truth.positive]!;
  const f = rule.feature;
  if (rule.kind === 'categorical') {
    const ranked = [...rule.categories].map(([k, leaf]) => ({ k, s: share(leaf) })).sort((a, b) => b.s - a.s || a.k.localeCompare(b.k));
    if (ranked.length === 0) return `${f} ranks no rows apart (share of ${positive}: ${pct(share(rule.prior))} throughout)`;
    const shown = ranked.length <= SHOWN_CATEGORIES + 1 ? ranked : [...ranked.slice(0, SHOWN_CATEGORIES - 1), ranked.at(-1)!];
    const parts = shown.map((r, i) => `${i === 0 ? `${f} = ` : ''}${r.k} (${pct(r.s)})`);
    if (shown.length < ranked.length) parts.splice(SHOWN_CATEGORIES - 1, 0, `${ranked.length - shown.length} more`);
    const other = rule.other === rule.prior ? '' : `; other values ${pct(share(rule.other))}`;
    return `${positive} most likely for ${parts.join(', then ')}${other}`;
  }
  const intervals = rule.leaves.map((leaf, i) => ({ condition: interval(f, i === 0 ? null : rule.thresholds[i - 1]!, i === rule.thresholds.length ? null : rule.thresholds[i]!), s: share(leaf), leaf }));
  const missing = rule.missing === rule.prior ? '' : `; ${f} missing: ${pct(share(rule.missing))}`;
  if (intervals.length < 2) return `${f} ranks no rows apart (share of ${positive}: ${pct(intervals[0]?.s ?? share(rule.prior))} for any ${f})${missing}`;
  // A small step between neighbouring intervals is noise in the trend: within two standard
  // errors, or under a quarter of the spread of the shares (the splits are chosen where the
  // shares differ most, so a dip between two intervals on the same side is inflated).
  const spread = Math.max(...intervals.map((x) => x.s)) - Math.min(...intervals.map((x) => x.s));
  const steps = intervals.slice(1).map((x, i) => step(intervals[i]!.leaf, x.leaf, truth.positive, spread / 4));
  const direction = steps.every((d) => d >= 0) && steps.some((d) => d > 0) ? 'higher' : steps.every((d) => d <= 0) && steps.some((d) => d < 0) ? 'lower' : null;
  if (direction === null) {
    const ranked = [...intervals].sort((a, b) => b.s - a.s);
    return `${positive} most likely for ${ranked.map((x) => `${x.condition} (${pct(x.s)})`).join(', then ')}${missing}`;
  }
  const lead = `the ${direction} ${f}, the more likely ${positive}`;
  if (!decidesOneClass(rule, truth)) return `${lead}: ${describeRule(rule, truth)}`;
  // One class decided everywhere: the shares are what the rule ranks with.
  const [from, to] = direction === 'higher' ? [intervals[0]!, intervals.at(-1)!] : [intervals.at(-1)!, intervals[0]!];
  return `${lead} (share of ${positive}: ${pct(from.s)} for ${from.condition} up to ${pct(to.s)} for ${to.condition})${missing}`;
}

/** +1 or -1 when the positive share rises or falls from leaf a to leaf b by two standard errors and `least` or more, else 0. */
function step(a: Leaf, b: Leaf, positive: number, least: number): number {
  const pa = a.counts[positive]! / a.rows;
  const pb = b.counts[positive]! / b.rows;
  const pooled = (a.counts[positive]! + b.counts[positive]!) / (a.rows + b.rows);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.rows + 1 / b.rows));
  return Math.abs(pb - pa) < Math.max(2 * se, least) ? 0 : Math.sign(pb - pa);
}

function interval(f: string, low: number | null, high: number | null): string {
  return low === null && high === null ? `any ${f}` : low === null ? `${f} ≤ ${formatRuleValue(high!)}` : high === null ? `${f} > ${formatRuleValue(low)}` : `${formatRuleValue(low)} < ${f} ≤ ${formatRuleValue(high)}`;
}

/** A share as a percentage with two significant figures (97%, 2.1%, 0.45%). */
function pct(x: number): string {
  const p = 100 * x;
  return `${p >= 99.5 || p === 0 ? Math.round(p) : Number(p.toPrecision(2))}%`;
}
