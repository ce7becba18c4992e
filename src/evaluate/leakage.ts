// Leakage suspects: features that alone predict the target almost perfectly, features whose
// values rule out whole classes exactly (typical of something measured with or after the
// outcome), and features the card marks as unknown at prediction time.

import type { Frame } from '../data/frame.js';
import type { CheckStatus, ReadinessCheck } from '../profile/readiness.js';
import { numericView, type OneFeatureRule, ruleLeaves } from './baselines/one-feature-rule.js';
import { exclusionEdge } from './exclusion-edge.js';
import type { FeaturePowerResult } from './feature-power.js';
import type { Supervised, Truth } from './oof.js';
import { metricInfo } from './task-metrics.js';

export interface LeakSuspect {
  readonly feature: string;
  readonly kind: 'near-perfect' | 'rules-out-classes' | 'unavailable-at-prediction';
  readonly severity: 'fail' | 'warn';
  /** The plain-language finding and the question to ask. */
  readonly message: string;
}

/** Share of the way from guessing to perfect at which one feature alone is suspicious. */
export const NEAR_PERFECT_SHARE = 0.96;

export function findLeaks(frame: Frame, power: FeaturePowerResult, truth: Truth, task: Supervised, unavailable: readonly { name: string; note: string | null }[]): LeakSuspect[] {
  const suspects: LeakSuspect[] = [];
  const when = timeGrain(frame);
  for (const row of power.rows) {
    const chance = task === 'binary' ? 0.5 : task === 'multiclass' && truth.kind === 'classification' ? 1 / truth.classes.length : 0;
    const share = (row.singleFeatureScore.mean - chance) / (1 - chance);
    if (share >= NEAR_PERFECT_SHARE) {
      suspects.push({
        feature: row.feature,
        kind: 'near-perfect',
        severity: 'fail',
        message: `'${row.feature}' alone predicts the target almost perfectly (${metricInfo(row.singleFeatureScore.metric).label} ${row.singleFeatureScore.mean.toFixed(3)} with the rule ${row.rule}). A real feature rarely does that: it is probably a copy of the label, or recorded after the outcome. Is '${row.feature}' known at the moment the prediction is made?`,
      });
      continue;
    }
    if (truth.kind !== 'classification') continue;
    const rule = power.rules.get(row.feature);
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
