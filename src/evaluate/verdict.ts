// The verdict a leader reads first: use-ml, rule-suffices, no-signal, fix-data-first or
// inconclusive, with a plain paragraph built from the numbers behind it. With the card's business
// figures it is decided by money: the model is the answer exactly when it is worth more per
// decision than the best non-ML approach. Without a scored model, or with a lift the data cannot
// decide, it is inconclusive and says what would settle it.

import type { ReadinessCheck } from '../profile/readiness.js';
import type { Lift } from './bootstrap-lift.js';
import type { LearningCurve } from './learning-curve.js';
import { metricInfo } from './task-metrics.js';
import { liftUndecided, rowsToSettle, rowsToSettleWords } from './settle.js';
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
  /** A budget (seconds) that would fit the model families the time ran out for; null or absent when none was skipped or cut short. */
  readonly budgetSuggestedSeconds?: number | null;
  /** The budget the assessment was given (seconds), to say it beside the suggestion. */
  readonly budgetSeconds?: number;
  /** Labelled rows the assessment had, to say when a lift's interval was drawn from fewer. */
  readonly labelledRows?: number;
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
  // Without a scored model there is nothing to weigh in money: the verdict stays inconclusive.
  if (value === null || byMetric.verdict === 'fix-data-first' || input.bestModel === null) return { ...byMetric, basis: 'metric', value };
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
  // Neither a rule nor "no signal" can be claimed against models that never ran.
  if (bestModel === null) return noModel(input);
  const beatsPrior = (l: Lift | null): boolean => l !== null && l.low > 0 && l.value >= minimumLift;
  if (!beatsPrior(liftOverPrior) && !beatsPrior(baselineOverPrior)) {
    // "No signal" is not said while the best estimate itself is a lift that clearly matters (twice
    // the minimum) that the rows cannot confirm: that is undecided. Below it, the estimate points
    // to nothing worth building, and the reason says what lift the rows cannot yet rule out.
    const leansToLift = (l: Lift | null): boolean => liftUndecided(l, minimumLift) && l.value >= 2 * minimumLift;
    if (leansToLift(liftOverPrior)) return undecided(input, bestModel, prior, liftOverPrior!);
    if (bestBaseline.id !== prior.id && leansToLift(baselineOverPrior)) return undecided(input, bestBaseline, prior, baselineOverPrior!);
    const openRows = liftUndecided(liftOverPrior, minimumLift) ? rowsToSettle(liftOverPrior, minimumLift) : null;
    const openWords = liftUndecided(liftOverPrior, minimumLift) ? ` These rows cannot yet rule out a lift of up to ${f3(liftOverPrior.high)}${openRows === null ? '' : `; about ${openRows.toLocaleString('en-US')} labelled rows would`}.` : '';
    return {
      verdict: 'no-signal',
      headline: 'No signal: nothing predicts the target better than always guessing the usual answer.',
      reason: `Always ${prior.name.replace(/^predict /, 'predicting ')} scores ${label} ${f3(prior.score)}. The best model (${bestModel.name}) reaches ${f3(bestModel.score)}: a lift of ${liftOverPrior ? interval(liftOverPrior) : 'n/a'}, below the ${f3(minimumLift)} that would matter or not reliably above zero.${openWords} The features, as they are, do not carry what decides the target; look for other data before building anything.${moreText}`,
      names: null,
      minimumLift,
      moreDataLikelyHelps: more,
    };
  }
  const baselineCounts = bestBaseline.id !== prior.id && beatsPrior(baselineOverPrior);
  const ruleWins = baselineCounts && (liftOverBaseline === null || liftOverBaseline.low <= 0 || liftOverBaseline.value < minimumLift);
  if (ruleWins) {
    // A rule is enough only when the model's lift over it excludes one that clearly matters.
    if (liftUndecided(liftOverBaseline, minimumLift)) return undecided(input, bestModel, bestBaseline, liftOverBaseline);
    return {
      verdict: 'rule-suffices',
      headline: `A simple rule is enough: ${bestBaseline.name}.`,
      reason: `The rule ${bestBaseline.description ? `"${bestBaseline.description}" ` : ''}scores ${label} ${f3(bestBaseline.score)}, and the best model (${bestModel.name}) reaches ${f3(bestModel.score)}: a lift of ${liftOverBaseline ? interval(liftOverBaseline) : 'n/a'}, which does not clear the ${f3(minimumLift)} that would matter with confidence. A rule costs far less to build, explain and run than a model; start there.${moreText}`,
      names: bestBaseline.id,
      minimumLift,
      moreDataLikelyHelps: more,
    };
  }
  const lift = baselineCounts && liftOverBaseline ? liftOverBaseline : liftOverPrior!;
  const against = baselineCounts && liftOverBaseline ? bestBaseline : prior;
  // Clearing the prior is not clearing a rule the data cannot tell apart from the model.
  if (against.id === prior.id && bestBaseline.id !== prior.id && liftUndecided(liftOverBaseline, minimumLift)) return undecided(input, bestModel, bestBaseline, liftOverBaseline);
  // The prior is the bar while a rule scored more: say why the rule is not the bar.
  const ruleAside = against.id === prior.id && bestBaseline.id !== prior.id && bestBaseline.score !== prior.score ? ` (${bestBaseline.name} scores ${f3(bestBaseline.score)} but is not reliably above it)` : '';
  const againstName = against.id === prior.id ? `always ${prior.name.replace(/^predict /, 'predicting ')}` : against.name;
  return {
    verdict: 'use-ml',
    headline: `Use ML: ${bestModel.name} clears the best non-ML approach by a margin that matters.`,
    reason: `${bestModel.name[0]!.toUpperCase()}${bestModel.name.slice(1)} scores ${label} ${f3(bestModel.score)} against ${f3(against.score)} for ${againstName}${against.description ? ` ("${against.description}")` : ''}${ruleAside}. The lift, ${interval(lift)}, is above zero with ${(100 * lift.level).toFixed(lift.level > 0.99 ? 1 : 0)}% confidence (allowing for every candidate compared) and at least the ${f3(minimumLift)} that matters.${moreText}`,
    names: bestModel.id,
    minimumLift,
    moreDataLikelyHelps: more,
  };
}

