// Alert rules from the card's monitoring section, checked against a model's signature and task
// up front, then judged on one monitoring result: each rule breached, ok, short of rows, or unknown.

import { FramewiseError } from '../core/errors.js';
import { METRICS } from '../evaluate/task-metrics.js';
import type { AlertRuleSpec, MonitoringSpec } from '../frame/card.js';
import type { InputSignature } from '../learn/estimator.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import type { MonitorResult } from './monitor-run.js';
import { WATCHED_METRICS } from './performance.js';
import { VALUE_MIN_ROWS } from './performance-value.js';
import { DEFAULT_WINDOW } from './time-windows.js';

/** The window a rule looks at when neither it nor the card's monitoring section names one: monitoring's own default. */
export const DEFAULT_ALERT_WINDOW = DEFAULT_WINDOW;
/** A rule is judged on a window of at least one row unless it sets `minRows`. */
export const DEFAULT_MIN_ROWS = 1;

export type AlertRuleState = 'breached' | 'ok' | 'not-enough-data' | 'unknown-metric';

export interface AlertOutcome {
  readonly name: string;
  readonly metric: string;
  /** The metric's value over the window, or null when there is none to judge. */
  readonly value: number | null;
  readonly threshold: number;
  readonly direction: 'above' | 'below';
  /** The window the rule asks for (e.g. `1d`). */
  readonly window: string;
  /** Rows the value rests on (labelled rows for performance and value). */
  readonly rows: number;
  readonly minRows: number;
  readonly state: AlertRuleState;
  readonly message: string;
}

/** What the rules are checked against: a registered version's task and input signature. */
export interface AlertModel {
  readonly name: string;
  readonly version: number;
  /** The task's name (`binary`, `regression`, ...). */
  readonly task: string;
  readonly signature: InputSignature;
  /** Metrics promised at registration: monitoring measures these besides the ones it always watches. */
  readonly lineage?: { readonly metrics: Readonly<Record<string, unknown>> };
}

/** The metric families a rule can watch. */
type MetricFamily = 'drift.share' | 'drift.feature' | 'prediction.drift' | 'ood.rate' | 'ood.feature' | 'performance' | 'value.perDecision' | 'value.perDecisionHigh';

interface ParsedMetric {
  readonly family: MetricFamily;
  /** The feature or performance metric after the prefix. */
  readonly key: string;
}

export const METRIC_FORMS = ['drift.share', 'drift.<feature>', 'prediction.drift', 'ood.rate', 'ood.<feature>', 'performance.<metric>', 'value.perDecision', 'value.perDecisionHigh'] as const;

/** The rule every version with a promised value gets, unless its card has a rule of this name. */
export const VALUE_RULE_NAME = 'value-below-promise';

/**
 * The default rules of a version: \`value-below-promise\` when its decision package promises a value
 * per decision with an interval. It is breached when the upper end of the realised value's 95%
 * interval is under the promise's lower bound, on at least VALUE_MIN_ROWS labelled rows: the rule
 * behind \`verdict.valueBelowPromise\`, so the alert and the verdict agree.
 */
export function defaultAlertRules(monitoring: MonitoringSpec | undefined, pkg: Pick<DecisionPackage, 'promise'> & { readonly policy?: DecisionPackage['policy'] }): AlertRuleSpec[] {
  // An anomaly model's value is reported by its flagged-share watch (anomaly-watch.ts), not by the labelled-value alert.
  if (pkg.policy?.kind === 'score-threshold') return [];
  const promised = pkg.promise.value?.perDecision;
  if (promised === undefined || !Number.isFinite(promised.low)) return [];
  if ((monitoring?.alerts ?? []).some((rule) => rule.name === VALUE_RULE_NAME)) return [];
  return [{ name: VALUE_RULE_NAME, metric: 'value.perDecisionHigh', below: promised.low, minRows: VALUE_MIN_ROWS }];
}

