// The verdict a leader reads first: use-ml, rule-suffices, no-signal or fix-data-first, with a
// plain paragraph built from the numbers behind it.

import type { ReadinessCheck } from '../profile/readiness.js';
import type { Lift } from './bootstrap-lift.js';
import type { LearningCurve } from './learning-curve.js';
import { metricInfo } from './task-metrics.js';

export type VerdictKind = 'use-ml' | 'rule-suffices' | 'no-signal' | 'fix-data-first';

export interface ScoredCandidate {
  readonly id: string;
  readonly name: string;
  readonly score: number;
  /** A readable form of a rule (one-feature rules and team rules). */
  readonly description?: string;
}

export interface VerdictInput {
  readonly metric: string;
  readonly minimumLift: number;
  readonly checks: readonly ReadinessCheck[];
  readonly bestModel: ScoredCandidate | null;
  readonly bestBaseline: ScoredCandidate;
  readonly prior: ScoredCandidate;
  /** Best model over best baseline, and over the prior. */
  readonly liftOverBaseline: Lift | null;
  readonly liftOverPrior: Lift | null;
  /** Best baseline over the prior. */
  readonly baselineOverPrior: Lift | null;
  readonly learningCurve: LearningCurve | null;
}

export interface Verdict {
  readonly verdict: VerdictKind;
  readonly headline: string;
  readonly reason: string;
  /** The failing check, the sufficient rule, or the winning model. */
  readonly names: string | null;
  readonly minimumLift: number;
  readonly moreDataLikelyHelps: boolean | null;
}

/** Readiness checks whose failure must be fixed before any model is worth discussing. */
const BLOCKING = ['leakage', 'enough-rows', 'rows-per-class', 'conflicting-labels', 'missing-values'];

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const interval = (l: Lift): string => `${f3(l.value)} (${(100 * l.level).toFixed(l.level > 0.99 ? 1 : 0)}% interval ${f3(l.low)} to ${f3(l.high)})`;

export function decideVerdict(input: VerdictInput): Verdict {
  const { metric, minimumLift, bestModel, bestBaseline, prior, liftOverBaseline, liftOverPrior, baselineOverPrior, learningCurve } = input;
  const label = metricInfo(metric).label;
  const more = learningCurve?.moreDataLikelyHelps ?? null;
  const moreText = learningCurve && more !== null ? ` More data ${more ? 'is likely to help' : 'is unlikely to help much'}: ${learningCurve.reason}.` : '';
  const blocking = input.checks.find((c) => c.status === 'fail' && BLOCKING.includes(c.id));
  if (blocking) {
    return {
      verdict: 'fix-data-first',
      headline: `Fix the data first: ${blocking.title.toLowerCase()}.`,
      reason: `${blocking.message} Until this is fixed, any score below would be misleading${bestModel ? ` (the best model reaches ${label} ${f3(bestModel.score)}, which may be inflated)` : ''}.`,
      names: blocking.id,
      minimumLift,
      moreDataLikelyHelps: more,
    };
  }
  const beatsPrior = (l: Lift | null): boolean => l !== null && l.low > 0 && l.value >= minimumLift;
  if (!beatsPrior(liftOverPrior) && !beatsPrior(baselineOverPrior)) {
    return {
      verdict: 'no-signal',
      headline: 'No signal: nothing predicts the target better than always guessing the usual answer.',
      reason: `Always ${prior.name.replace(/^predict /, 'predicting ')} scores ${label} ${f3(prior.score)}. ${bestModel ? `The best model (${bestModel.name}) reaches ${f3(bestModel.score)}: a lift of ${liftOverPrior ? interval(liftOverPrior) : 'n/a'}, ` : ''}below the ${f3(minimumLift)} that would matter or not reliably above zero. The features, as they are, do not carry what decides the target; look for other data before building anything.${moreText}`,
      names: null,
      minimumLift,
      moreDataLikelyHelps: more,
    };
  }
  const baselineCounts = bestBaseline.id !== prior.id && beatsPrior(baselineOverPrior);
  const ruleWins = baselineCounts && (liftOverBaseline === null || liftOverBaseline.low <= 0 || liftOverBaseline.value < minimumLift);
  if (ruleWins || bestModel === null) {
    return {
      verdict: 'rule-suffices',
      headline: `A simple rule is enough: ${bestBaseline.name}.`,
      reason: `The rule ${bestBaseline.description ? `"${bestBaseline.description}" ` : ''}scores ${label} ${f3(bestBaseline.score)}${bestModel ? `, and the best model (${bestModel.name}) reaches ${f3(bestModel.score)}: a lift of ${liftOverBaseline ? interval(liftOverBaseline) : 'n/a'}, which does not clear the ${f3(minimumLift)} that would matter with confidence` : ''}. A rule costs far less to build, explain and run than a model; start there.${moreText}`,
      names: bestBaseline.id,
      minimumLift,
      moreDataLikelyHelps: more,
    };
  }
  const lift = baselineCounts && liftOverBaseline ? liftOverBaseline : liftOverPrior!;
  const against = baselineCounts && liftOverBaseline ? bestBaseline : prior;
  return {
    verdict: 'use-ml',
    headline: `Use ML: ${bestModel.name} clears the best non-ML approach by a margin that matters.`,
    reason: `${bestModel.name[0]!.toUpperCase()}${bestModel.name.slice(1)} scores ${label} ${f3(bestModel.score)} against ${f3(against.score)} for ${against.name}${against.description ? ` ("${against.description}")` : ''}. The lift, ${interval(lift)}, is above zero with ${(100 * lift.level).toFixed(lift.level > 0.99 ? 1 : 0)}% confidence (allowing for every candidate compared) and at least the ${f3(minimumLift)} that matters.${moreText}`,
    names: bestModel.id,
    minimumLift,
    moreDataLikelyHelps: more,
  };
}
