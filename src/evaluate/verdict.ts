// The verdict a leader reads first: use-ml, rule-suffices, no-signal or fix-data-first, with a
// plain paragraph built from the numbers behind it. With the card's business figures it weighs
// money: a model worth less per decision than the best non-ML approach is not the answer.

import type { ReadinessCheck } from '../profile/readiness.js';
import type { Lift } from './bootstrap-lift.js';
import type { LearningCurve } from './learning-curve.js';
import { metricInfo } from './task-metrics.js';
import type { BarValue } from './value/bar-values.js';

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
  /** The model worth the most against every non-ML approach in money; absent without business figures. */
  readonly value?: ValueComparison | null;
}

/** The best model's value per decision against the most valuable non-ML approach, on the same rows. */
export interface ValueComparison {
  readonly currency: string;
  /** Out-of-fold rows the values were measured on. */
  readonly rows: number;
  readonly decisionsPerMonth: number | null;
  readonly model: { readonly id: string; readonly name: string; readonly perDecision: number; readonly afterRunningCost: number };
  /** monthlyRunningCost spread over decisionsPerMonth; null when either is not given (then not counted). */
  readonly runningCostPerDecision: number | null;
  /** The most valuable non-ML approach (doing nothing included). */
  readonly bar: BarValue;
  /** Every approach valued, most valuable first. */
  readonly bars: readonly BarValue[];
}

export interface Verdict {
  readonly verdict: VerdictKind;
  readonly headline: string;
  readonly reason: string;
  /** The failing check, the sufficient rule, or the winning model. */
  readonly names: string | null;
  readonly minimumLift: number;
  readonly moreDataLikelyHelps: boolean | null;
  /** What decided it: money (the card gives business figures) or the main metric. */
  readonly basis?: 'value' | 'metric';
  /** The money comparison behind a value verdict (also kept when the metric decided); null without figures. */
  readonly value?: ValueComparison | null;
}

/** Readiness checks whose failure must be fixed before any model is worth discussing. */
const BLOCKING = ['leakage', 'enough-rows', 'rows-per-class', 'conflicting-labels', 'missing-values'];

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const interval = (l: Lift): string => `${f3(l.value)} (${(100 * l.level).toFixed(l.level > 0.99 ? 1 : 0)}% interval ${f3(l.low)} to ${f3(l.high)})`;

export function decideVerdict(input: VerdictInput): Verdict {
  const byMetric = decideByMetric(input);
  const value = input.value ?? null;
  if (value === null || byMetric.verdict === 'fix-data-first') return { ...byMetric, basis: 'metric', value };
  return weighValue(byMetric, value, input);
}

function decideByMetric(input: VerdictInput): Verdict {
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

const money = (x: number, currency: string): string => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;

/**
 * The metric verdict weighed in money: a model worth less per decision, after its running
 * costs, than the most valuable non-ML approach loses to that approach (to doing nothing:
 * no signal worth acting on), whatever its metric lift, which the reason still reports.
 */
function weighValue(byMetric: Verdict, value: ValueComparison, input: VerdictInput): Verdict {
  const { model, bar, currency } = value;
  const label = metricInfo(input.metric).label;
  const after = value.runningCostPerDecision === null ? '' : ` after running costs (${money(value.runningCostPerDecision, currency)} per decision)`;
  const modelWords = `${model.name} is worth ${money(model.afterRunningCost, currency)} per decision${after}`;
  const barWords = `${bar.name}${bar.description && bar.kind !== 'prior' && bar.kind !== 'nothing' ? ` ("${bar.description}")` : bar.kind === 'nothing' ? ` (${bar.description})` : ''} is worth ${money(bar.perDecision, currency)}`;
  const rowsWords = `measured on the same ${value.rows.toLocaleString('en-US')} out-of-fold rows`;
  const lift = input.liftOverBaseline ?? input.liftOverPrior;
  const against = input.liftOverBaseline ? input.bestBaseline : input.prior;
  const metricWords = input.bestModel
    ? `In ${label}, ${input.bestModel.name} scores ${f3(input.bestModel.score)} against ${f3(against.score)} for ${against.name}${lift ? `, a lift of ${interval(lift)}` : ''}${byMetric.verdict === 'use-ml' ? ', which clears the bar on the metric alone' : ''}.`
    : '';
  const moreText = byMetric.moreDataLikelyHelps !== null && input.learningCurve ? ` More data ${byMetric.moreDataLikelyHelps ? 'is likely to help' : 'is unlikely to help much'}: ${input.learningCurve.reason}.` : '';
  const base = { minimumLift: byMetric.minimumLift, moreDataLikelyHelps: byMetric.moreDataLikelyHelps, value };
  const gap = bar.perDecision - model.afterRunningCost;
  if (gap > 0) {
    const unless = `${byMetric.verdict === 'use-ml' ? `The better ${label} does not turn into better decisions at the card's figures; the` : 'The'} model would have to be worth ${money(gap, currency)} more per decision to pay.`;
    if (bar.kind === 'nothing') {
      return {
        ...base,
        verdict: 'no-signal',
        headline: `No signal worth acting on: doing nothing (${money(bar.perDecision, currency)} per decision) is worth more than ${model.name} (${money(model.afterRunningCost, currency)}) and every rule.`,
        reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}; no rule does better than doing nothing.`, metricWords, `${unless}${moreText}`].filter((x) => x !== '').join(' '),
        names: null,
        basis: 'value',
      };
    }
    return {
      ...base,
      verdict: 'rule-suffices',
      headline: `A simple rule is enough: ${bar.name} is worth ${money(bar.perDecision, currency)} per decision, more than ${model.name} (${money(model.afterRunningCost, currency)}${value.runningCostPerDecision === null ? '' : ' after running costs'}).`,
      reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}.`, metricWords, unless, `A rule costs far less to build, explain and run than a model; start there.${moreText}`].filter((x) => x !== '').join(' '),
      names: bar.id,
      basis: 'value',
    };
  }
  const moneyWords = `In money, ${modelWords}, against ${money(bar.perDecision, currency)} for ${bar.name}, the most valuable non-ML approach (${rowsWords}): ${money(0 - gap, currency)} more per decision.`;
  if (byMetric.verdict === 'use-ml') {
    return {
      ...base,
      verdict: 'use-ml',
      headline: `Use ML: ${model.name} clears the best non-ML approach in ${label} and is worth ${money(0 - gap, currency)} more per decision than ${bar.name}${value.runningCostPerDecision === null ? '' : ' after running costs'}.`,
      reason: `${moreText !== '' && byMetric.reason.endsWith(moreText) ? byMetric.reason.slice(0, -moreText.length) : byMetric.reason} ${moneyWords}${moreText}`,
      names: model.id,
      basis: 'value',
    };
  }
  // Worth more in money but not reliably better on the metric: the metric verdict stands, and says so.
  return { ...byMetric, reason: `${byMetric.reason} ${moneyWords} That gain rests on a lift in ${label} too small or too uncertain to rely on, so the verdict stays with the metric.`, basis: 'metric', value };
}
