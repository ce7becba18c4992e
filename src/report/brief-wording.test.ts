// The brief's small wording rules: the card's goal read as a sentence, and rows called labelled only
// where the task has a label.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asSentence, labelledWord } from './brief-builder.js';

test("the card's goal ends with a full stop before the brief's next sentence", () => {
  assert.equal(asSentence('price homes for listing'), 'price homes for listing.');
  assert.equal(asSentence('Will it rain tomorrow?'), 'Will it rain tomorrow?');
  assert.equal(asSentence('Cut churn. '), 'Cut churn.');
});

test('rows are labelled only for tasks with a target', () => {
  assert.equal(labelledWord('regression'), 'labelled ');
  assert.equal(labelledWord('multilabel'), 'labelled ');
  assert.equal(labelledWord('clustering'), '');
  assert.equal(labelledWord('anomaly'), '');
});
