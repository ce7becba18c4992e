// The verdict a leader reads first: use-ml, rule-suffices, no-signal or fix-data-first, with a
// plain paragraph built from the numbers behind it. With the card's business figures it is decided
// by money: the model is the answer exactly when it is worth more per decision than the best non-ML approach.

import type { ReadinessCheck } from '../profile/readiness.js';
import type { Lift } from './bootstrap-lift.js';
import type { LearningCurve } from './learning-curve.js';
import { metricInfo } from './task-metrics.js';
import type { BarValue } from './value/bar-values.js';

export type VerdictKind = 'use-ml' | 'rule-suffices' | 'no-signal' | 'fix-data-first' | 'inconclusive';

/**
 * What would settle an `inconclusive` verdict: what was missing (no model scored within the
 * budget, or a lift interval that holds both no lift and one that matters) and what would fit it.
 */
export interface Settle {
  readonly missing: 'no-model' | 'uncertain-lift';
  /** Plain words: what was missing and what to do. */
  readonly message: string;
  /** Labelled rows the learning curve suggests would narrow the interval enough; null when it cannot say. */
  readonly rowsSuggested: number | null;
  /** A budget (seconds) that would fit what was missing; null when more time would not settle it. */
  readonly budgetSuggestedSeconds: number | null;
}

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
  /** The valued model's score and lifts when it is not `bestModel`, so the verdict speaks of one model only. */
  readonly valueModel?: { readonly candidate: ScoredCandidate; readonly liftOverBaseline: Lift | null; readonly liftOverPrior: Lift | null } | null;
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
  /** Only for `inconclusive`: what would settle it. */
  readonly settle?: Settle | null;
}

/** Readiness checks whose failure must be fixed before any model is worth discussing. */
const BLOCKING = ['leakage', 'enough-rows', 'rows-per-class', 'conflicting-labels', 'missing-values', 'positives-per-fold'];

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
 * With business figures the verdict is the decision, weighed in money: the model worth the most
 * per decision, after its running costs, against the most valuable non-ML approach. Worth less
 * (or the same): that approach is the answer (doing nothing: no signal worth acting on). Worth
 * more: use ML, even where its metric lift is below the minimum or not reliably above zero, which
 * the headline and reason then say. Every metric figure given is the valued model's own.
 */