/** The card's monitoring section with the default rules after its own (the section as it is when there are none). */
export function withDefaultRules(monitoring: MonitoringSpec | undefined, pkg: Pick<DecisionPackage, 'promise'> & { readonly policy?: DecisionPackage['policy'] }): MonitoringSpec | undefined {
  const defaults = defaultAlertRules(monitoring, pkg);
  if (defaults.length === 0) return monitoring;
  return { ...(monitoring ?? {}), alerts: [...(monitoring?.alerts ?? []), ...defaults] } as MonitoringSpec;
}

function parseMetric(metric: string): ParsedMetric | null {
  if (metric === 'drift.share') return { family: 'drift.share', key: '' };
  if (metric === 'prediction.drift') return { family: 'prediction.drift', key: '' };
  if (metric === 'ood.rate') return { family: 'ood.rate', key: '' };
  if (metric === 'value.perDecision') return { family: 'value.perDecision', key: '' };
  if (metric === 'value.perDecisionHigh') return { family: 'value.perDecisionHigh', key: '' };
  const dot = metric.indexOf('.');
  if (dot <= 0 || dot === metric.length - 1) return null;
  const head = metric.slice(0, dot);
  const key = metric.slice(dot + 1);
  if (head === 'drift') return { family: 'drift.feature', key };
  if (head === 'ood') return { family: 'ood.feature', key };
  if (head === 'performance') return { family: 'performance', key };
  return null;
}

const SUPERVISED = new Set(['binary', 'multiclass', 'regression']);

/** Problems with one rule against the model, each as `field: what is wrong`; empty when it can resolve. */
function ruleProblems(rule: AlertRuleSpec, model: AlertModel): string[] {
  const parsed = parseMetric(rule.metric);
  if (parsed === null) return [`metric: '${rule.metric}' is not a metric alerts know; use one of ${METRIC_FORMS.join(', ')}`];
  const features = model.signature.features.map((f) => f.name);
  if (parsed.family === 'drift.feature' || parsed.family === 'ood.feature') {
    if (!features.includes(parsed.key)) {
      const shown = features.slice(0, 8).join(', ') + (features.length > 8 ? ', …' : '');
      return [`metric: '${rule.metric}' names feature '${parsed.key}', which '${model.name}'@${model.version} does not take (its features: ${shown})`];
    }
  }
  if (parsed.family === 'performance' || parsed.family === 'value.perDecision' || parsed.family === 'value.perDecisionHigh') {
    if (!SUPERVISED.has(model.task)) return [`metric: '${rule.metric}' needs labels to compare with, and '${model.name}' is a ${model.task} model`];
    if (parsed.family === 'performance') {
      const known = METRICS[model.task as 'binary' | 'multiclass' | 'regression'];
      const measured = [...new Set([...(WATCHED_METRICS[model.task] ?? []), ...Object.keys(model.lineage?.metrics ?? {}).filter((m) => known.includes(m))])];
      if (!measured.includes(parsed.key)) {
        const what = known.includes(parsed.key) ? `'${parsed.key}' is not measured for '${model.name}'@${model.version} (only the metrics always watched and those promised at registration are)` : `'${parsed.key}' is not a ${model.task} metric`;
        return [`metric: ${what}; use one of ${measured.map((m) => `performance.${m}`).join(', ')}`];
      }
    }
  }
  const threshold = rule.above ?? rule.below;
  const rate = parsed.family === 'drift.share' || parsed.family === 'ood.rate' || parsed.family === 'ood.feature';
  if (rate && threshold !== undefined && (threshold < 0 || threshold > 1)) {
    return [`${rule.above !== undefined ? 'above' : 'below'}: ${threshold} can never be crossed by '${rule.metric}', a share between 0 and 1`];
  }
  return [];
}

/**
 * Checks every alert rule against the model it watches; throws one CARD_INVALID naming each
 * rule and field that can never resolve (an unknown metric, a feature the model lacks, ...).
 */