const seconds = (x: number): string => `${x.toLocaleString('en-US', { maximumFractionDigits: 0 })} s`;

/** No model family was scored on the folds: what the bar showed, and the budget that would fit one. */
function noModel(input: VerdictInput): Verdict {
  const { metric, minimumLift, bestBaseline, prior } = input;
  const label = metricInfo(metric).label;
  const suggested = input.budgetSuggestedSeconds ?? null;
  const given = input.budgetSeconds === undefined ? '' : ` of ${seconds(input.budgetSeconds)}`;
  const fit = suggested === null ? 'Run the assessment again with a larger --budget' : `A budget of about ${seconds(suggested)} would fit at least one model family (--budget ${suggested})`;
  const bar = bestBaseline.id === prior.id ? `always ${prior.name.replace(/^predict /, 'predicting ')}, scoring ${label} ${f3(prior.score)}` : `${bestBaseline.name}${bestBaseline.description ? ` ("${bestBaseline.description}")` : ''}, scoring ${label} ${f3(bestBaseline.score)} against ${f3(prior.score)} for always ${prior.name.replace(/^predict /, 'predicting ')}`;
  const message = `No model family was scored within the budget${given}, so nothing shows whether a model would beat the non-ML bar. ${fit}.`;
  return {
    verdict: 'inconclusive',
    headline: `Inconclusive: no model could be scored within the time budget${given}, so whether ML beats a simple rule is unknown; ${suggested === null ? 'a larger --budget would settle it' : `a budget of about ${seconds(suggested)} would settle it`}.`,
    reason: `The non-ML bar was measured: the best is ${bar}. ${message} Until a model is scored on the same folds, neither "a simple rule is enough" nor "use ML" nor "no signal" can be said.`,
    names: null,
    minimumLift,
    moreDataLikelyHelps: null,
    settle: { missing: 'no-model', message, rowsSuggested: null, budgetSuggestedSeconds: suggested },
  };
}

