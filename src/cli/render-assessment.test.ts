// The assessment summary's wording for a problem without a target: rows, not labelled rows, and
// scores measured once rather than over "1-fold" cross-validation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { assess } from '../evaluate/assess.js';
import { loadProblem } from '../frame/problem.js';
import { renderAssessment } from './render-assessment.js';

test('a clustering summary counts rows, not labelled rows, and says its scores are measured once', async () => {
  const problem = await loadProblem({ data: fromRoot('examples', 'penguins.csv') });
  assert.equal(problem.task.task, 'clustering');
  const { assessment } = await assess(problem, { budgetSeconds: 4 });
  const text = renderAssessment(assessment);
  const first = text.split('\n')[0]!;
  assert.match(first, /; 344 rows, \d+ features$/);
  assert.doesNotMatch(text, /labelled rows|1-fold/);
  if (assessment.featurePower.length > 0) assert.match(text, /alone, measured once on all rows\):/);
});
