// The spelling of categories decided at training: number-coded categories match any spelling of
// the same number, other categories only as written, and a column is re-spelled without new codes per row.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryFormOf, categoryOf, numberCategory, withCategoryForm } from './category-form.js';
import type { Column } from './column.js';

test('categories that are numbers in their shortest form are number-coded; zero-padded codes, "1.0" and words are text', () => {
  assert.equal(categoryFormOf(['1', '2']), 'number');
  assert.equal(categoryFormOf(['0', '1', '2', '10', '0.5', '-3']), 'number');
  assert.equal(categoryFormOf(['1.0', '2.0']), 'text');
  assert.equal(categoryFormOf(['02134', '10001']), 'text');
  assert.equal(categoryFormOf(['1', 'NA']), 'text');
  assert.equal(categoryFormOf(['0x10']), 'text');
  assert.equal(categoryFormOf([]), 'text');
});

test('every spelling of a number is one number-coded category; text categories are kept as written', () => {
  for (const v of [2, 2.0, '2', '2.0', ' 2 ', '2.00', '+2', '2e0']) assert.equal(categoryOf(v, 'number'), '2', JSON.stringify(v));
  assert.equal(categoryOf('-0', 'number'), '0');
  assert.equal(categoryOf('0.50', 'number'), '0.5');
  assert.equal(categoryOf('unknown', 'number'), 'unknown');
  assert.equal(categoryOf('0x2', 'number'), '0x2');
  assert.equal(categoryOf('2.0', 'text'), '2.0');
  assert.equal(categoryOf('02134', 'text'), '02134');
  assert.equal(numberCategory(''), null);
  assert.equal(numberCategory('Infinity'), null);
});

test('a column read as text is re-spelled: "1.0" and "1" share a code, missing stays missing, words stay', () => {
  const column: Column = { kind: 'categorical', name: 'sex', codes: Int32Array.from([0, 1, 2, -1, 3, 0]), dictionary: ['1.0', '2.0', '1', 'other'] };
  const spelled = withCategoryForm(column, 'number');
  assert.ok(spelled.kind === 'categorical');
  assert.deepEqual(spelled.dictionary, ['1', '2', 'other']);
  assert.deepEqual([...spelled.codes], [0, 1, 0, -1, 2, 0]);
  assert.equal(withCategoryForm(column, 'text'), column, 'text form leaves the column as read');
  const already: Column = { kind: 'categorical', name: 'sex', codes: Int32Array.from([0, 1]), dictionary: ['1', '2'] };
  assert.equal(withCategoryForm(already, 'number'), already, 'nothing to re-spell: the same column');
});
