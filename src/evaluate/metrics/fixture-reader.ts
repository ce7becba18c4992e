// Test helper: reads the committed scikit-learn fixture (fixtures/metrics.json, made by
// fixtures/make_fixtures.py) from the source tree, whether run from src or from dist.

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { fromRoot } from '../../core/paths.js';


export function readMetricsFixture(): MetricsFixture {
  return JSON.parse(readFileSync(fromRoot('src', 'evaluate', 'metrics', 'fixtures', 'metrics.json'), 'utf8')) as MetricsFixture;
}

export const TOLERANCE = 1e-9;

/** Asserts |actual - expected| <= 1e-9, naming the metric and case. */
export function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: got ${actual}, scikit-learn ${expected} (diff ${actual - expected})`);
}

type Prf = { precision: number; recall: number; f1: number };

export interface MetricsFixture {
  sklearn: string;
  binary: {
    yTrue: number[];
    yPred: number[];
    scores: Record<string, { p: number[]; roc_auc: number; average_precision: number; log_loss: number; brier: number }>;
    expected: { accuracy: number; balanced_accuracy: number; confusion_matrix: number[]; pos0: Prf; pos1: Prf };
  };
  multiclass: {
    name: string;
    classes: number;
    yTrue: number[];
    yPred: number[];
    proba: number[];
    expected: {
      accuracy: number;
      balanced_accuracy: number;
      confusion_matrix: number[];
      log_loss: number;
      brier: number;
      average_precision_macro: number;
      average_precision_weighted: number;
      roc_auc_ovr_macro: number;
      roc_auc_ovr_weighted: number;
      micro: Prf;
      macro: Prf;
      weighted: Prf;
    };
  }[];
  multilabel: {
    labels: number;
    yTrue: number[];
    yPred: number[];
    expected: {
      per_label: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
      hamming_loss: number;
      subset_accuracy: number;
      micro: Prf;
      macro: Prf;
    };
  };
  regression: { name: string; yTrue: number[]; yPred: number[]; expected: { rmse: number; mae: number; r2: number } }[];
  clustering: {
    name: string;
    rows?: number;
    cols?: number;
    X?: number[];
    labelsTrue: number[];
    labelsPred: number[];
    sample?: number[];
    expected: { silhouette?: number; silhouette_sklearn?: number; silhouette_sample?: number; mutual_info: number; ami: number };
  }[];
}