export function validateAlertRules(monitoring: MonitoringSpec | undefined, model: AlertModel, source: string): void {
  const rules = monitoring?.alerts ?? [];
  const problems: string[] = [];
  const names = new Set<string>();
  rules.forEach((rule, i) => {
    const at = `monitoring.alerts[${i}] ('${rule.name}')`;
    if (names.has(rule.name)) problems.push(`${at}.name: another rule already has this name; each alert needs its own`);
    names.add(rule.name);
    for (const p of ruleProblems(rule, model)) problems.push(`${at}.${p}`);
  });
  if (problems.length === 0) return;
  const first = rules.findIndex((rule) => ruleProblems(rule, model).length > 0);
  throw new FramewiseError('CARD_INVALID', `The alert rules in ${source} have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`, {
    hint: 'Fix the rules in the card and register the model again; docs/alerts.md lists the metrics a rule can watch.',
    location: { file: source, field: `monitoring.alerts[${first < 0 ? 0 : first}].metric` },
  });
}

/** The window a rule is judged over: its own, else the card's monitoring window, else 1d. */
export function ruleWindow(rule: AlertRuleSpec, monitoring: MonitoringSpec | undefined): string {
  return rule.window ?? monitoring?.window ?? DEFAULT_ALERT_WINDOW;
}

interface Resolved {
  readonly value: number | null;
  readonly rows: number;
  /** Why there is no value (shown when value is null). */
  readonly why?: string;
  readonly unknown?: boolean;
}

function resolve(parsed: ParsedMetric, result: MonitorResult): Resolved {
  const rows = result.window.rows;
  switch (parsed.family) {
    case 'drift.share':
      return { value: result.drift.driftedShare, rows: result.drift.currentRows };
    case 'drift.feature': {
      const feature = result.drift.features.find((f) => f.name === parsed.key);
      if (feature !== undefined) return { value: feature.result.value, rows: feature.currentRows - feature.currentMissing };
      const skipped = result.drift.skipped.find((s) => s.name === parsed.key);
      if (skipped !== undefined) return { value: null, rows, why: `'${parsed.key}' was not tested: ${skipped.reason}` };
      return { value: null, rows, why: `the window has no column '${parsed.key}'`, unknown: true };
    }
    case 'prediction.drift': {
      const drift = result.predictions.drift;
      return drift === null ? { value: null, rows, why: `predictions were not compared${result.predictions.note === null ? '' : `: ${result.predictions.note}`}` } : { value: drift.result.value, rows: drift.currentRows };
    }
    case 'ood.rate':
      return { value: result.ood.oodRate, rows: result.ood.rows };
    case 'ood.feature': {
      const feature = result.ood.features.find((f) => f.name === parsed.key);
      return feature === undefined ? { value: null, rows, why: `the out-of-distribution report has no feature '${parsed.key}'`, unknown: true } : { value: feature.oodRate, rows: feature.rows };
    }
    case 'performance':
    case 'value.perDecision':
    case 'value.perDecisionHigh': {
      const performance = result.performance;
      if (performance === null) return { value: null, rows: 0, why: 'no labels have been fed back for this window' };
      const labelled = performance.overall.rows;
      if (parsed.family === 'value.perDecisionHigh') {
        const high = performance.value?.high;
        return high !== undefined && Number.isFinite(high) ? { value: high, rows: labelled } : { value: null, rows: labelled, why: 'no realised value (it needs business outcomes in the card)' };
      }
      if (parsed.family === 'value.perDecision') {
        const perDecision = performance.value?.perDecision;
        return perDecision !== undefined && Number.isFinite(perDecision) ? { value: perDecision, rows: labelled } : { value: null, rows: labelled, why: 'no realised value (it needs business outcomes in the card)' };
      }
      const metric = performance.overall.metrics[parsed.key];
      if (metric === undefined) return { value: null, rows: labelled, why: `the performance report has no '${parsed.key}'`, unknown: true };
      return Number.isFinite(metric.value) ? { value: metric.value, rows: labelled } : { value: null, rows: labelled, why: `'${parsed.key}' is undefined on these labels` };
    }
  }
}

