// Leakage suspects: features that alone predict the target almost perfectly or very well (graded,
// so resampling the same data never turns a leak into "a rule is enough" without asking whether the
// feature is known at prediction time), features whose values rule out whole classes exactly
// (typical of something measured with or after the outcome), and features the card marks as
// unknown at prediction time.

import type { Frame } from '../data/frame.js';
import type { VouchedFeatures } from '../frame/vouched-features.js';
import type { CheckStatus, ReadinessCheck } from '../profile/readiness.js';
import { numericView, type OneFeatureRule, ruleLeaves } from './baselines/one-feature-rule.js';
import { exclusionEdge } from './exclusion-edge.js';
import type { FeaturePower, FeaturePowerResult } from './feature-power.js';
import type { Supervised, Truth } from './oof.js';
import { metricInfo } from './task-metrics.js';

export interface LeakSuspect {
  readonly feature: string;
  /**
   * near-perfect: the feature alone leaves almost nothing to explain (fails the check);
   * very-strong: it alone reaches very high power, short of that (a warning, and the question in
   * the verdict's headline); rules-out-classes: some values never occur with some classes;
   * unavailable-at-prediction: the card says so, and it is left out.
   */
  readonly kind: 'near-perfect' | 'very-strong' | 'rules-out-classes' | 'unavailable-at-prediction';
  readonly severity: 'fail' | 'warn';
  /** The plain-language finding and the question to ask. */
  readonly message: string;
}

/**
 * Share of the way from guessing to perfect at which one feature alone is near-perfect whatever
 * else it shows (ROC AUC 0.99). Below it, near-perfect needs the copy signature (COPY_SHARE): a
 * line on the score alone at ROC AUC 0.98 cut through a 2% noisy copy of the label, whose samples
 * scored 0.970 to 0.987, so resamples of one table fell either side.
 */
export const NEAR_PERFECT_SHARE = 0.98;

/**
 * The score in the main metric from which one feature alone has very high power and raises the
 * availability question: ROC AUC 0.95 (two classes), balanced accuracy 0.95 (several classes:
 * each class recognised 95% of the time on average), R² 0.90 (numbers: nine tenths of the
 * variation explained). Another metric: 90% of the way from guessing to perfect.
 */
export const VERY_HIGH_POWER: Readonly<Record<string, number>> = { roc_auc: 0.95, balanced_accuracy: 0.95, r2: 0.9 };
const VERY_HIGH_SHARE = 0.9;

/**
 * A copy of the label with a little noise sorts nearly every row of every class into a group that
 * holds nearly only that class (see copyShare: groups holding one class on COPY_SHARE of their
 * rows, classes weighed equally, measured on the rule fitted on all rows). A copy share of
 * COPY_SHARE with very high power is near-perfect; COPY_QUESTION_SHARE raises the question on its
 * own. A 2% noisy copy sits near 98%, several standard errors from 95% on a few hundred rows a
 * class; a strong measurement whose classes overlap leaves a mixed middle and sits far below.
 */
export const COPY_SHARE = 0.95;
export const COPY_QUESTION_SHARE = 0.97;

export type PowerGrade = 'near-perfect' | 'very-strong';

/** How suspicious one feature's power alone is: near-perfect, very strong, or neither (null). */
export function powerGrade(row: FeaturePower, rule: OneFeatureRule | undefined, truth: Truth): PowerGrade | null {
  const { metric, mean } = row.singleFeatureScore;
  if (!Number.isFinite(mean)) return null;
  const chance = chanceScore(metric, truth);
  const share = (mean - chance) / (1 - chance);
  const veryHigh = VERY_HIGH_POWER[metric] !== undefined ? mean >= VERY_HIGH_POWER[metric]! : share >= VERY_HIGH_SHARE;
  const copy = rule === undefined || truth.kind !== 'classification' ? 0 : copyShare(rule, truth);
  if (share >= NEAR_PERFECT_SHARE || (veryHigh && copy >= COPY_SHARE)) return 'near-perfect';
  if (veryHigh || copy >= COPY_QUESTION_SHARE) return 'very-strong';
  return null;
}

