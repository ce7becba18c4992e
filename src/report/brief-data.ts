// The shape of brief.json (kind 'framewise.brief', version 1): the assessment plus the business
// case, explanations, the monitoring plan and the saved model. Documented in docs/brief-json.md.

import type { Assessment } from '../evaluate/assessment.js';
import type { BusinessCase } from '../evaluate/value/business-case.js';
import type { WatchPlan } from '../evaluate/watch-plan.js';
import type { DecisionPromise } from '../registry/decision-package.js';
import type { BriefPolicy } from './brief-decision.js';
import type { BriefLabelDecisions } from './brief-labels.js';

export const BRIEF_VERSION = 1;

export interface FeatureImportance {
  readonly feature: string;
  /** Drop in the main metric when the feature is shuffled: mean over repeats and 95% interval. */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface ShapExample {
  /** Row number in the data (1-based, after the card's SQL). */
  readonly row: number;
  readonly prediction: string;
  /** Baseline (expected value) and contributions on the model's raw output scale. */
  readonly expected: number;
  readonly output: number;
  readonly contributions: readonly { readonly feature: string; readonly value: string; readonly contribution: number }[];
}

export interface Explanations {
  readonly metric: string;
  /** Held-out permutation importance, most important first. */
  readonly permutation: readonly FeatureImportance[];
  /** Exact TreeSHAP, for tree models. */
  readonly shap: {
    readonly output: string;
    readonly meanAbs: readonly { readonly feature: string; readonly value: number }[];
    readonly examples: readonly ShapExample[];
    readonly maxAdditivityError: number;
  } | null;
  readonly notes: readonly string[];
}

/** Clustering: the groups the brief's k-means makes on the training rows. */
export interface ClusterGroups {
  readonly k: number;
  /** Where k comes from, e.g. "k-means (k = 2, chosen by silhouette)". */
  readonly kSource: string;
  /** Each cluster by its label as predict and the server write it, with its rows and share. */
  readonly groups: readonly { readonly cluster: string; readonly rows: number; readonly share: number }[];
  /** Mean silhouette on a seeded sample of rows, with its 95% interval. */
  readonly silhouette: { readonly mean: number; readonly low: number; readonly high: number };
  readonly sampledRows: number;
}

/** The fields every brief opens with: what it is, which problem, and the assessment it stands on. */
export function briefOpening(name: string, goal: string | undefined, assessment: Assessment): Pick<Brief, 'kind' | 'version' | 'name' | 'goal' | 'createdAt' | 'assessment'> {
  return { kind: 'framewise.brief', version: BRIEF_VERSION, name, goal: goal !== undefined && goal.trim() !== '' ? goal : null, createdAt: assessment.createdAt, assessment };
}

export interface Brief {
  readonly kind: 'framewise.brief';
  readonly version: typeof BRIEF_VERSION;
  readonly name: string;
  readonly goal: string | null;
  readonly createdAt: string;
  readonly assessment: Assessment;
  /** The business case, with the decision policy the brief chose (`policy`). */
  readonly business: (BusinessCase & { readonly policy: BriefPolicy }) | null;
  /** What the chosen model promises at that policy, out of fold with intervals (null when no model ran). */
  readonly promise: DecisionPromise | null;
  /** Which model the brief puts forward and why (by value when the card gives business figures). */
  readonly choice: { readonly model: string; readonly reason: string; readonly valueByModel: readonly { readonly model: string; readonly perDecision: number | null }[] } | null;
  readonly explanations: Explanations | null;
  readonly watch: WatchPlan | null;
  /** The chosen model's out-of-fold confusion counts, counts[actual][predicted] (classifiers), at the policy's threshold for two classes. */
  readonly confusion: { readonly classes: readonly string[]; readonly counts: readonly (readonly number[])[] } | null;
  /** Multi-label: each label's threshold (the policy) and its precision, recall and F1 there, out of fold. */
  readonly labels?: BriefLabelDecisions | null;
  /** Clustering: the groups the model makes (absent for other kinds and in older briefs). */
  readonly clusters?: ClusterGroups | null;
  /** The chosen model, trained on every labelled row, saved for `framewise predict`. */
  readonly model: { readonly path: string; readonly estimator: string; readonly params: Readonly<Record<string, unknown>>; readonly rows: number } | null;
}
