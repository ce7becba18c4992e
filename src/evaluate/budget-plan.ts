// The time budget of a large assessment, planned before the expensive stages start: each stage's
// cost per row is measured on a small sample, then the budget is divided between the stages and
// each is given the rows that fit its share, the model families first (a verdict needs them).

import type { SampleHow } from './stage-sample.js';

/** Below this many labelled rows nothing is sampled or planned: the assessment runs as it always has. */
export const PLAN_ABOVE_ROWS = 50_000;

/** Fewest rows the bar and the models are scored on, however short the budget. */
export const MIN_EVALUATION_ROWS = 2_000;

/** Most rows the bar and the models are scored on: beyond this the intervals are already narrow, and the rest of the budget buys more training rows. */
export const MAX_EVALUATION_ROWS = 200_000;

/** Rows a lift's paired bootstrap draws from: bootstrap-lift's own cap, and the fewest that keep the interval stable. */
export const MAX_LIFT_ROWS = 10_000;
export const MIN_LIFT_ROWS = 2_000;
/** Resamples of a large lift's bootstrap (bootstrap-lift's own number above 5,000 rows). */
export const LIFT_RESAMPLES = 200;

/** Fewest training rows per fold a family is given. */
export const MIN_TRAINING_ROWS = 500;

/**
 * Shares of the plannable seconds (the budget left after readiness and the measurements, less
 * the slack). The model families' defaults come first: their share sizes their training rows.
 */
export const STAGE_SHARES = { models: 0.55, search: 0.12, curve: 0.1, featurePower: 0.13, bar: 0.1 } as const;

/** Kept aside for the lifts, the model choice, the business case and writing the result. */
export const SLACK_SHARE = 0.12;
export const SLACK_MIN_SECONDS = 3;

/** One fold of a family's default settings: fitting (a fixed part plus a part per training row) and predicting. */
export interface FamilyCost {
  readonly family: string;
  readonly name: string;
  readonly fixedSeconds: number;
  readonly secondsPerRow: number;
  readonly predictSecondsPerRow: number;
  /** Training rows of the larger probe fit: trees grow as rows × log(rows) beyond it. */
  readonly probeRows: number;
  readonly trees: boolean;
}

export interface MeasuredCosts {
  readonly families: readonly FamilyCost[];
  /** Seconds per row for feature power (every feature, every fold). */
  readonly featurePowerPerRow: number;
  /** Seconds per row for the bar (the prior, the best one-feature rule, the team's rules; every fold). */
  readonly barPerRow: number;
  /** Seconds per row and resample of a paired bootstrap of the lift. */
  readonly liftPerRowResample: number;
  /** Seconds per row of the content hash (paid on every row of the file). */
  readonly hashPerRow: number;
  /** Rows the measurements were taken on, and the seconds they took. */
  readonly rows: number;
  readonly seconds: number;
}

export interface PlanInput {
  /** Labelled rows. */
  readonly rows: number;
  /** Rows of the whole file (the content hash reads them all); default `rows`. */
  readonly fileRows?: number;
  readonly folds: number;
  /** Seconds the plan may divide (what is left of the budget now). */
  readonly seconds: number;
  readonly costs: MeasuredCosts;
}

export interface Plan {
  /** Rows the bar and every model are scored on: the same rows and the same test folds, so lifts stay paired. */
  readonly evaluationRows: number;
  /** Training rows per fold for each family (at most the folds' own): a sample of each fold's training rows. */
  readonly trainingRows: Readonly<Record<string, number>>;
  readonly featurePowerRows: number;
  /** Rows each paired bootstrap of a lift resamples from (the lifts over the bar and the prior, and the model choice's). */
  readonly liftRows: number;
  readonly seconds: { readonly featurePower: number; readonly bar: number; readonly models: number; readonly search: number; readonly curve: number; readonly slack: number };
  /** Each family's default settings over every fold, as planned. */
  readonly familySeconds: Readonly<Record<string, number>>;
}

/** Estimated seconds to fit one fold on `train` rows. */
export function fitSeconds(cost: FamilyCost, train: number): number {
  const growth = cost.trees && train > cost.probeRows ? Math.log2(train) / Math.log2(Math.max(2, cost.probeRows)) : 1;
  return cost.fixedSeconds + cost.secondsPerRow * train * growth;
}

/** A family's defaults over every fold: fitting on `train` rows each, predicting all `rows` once, with a margin for the spread. */
export function familySeconds(cost: FamilyCost, rows: number, train: number, folds: number): number {
  return 1.2 * (folds * fitSeconds(cost, train) + cost.predictSecondsPerRow * rows);
}