/** What guessing scores in the metric: 0.5 ROC AUC, one over the classes in balanced accuracy, the positive share in PR AUC, 0 otherwise. */
function chanceScore(metric: string, truth: Truth): number {
  if (truth.kind !== 'classification') return 0;
  if (metric === 'roc_auc' || metric === 'roc_auc_ovr') return 0.5;
  if (metric === 'balanced_accuracy') return 1 / truth.classes.length;
  if (metric === 'pr_auc' || metric === 'average_precision') return truth.y.reduce((s, c) => s + (c === truth.positive ? 1 : 0), 0) / truth.y.length;
  return 0;
}

/**
 * The smallest share, over the classes, of a class's rows that lie in a group (an interval or a
 * category of the rule) holding that class on at least COPY_SHARE of its rows, classes weighed
 * equally. 1 for an exact copy of the label; low for a strong measurement whose classes overlap.
 */
export function copyShare(rule: OneFeatureRule, truth: Truth & { kind: 'classification' }): number {
  const k = truth.classes.length;
  const total = new Float64Array(k);
  for (const c of truth.y) total[c]!++;
  const covered = new Float64Array(k);
  for (const leaf of ruleLeaves(rule)) {
    const weighed = leaf.counts.map((count, c) => (total[c]! > 0 ? count / total[c]! : 0));
    const sum = weighed.reduce((s, w) => s + w, 0);
    if (sum === 0) continue;
    const top = weighed.indexOf(Math.max(...weighed));
    if (weighed[top]! / sum >= COPY_SHARE) covered[top]! += leaf.counts[top]!;
  }
  let least = 1;
  for (let c = 0; c < k; c++) if (total[c]! > 0) least = Math.min(least, covered[c]! / total[c]!);
  return least;
}

const question = (feature: string): string => `Is '${feature}' known at the moment the prediction is made?`;

/**
 * The suspects among the features. Features the card vouches for (marked available at prediction
 * time, or read by a team rule) are never suspects: the card has answered the question.
 */
export function findLeaks(frame: Frame, power: FeaturePowerResult, truth: Truth, _task: Supervised, unavailable: readonly { name: string; note: string | null }[], vouched: VouchedFeatures = new Map()): LeakSuspect[] {
  const suspects: LeakSuspect[] = [];
  const when = timeGrain(frame);
  for (const row of power.rows) {
    if (vouched.has(row.feature)) continue;
    const rule = power.rules.get(row.feature);
    const grade = powerGrade(row, rule, truth);
    const scored = `${metricInfo(row.singleFeatureScore.metric).label} ${row.singleFeatureScore.mean.toFixed(3)}; its rule: ${row.rule}`;
    if (grade === 'near-perfect') {
      suspects.push({
        feature: row.feature,
        kind: 'near-perfect',
        severity: 'fail',
        message: `'${row.feature}' alone predicts the target almost perfectly (${scored}). A real feature rarely does that: it is probably a copy of the label, or recorded after the outcome. ${question(row.feature)}`,
      });
      continue;
    }
    if (grade === 'very-strong') {
      suspects.push({
        feature: row.feature,
        kind: 'very-strong',
        severity: 'warn',
        message: `'${row.feature}' alone predicts the target very well (${scored}). That can be a real, strong feature, or one recorded with or after the outcome. ${question(row.feature)} If so, mark it availableAtPrediction: true in the card; if not, leave it out.`,
      });
      continue;
    }
    if (truth.kind !== 'classification') continue;
    if (rule === undefined) continue;
    // Yes/no columns take two values only: like categories, they are judged without an edge.
    const column = frame.column(row.feature);
    const finding = rulesOutClasses(rule, column.kind === 'boolean' ? null : numericView(column), truth, frame.rowCount);
    if (finding) {
      suspects.push({
        feature: row.feature,
        kind: 'rules-out-classes',
        severity: 'warn',
        message: `When ${finding.condition}, the target is never ${finding.absent.map((c) => `'${c}'`).join(', ')}: 0 of ${finding.rows.toLocaleString('en-US')} rows, where about ${Math.round(finding.expected).toLocaleString('en-US')} would be expected${finding.pile === null ? '' : `, and ${finding.pile.rows.toLocaleString('en-US')} of the ${finding.pile.of.toLocaleString('en-US')} rows of ${finding.absent.length === 1 ? 'that class' : 'those classes'} have ${row.feature} = ${finding.pile.value} exactly`}. An exact rule like this usually means '${row.feature}' is measured together with the outcome${when ? ` (on the same ${when})` : ''}, or derived from it. Is '${row.feature}' available at the time of prediction?`,
      });
    }
  }
  for (const u of unavailable) {
    suspects.push({
      feature: u.name,
      kind: 'unavailable-at-prediction',
      severity: 'warn',
      message: `'${u.name}' is marked as not available at prediction time${u.note ? ` (${u.note})` : ''}, so it is left out of every model.`,
    });
  }
  return suspects;
}