/**
 * A lift whose interval holds both no lift and twice the minimum that matters: the data cannot
 * decide between `better` and `against`. Settled by more labelled rows (scaled from the interval),
 * or a larger budget when model families were skipped or cut short.
 */
function undecided(input: VerdictInput, better: ScoredCandidate, against: ScoredCandidate, lift: Lift): Verdict {
  const { metric, minimumLift, learningCurve } = input;
  const label = metricInfo(metric).label;
  const rows = rowsToSettle(lift, minimumLift);
  const budget = input.budgetSuggestedSeconds ?? null;
  const againstWords = against.id === input.prior.id ? `always ${against.name.replace(/^predict /, 'predicting ')}` : against.name;
  const rowsWords = rows === null ? null : `about ${rows.toLocaleString('en-US')} labelled rows`;
  const budgetWords = budget === null ? null : `a budget of about ${seconds(budget)}`;
  const settleWords = [rowsWords, budgetWords].filter((x): x is string => x !== null).join(' or ') || 'more labelled rows';
  const budgetWhy = budget === null ? '' : ` A budget of about ${seconds(budget)} (--budget ${budget}) would fit the model families the time ran out for, which may find a larger lift and measure it on more rows.`;
  const sampled = input.labelledRows !== undefined && lift.rows < input.labelledRows ? ` The interval was drawn from ${lift.rows.toLocaleString('en-US')} of the ${input.labelledRows.toLocaleString('en-US')} labelled rows (a sample, or the folds the budget allowed), so the rows count those it is drawn from.` : '';
  const how = rows === null ? '' : ` How the rows were estimated: ${rowsToSettleWords(lift, minimumLift, rows)}.${sampled}`;
  // The learning curve is the model's; more rows narrow the interval whether or not the model still improves with them.
  const helps = better.id === input.bestModel?.id ? (learningCurve?.moreDataLikelyHelps ?? null) : null;
  // The curve's reason ends by naming its trend, which this sentence already leads with.
  const curveWhy = learningCurve ? learningCurve.reason.replace(/(, so|:) the curve (is still climbing|has flattened)$/, '') : '';
  const curve = helps === true ? ` The learning curve is still climbing (${curveWhy}), so the lift itself may also grow with more rows.` : helps === false && rows !== null ? ` The learning curve has flattened (${curveWhy}): more rows would narrow the interval rather than raise the model's score.` : '';
  const message = `The ${label} lift of ${better.name} over ${againstWords} is ${interval(lift)}: it holds both no lift and ${f3(2 * minimumLift)}, twice the ${f3(minimumLift)} that matters. What would settle it: ${settleWords}.${how}${budgetWhy}${curve}`;
  return {
    verdict: 'inconclusive',
    headline: `Inconclusive: the evidence cannot decide whether ${better.name} beats ${againstWords} by a margin that matters; ${settleWords} would settle it.`,
    reason: `${better.name[0]!.toUpperCase()}${better.name.slice(1)} scores ${label} ${f3(better.score)} against ${f3(against.score)} for ${againstWords}${against.description && against.id !== input.prior.id ? ` ("${against.description}")` : ''}. ${message} Until then, ${against.id === input.prior.id ? '"no signal" cannot be said' : 'neither "a simple rule is enough" nor "use ML" can be said'} with confidence.`,
    names: better.id,
    minimumLift,
    moreDataLikelyHelps: learningCurve?.moreDataLikelyHelps ?? null,
    settle: { missing: 'uncertain-lift', message, rowsSuggested: rows, budgetSuggestedSeconds: budget },
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
  const curveText = sameModel && byMetric.moreDataLikelyHelps !== null && input.learningCurve ? ` More data ${byMetric.moreDataLikelyHelps ? 'is likely to help' : 'is unlikely to help much'}: ${input.learningCurve.reason}.` : '';
  const base = { minimumLift: byMetric.minimumLift, moreDataLikelyHelps: byMetric.moreDataLikelyHelps, value, basis: 'value' as const };
  const gap = bar.perDecision - model.afterRunningCost;
  // Money decides, but a metric lift the data cannot decide is said, with what would settle it.
  const undecidedWords = byMetric.verdict === 'inconclusive' && byMetric.settle ? `On ${label} alone the evidence cannot decide: ${byMetric.settle.message}` : '';
  // That message already reads the learning curve beside the rows it suggests.
  const moreText = undecidedWords === '' ? curveText : '';
  // A tie goes to the simpler approach, as it does among the approaches themselves.
  if (gap >= 0) {
    const unless = `${status === 'clears' ? `The better ${label} does not turn into better decisions at the card's figures; the` : 'The'} model would have to be worth ${money(gap, currency)} more per decision to pay.`;
    if (bar.kind === 'nothing') {
      return {
        ...base,
        verdict: 'no-signal',
        headline: `No signal worth acting on: doing nothing (${money(bar.perDecision, currency)} per decision) is worth ${gap === 0 ? 'as much as' : 'more than'} ${model.name} (${money(model.afterRunningCost, currency)}) and every rule.`,
        reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}; no rule does better than doing nothing.`, metricWords, undecidedWords, `${unless}${moreText}`].filter((x) => x !== '').join(' '),
        names: null,
      };
    }
    return {
      ...base,
      verdict: 'rule-suffices',
      headline: `A simple rule is enough: ${bar.name} is worth ${money(bar.perDecision, currency)} per decision, ${gap === 0 ? 'as much as' : 'more than'} ${model.name} (${money(model.afterRunningCost, currency)}${value.runningCostPerDecision === null ? '' : ' after running costs'}).`,
      reason: [`At the card's figures, ${barWords} per decision, and ${modelWords}, ${rowsWords}.`, metricWords, undecidedWords, unless, `A rule costs far less to build, explain and run than a model; start there.${moreText}`].filter((x) => x !== '').join(' '),
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
    reason: [moneyWords, metricWords, `The decision follows the money: the model's decisions are worth more at the card's figures, though on ${label} alone ${byMetric.verdict === 'no-signal' ? 'nothing would clear the bar' : byMetric.verdict === 'rule-suffices' ? `${input.bestBaseline.name} would be enough` : byMetric.verdict === 'inconclusive' ? 'the evidence cannot decide' : 'it would not be the model chosen'}; check the figures, since the case rests on them.`, undecidedWords, moreText.trim()].filter((x) => x !== '').join(' '),
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

/**
 * What would settle several inconclusive verdicts at once (one per label): a missing model first,
 * the most rows any of them needs, and each one's message by its name. When the parts share one
 * budget in equal shares (`sharedBy`, e.g. 'labels'), the budget suggested is the largest share times the parts.
 */
export function combineSettles(parts: readonly { readonly name: string; readonly settle: Settle | null | undefined }[], sharedBy: string | null = null): Settle | null {
  const given = parts.filter((p): p is { name: string; settle: Settle } => p.settle !== null && p.settle !== undefined);
  if (given.length === 0) return null;
  const most = (xs: readonly (number | null)[]): number | null => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.max(m, x)), null);
  const share = most(given.map((p) => p.settle.budgetSuggestedSeconds));
  const budget = share === null ? null : sharedBy !== null ? share * parts.length : share;
  const shared = sharedBy !== null && budget !== null ? ` The budget is shared equally by the ${parts.length} ${sharedBy}, so --budget ${budget} gives each the ${share} s it needs.` : '';
  return {
    missing: given.some((p) => p.settle.missing === 'no-model') ? 'no-model' : 'uncertain-lift',
    message: `${given.map((p) => `${p.name}: ${p.settle.message}`).join(' ')}${shared}`,
    rowsSuggested: most(given.map((p) => p.settle.rowsSuggested)),
    budgetSuggestedSeconds: budget,
  };
}