export function planBudget(input: PlanInput): Plan {
  const { rows, folds, costs } = input;
  // The content hash of every row is paid whatever the plan: it comes off the top.
  const fixed = 1.2 * costs.hashPerRow * (input.fileRows ?? rows);
  const seconds = Math.max(0, input.seconds - fixed);
  const slack = Math.max(SLACK_MIN_SECONDS, seconds * SLACK_SHARE);
  const plannable = Math.max(0, seconds - slack);
  const share = {
    featurePower: plannable * STAGE_SHARES.featurePower,
    bar: plannable * STAGE_SHARES.bar,
    models: plannable * STAGE_SHARES.models,
    search: plannable * STAGE_SHARES.search,
    curve: plannable * STAGE_SHARES.curve,
  };
  // The evaluation rows: as many as the bar's share allows and predicting them takes no more
  // than a quarter of the models' share, so most of it buys training rows.
  const predictPerRow = costs.families.reduce((s, c) => s + 1.2 * c.predictSecondsPerRow, 0);
  const byBar = largestRows(rows, (m) => costs.barPerRow * m * growth(m, costs.rows) <= share.bar);
  const byPredict = (0.25 * share.models) / Math.max(predictPerRow, 1e-12);
  const evaluationRows = Math.min(rows, Math.max(Math.min(rows, MIN_EVALUATION_ROWS), Math.floor(Math.min(byBar, byPredict, MAX_EVALUATION_ROWS))));
  const foldTrain = Math.max(2, Math.floor((evaluationRows * (folds - 1)) / folds));

  // The models' share split evenly between the families; what a family cannot use (it already
  // learns from every training row) goes to the others.
  const trainingRows: Record<string, number> = {};
  let open = [...costs.families];
  let left = share.models;
  while (open.length > 0) {
    const each = left / open.length;
    const capped = open.filter((c) => familySeconds(c, evaluationRows, foldTrain, folds) <= each);
    if (capped.length === 0) {
      for (const c of open) trainingRows[c.family] = largestTraining(c, evaluationRows, foldTrain, folds, each);
      break;
    }
    for (const c of capped) {
      trainingRows[c.family] = foldTrain;
      left -= familySeconds(c, evaluationRows, foldTrain, folds);
    }
    open = open.filter((c) => !capped.includes(c));
  }
  const planned: Record<string, number> = {};
  for (const c of costs.families) planned[c.family] = familySeconds(c, evaluationRows, trainingRows[c.family]!, folds);
  const byPower = largestRows(evaluationRows, (m) => costs.featurePowerPerRow * m * growth(m, costs.rows) <= share.featurePower);
  const featurePowerRows = Math.min(evaluationRows, Math.max(Math.min(evaluationRows, MIN_EVALUATION_ROWS), byPower));
  // Half the slack for the paired bootstraps: up to five lifts of LIFT_RESAMPLES resamples each,
  // with a margin of two (sorting grows faster than the rows, and the first runs are not yet compiled).
  const liftCost = (m: number): number => 2 * 5 * LIFT_RESAMPLES * costs.liftPerRowResample * m * growth(m, costs.rows);
  const liftRows = Math.min(evaluationRows, Math.max(Math.min(evaluationRows, MIN_LIFT_ROWS), largestRows(MAX_LIFT_ROWS, (m) => liftCost(m) <= 0.5 * slack)));
  return { evaluationRows, trainingRows, featurePowerRows, liftRows, seconds: { ...share, slack }, familySeconds: planned };
}

/** How much more a row costs at `rows` than at the `measured` rows, for work that sorts (n log n). */
function growth(rows: number, measured: number): number {
  return rows > measured ? Math.log2(rows) / Math.log2(Math.max(2, measured)) : 1;
}

/** The most rows up to `most` for which `fits` holds (it is monotone; 0 when none does). */
function largestRows(most: number, fits: (m: number) => boolean): number {
  if (fits(most)) return most;
  let lo = 0;
  let hi = most;
  while (hi - lo > Math.max(1, lo * 0.01)) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The most training rows per fold (at least MIN_TRAINING_ROWS) whose fits fit `seconds`. */
function largestTraining(cost: FamilyCost, rows: number, foldTrain: number, folds: number, seconds: number): number {
  const floor = Math.min(foldTrain, MIN_TRAINING_ROWS);
  let lo = floor;
  let hi = foldTrain;
  if (familySeconds(cost, rows, hi, folds) <= seconds) return hi;
  while (hi - lo > Math.max(1, lo * 0.01)) {
    const mid = Math.floor((lo + hi) / 2);
    if (familySeconds(cost, rows, mid, folds) <= seconds) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** One stage of the assessment as assessment.json lists it. */
export interface StageRecord {
  readonly stage: string;
  /** Rows the stage used. */
  readonly rows: number;
  /** Rows it could have used (the labelled rows). */
  readonly of: number;
  readonly sampled: boolean;
  /** How the rows were drawn, when sampled. */
  readonly how: SampleHow | null;
  /** Seconds the plan gave it (null when nothing was planned: small data, or a stage that is not). */
  readonly plannedSeconds: number | null;
  readonly spentSeconds: number;
  /** Model families: the training rows of each fold (a sample of the fold's training rows when fewer). */
  readonly trainingRows?: number;
}

/** Times the stages as they run and lists them, in order, for assessment.json and the brief. */
export class StageLog {
  private readonly records: StageRecord[] = [];
  private started = 0;

  begin(): void {
    this.started = performance.now();
  }

  /** Ends the stage begun last. */
  end(stage: string, rows: number, of: number, how: SampleHow | null, plannedSeconds: number | null): void {
    this.add({ stage, rows, of, sampled: rows < of, how: rows < of ? how : null, plannedSeconds, spentSeconds: (performance.now() - this.started) / 1000 });
  }

  add(record: StageRecord): void {
    this.records.push({ ...record, plannedSeconds: record.plannedSeconds === null ? null : round(record.plannedSeconds), spentSeconds: round(record.spentSeconds) });
  }

  get list(): readonly StageRecord[] {
    return this.records;
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