interface ClassExclusion {
  readonly condition: string;
  readonly rows: number;
  readonly absent: string[];
  readonly expected: number;
  /** Numeric rules: the one value the excluded classes pile on at the edge of the region. */
  readonly pile: { readonly value: number; readonly rows: number; readonly of: number } | null;
}

/**
 * A leaf holding at least 10% of rows in which classes making up at least 20% of the data never
 * occur, where about max(floor, a quarter of its rows) would be expected. An interval of a numeric
 * feature counts only when the excluded classes pile on one value at its edge (see
 * exclusion-edge.ts: the emptiness beyond their most extreme value is what any strong measurement
 * shows, on 178 rows or 178,000); since the pile, not the count, is then the evidence, a lower
 * floor of 10 rows lets a post-outcome column be caught on small data. Categories and the missing
 * leaf (and yes/no columns) are one value by nature and keep the floor of 30.
 */
function rulesOutClasses(rule: OneFeatureRule, numbers: Float64Array | null, truth: Truth & { kind: 'classification' }, n: number): ClassExclusion | undefined {
  const total = new Float64Array(truth.classes.length);
  for (const c of truth.y) total[c]!++;
  let best: ClassExclusion | undefined;
  ruleLeaves(rule).forEach((leaf, index) => {
    if (leaf.rows < 0.1 * n) return;
    const absent = leaf.counts.map((c, k) => (c === 0 && total[k]! > 0 ? k : -1)).filter((k) => k >= 0);
    const absentShare = absent.reduce((s, k) => s + total[k]!, 0) / n;
    const expected = leaf.rows * absentShare;
    const interval = rule.kind === 'numeric' && numbers !== null && index < rule.leaves.length;
    let pile: ClassExclusion['pile'] = null;
    if (interval && absent.length > 0) {
      const edge = exclusionEdge(numbers, truth.y, new Set(absent), index === 0 ? null : rule.thresholds[index - 1]!, index === rule.thresholds.length ? null : rule.thresholds[index]!);
      if (edge.pile === null) return;
      pile = { value: edge.pile, rows: edge.rowsOnPile, of: edge.absentRows };
    }
    const floor = interval ? 10 : 30;
    if (absentShare >= 0.2 && expected >= Math.max(floor, 0.25 * leaf.rows) && (best === undefined || expected > best.expected)) {
      best = { condition: leaf.condition, rows: leaf.rows, absent: absent.map((k) => truth.classes[k]!), expected, pile };
    }
  });
  return best;
}

/** 'day' when the data's dates are whole days, 'hour' for whole hours; null otherwise. */
function timeGrain(frame: Frame): string | null {
  for (const column of frame.columns) {
    if (column.kind !== 'datetime') continue;
    const present = column.values.filter((v) => v === v);
    if (present.length === 0) continue;
    if (present.every((v) => v % 86_400_000 === 0)) return 'day';
    if (present.every((v) => v % 3_600_000 === 0)) return 'hour';
  }
  return null;
}

export function leakageCheck(suspects: readonly LeakSuspect[]): ReadinessCheck {
  const status: CheckStatus = suspects.some((s) => s.severity === 'fail') ? 'fail' : suspects.some((s) => s.kind !== 'unavailable-at-prediction') ? 'warn' : 'pass';
  const shown = suspects.filter((s) => s.kind !== 'unavailable-at-prediction');
  return {
    id: 'leakage',
    title: 'Features available at prediction time (leakage)',
    status,
    message:
      shown.length === 0
        ? `No feature looks like a copy of the label or a measurement taken after the outcome.${suspects.length > 0 ? ` ${suspects.map((s) => s.message).join(' ')}` : ''}`
        : shown.map((s) => s.message).join(' '),
    evidence: { suspects },
  };
}