/** A number as a person reads it: up to 4 significant digits, no exponent for everyday sizes. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

function whereText(result: MonitorResult): string {
  if (result.window.source === 'file') return `in ${result.window.path ?? 'the file'}`;
  return `since ${result.window.since ?? 'the start of the log'}`;
}

/** Judges one rule on a monitoring result. */
export function evaluateRule(rule: AlertRuleSpec, result: MonitorResult, monitoring: MonitoringSpec | undefined): AlertOutcome {
  const direction = rule.above !== undefined ? 'above' : 'below';
  const threshold = (rule.above ?? rule.below)!;
  const window = ruleWindow(rule, monitoring);
  const minRows = rule.minRows ?? DEFAULT_MIN_ROWS;
  const base = { name: rule.name, metric: rule.metric, threshold, direction, window, minRows } as const;
  const parsed = parseMetric(rule.metric);
  if (parsed === null) return { ...base, value: null, rows: 0, state: 'unknown-metric', message: `'${rule.metric}' is not a metric alerts know (${METRIC_FORMS.join(', ')}).` };
  const resolved = resolve(parsed, result);
  const over = `${resolved.rows} row${resolved.rows === 1 ? '' : 's'} ${whereText(result)}`;
  if (resolved.unknown === true) return { ...base, value: null, rows: resolved.rows, state: 'unknown-metric', message: `${rule.metric}: ${resolved.why ?? 'no such value'}.` };
  if (resolved.value === null) return { ...base, value: null, rows: resolved.rows, state: 'not-enough-data', message: `${rule.metric} has no value: ${resolved.why ?? 'nothing to judge'} (${over}).` };
  if (resolved.rows < minRows) {
    const what = parsed.family === 'performance' || parsed.family.startsWith('value.') ? 'labelled rows' : 'rows';
    return { ...base, value: resolved.value, rows: resolved.rows, state: 'not-enough-data', message: `${rule.metric} is judged on at least ${minRows} ${what}; the window has ${resolved.rows} (${whereText(result)}).` };
  }
  const breached = direction === 'above' ? resolved.value > threshold : resolved.value < threshold;
  const value = result.performance?.value;
  const shown =
    parsed.family === 'value.perDecisionHigh' && value != null
      ? `realised value per decision is ${shortNumber(value.perDecision)}${value.currency === null ? '' : ` ${value.currency}`} [95% interval ${shortNumber(value.low)}, ${shortNumber(value.high)}]; ${rule.metric} (the interval's upper end) is ${shortNumber(resolved.value)}`
      : `${rule.metric} is ${shortNumber(resolved.value)}`;
  return {
    ...base,
    value: resolved.value,
    rows: resolved.rows,
    state: breached ? 'breached' : 'ok',
    message: breached ? `${shown}, ${direction} the limit ${shortNumber(threshold)} (${over}).` : `${shown}, within the limit (${direction} ${shortNumber(threshold)} alerts; ${over}).`,
  };
}

/** A rule that could not be judged because there was no result at all (e.g. no predictions in its window). */
export function unjudgedOutcome(rule: AlertRuleSpec, monitoring: MonitoringSpec | undefined, why: string): AlertOutcome {
  const direction = rule.above !== undefined ? 'above' : 'below';
  return { name: rule.name, metric: rule.metric, value: null, threshold: (rule.above ?? rule.below)!, direction, window: ruleWindow(rule, monitoring), rows: 0, minRows: rule.minRows ?? DEFAULT_MIN_ROWS, state: 'not-enough-data', message: `${rule.metric} has no value: ${why}.` };
}

/** Judges every rule of the card's monitoring section on one result, in the card's order. */
export function evaluateAlerts(monitoring: MonitoringSpec | undefined, result: MonitorResult): AlertOutcome[] {
  return (monitoring?.alerts ?? []).map((rule) => evaluateRule(rule, result, monitoring));
}
