// Why the confusion matrix counts fewer rows than are labelled on large data: the sample the
// models were scored on, as assessment.json's stages record it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Assessment } from '../evaluate/assessment.js';
import type { StageRecord } from '../evaluate/budget-plan.js';
import { sampledCoverageReason } from './stage-samples.js';

const stage = (name: string, rows: number, how: StageRecord['how']): StageRecord => ({ stage: name, rows, of: 1_000_000, sampled: rows < 1_000_000, how, plannedSeconds: 10, spentSeconds: 9 });
const withStages = (stages: StageRecord[] | undefined): Assessment => ({ stages }) as unknown as Assessment;

test('models scored on a stratified sample: the caption gives the sample as the reason', () => {
  const a = withStages([stage('feature-power', 50_000, 'stratified'), stage('model:gbdt', 162_125, 'stratified'), stage('model:linear', 162_125, 'stratified')]);
  assert.equal(sampledCoverageReason(a, 162_125), 'the models were scored on a stratified sample of 162,125 rows, as the time budget planned');
  // Fewer rows than the sample: the model's own shortfall is said too.
  assert.match(sampledCoverageReason(a, 100_000)!, /sample of 162,125 rows, as the time budget planned, and this model ran on fewer folds than the others/);
});

test('a time-ordered sample is named as the most recent rows; unsampled models give no sample reason', () => {
  assert.equal(sampledCoverageReason(withStages([stage('model:gbdt', 200_000, 'time-ordered')]), 200_000), 'the models were scored on the most recent 200,000 rows, as the time budget planned');
  assert.equal(sampledCoverageReason(withStages([stage('feature-power', 50_000, 'random'), stage('model:gbdt', 1_000_000, null)]), 900_000), null);
  assert.equal(sampledCoverageReason(withStages(undefined), 10), null);
});