function weighValue(byMetric: Verdict, value: ValueComparison, input: VerdictInput): Verdict {
  const { model, bar, currency } = value;
  const label = metricInfo(input.metric).label;
  const after = value.runningCostPerDecision === null ? '' : ` after running costs (${money(value.runningCostPerDecision, currency)} per decision)`;
  const modelWords = `${model.name} is worth ${money(model.afterRunningCost, currency)} per decision${after}`;
  const barWords = `${bar.name}${bar.description && bar.kind !== 'prior' && bar.kind !== 'nothing' ? ` ("${bar.description}")` : bar.kind === 'nothing' ? ` (${bar.description})` : ''} is worth ${money(bar.perDecision, currency)}`;
  const rowsWords = `measured on the same ${value.rows.toLocaleString('en-US')} out-of-fold rows`;
  const metric = valuedModelMetric(value, input);
  const status = metric === null ? null : liftStatus(metric.lift, input.minimumLift);
  const metricWords = metric === null ? '' : `In ${label}, ${metric.candidate.name} scores ${f3(metric.candidate.score)} against ${f3(metric.against.score)} for ${metric.against.name}${metric.lift ? `, a lift of ${interval(metric.lift)}` : ''}${status === 'clears' ? ', which clears the bar on the metric alone' : status === 'below-minimum' ? `, below the ${f3(input.minimumLift)} that was set to matter` : status === 'includes-zero' ? ', an interval that includes zero' : ''}.`;
  // The learning curve is drawn for the model with the best metric: it is cited only when that is the valued model.
  const sameModel = input.bestModel?.id === model.id;
  const moreText = sameModel && byMetric.moreDataLikelyHelps !== null && input.learningCurve ? ` More data ${byMetric.moreDataLikelyHelps ? 'is likely to help' : 'is unlikely to help much'}: ${input.learningCurve.reason}.` : '';
  const base = { minimumLift: byMetric.minimumLift, moreDataLikelyHelps: byMetric.moreDataLikelyHelps, value, basis: 'value' as const };
  const gap = bar.perDecision - model.afterRunningCost;
  // A tie goes to the simpler approach, as it does among the approaches themselves.
  if (gap >= 0) {
    const unless = `${status === 'clears' ? `The better ${label} does not turn into better decisions at the card's figures; the` : 'The'} model would have to be worth ${money(gap, currency)} more per decision to pay.`;
    if (bar.kind === 'nothing') {
      return {
        ...base,
        verdict: 'no-signal',
        headline: `No signal worth acting on: doing nothing (${money(bar.perDecision, currency)} per decision) is worth ${gap === 0 ? 'as much as' : 'more than'} ${model.name} (${money(model.afterRunningCost, currency)}) and every rule.`,
        reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}; no rule does better than doing nothing.`, metricWords, `${unless}${moreText}`].filter((x) => x !== '').join(' '),
        names: null,
      };
    }
    return {
      ...base,
      verdict: 'rule-suffices',
      headline: `A simple rule is enough: ${bar.name} is worth ${money(bar.perDecision, currency)} per decision, ${gap === 0 ? 'as much as' : 'more than'} ${model.name} (${money(model.afterRunningCost, currency)}${value.runningCostPerDecision === null ? '' : ' after running costs'}).`,
      reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}.`, metricWords, unless, `A rule costs far less to build, explain and run than a model; start there.${moreText}`].filter((x) => x !== '').join(' '),
      names: bar.id,
    };
  }
  const more = money(0 - gap, currency);
  const afterWords = value.runningCostPerDecision === null ? '' : ' after running costs';
  const moneyWords = `In money, ${modelWords}, against ${money(bar.perDecision, currency)} for ${bar.name}, the most valuable non-ML approach (${rowsWords}): ${more} more per decision.`;
  if (status === 'clears') {
    return {
      ...base,
      verdict: 'use-ml',
      headline: `Use ML: ${model.name} clears the best non-ML approach in ${label} and is worth ${more} more per decision than ${bar.name}${afterWords}.`,
      // The metric verdict's own reason when it speaks of this model; else the valued model's figures.
      reason: byMetric.verdict === 'use-ml' && sameModel ? `${moreText !== '' && byMetric.reason.endsWith(moreText) ? byMetric.reason.slice(0, -moreText.length) : byMetric.reason} ${moneyWords}${moreText}` : `${moneyWords} ${metricWords}${moreText}`,
      names: model.id,
    };
  }
  const although = metric === null || metric.lift === null ? '' : status === 'below-minimum' ? `, although its ${label} lift of ${f3(metric.lift.value)} is below the ${f3(input.minimumLift)} that was set to matter` : `, although its ${label} lift of ${f3(metric.lift.value)} is not reliably above zero`;
  return {
    ...base,
    verdict: 'use-ml',
    headline: `Use ML: ${model.name} is worth ${more} more per decision than ${bar.name}${afterWords}${although}.`,
    reason: [moneyWords, metricWords, `The decision follows the money: the model's decisions are worth more at the card's figures, though on ${label} alone ${byMetric.verdict === 'no-signal' ? 'nothing would clear the bar' : byMetric.verdict === 'rule-suffices' ? `${input.bestBaseline.name} would be enough` : 'it would not be the model chosen'}; check the figures, since the case rests on them.${moreText}`].filter((x) => x !== '').join(' '),
    names: model.id,
  };
}

type LiftStatus = 'clears' | 'below-minimum' | 'includes-zero';

function liftStatus(lift: Lift | null, minimumLift: number): LiftStatus | null {
  if (lift === null) return null;
  if (lift.value < minimumLift) return 'below-minimum';
  return lift.low > 0 ? 'clears' : 'includes-zero';
}

/**
 * The valued model's score and its lift over the bar the metric verdict uses (the best non-ML
 * approach when it beats the prior, else the prior): the best model's, or the figures given for
 * the valued model when value chose another; null when there are none for it.
 */
function valuedModelMetric(value: ValueComparison, input: VerdictInput): { candidate: ScoredCandidate; against: ScoredCandidate; lift: Lift | null } | null {
  const own = input.bestModel?.id === value.model.id ? { candidate: input.bestModel, overBaseline: input.liftOverBaseline, overPrior: input.liftOverPrior } : input.valueModel?.candidate.id === value.model.id ? { candidate: input.valueModel.candidate, overBaseline: input.valueModel.liftOverBaseline, overPrior: input.valueModel.liftOverPrior } : null;
  if (own === null) return null;
  const l = input.baselineOverPrior;
  const baselineCounts = input.bestBaseline.id !== input.prior.id && l !== null && l.low > 0 && l.value >= input.minimumLift;
  return baselineCounts && own.overBaseline ? { candidate: own.candidate, against: input.bestBaseline, lift: own.overBaseline } : { candidate: own.candidate, against: input.prior, lift: own.overPrior };
}
