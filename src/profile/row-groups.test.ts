// Duplicate rows and labels that disagree, counted by grouping identical rows: exact counts on a
// table with known copies, conflicts and a missing label.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Frame } from '../data/frame.js';
import { dataReadiness } from './readiness.js';
import { groupIdenticalRows } from './row-groups.js';

/** 1,000 distinct rows, then 30 exact copies of rows 0..29 and 20 copies of rows 100..119 with the other label. */
function table(): Frame {
  const x: number[] = [];
  const colour: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < 1000; i++) {
    x.push(i * 0.5);
    colour.push(i % 3);
    label.push(i % 2);
  }
  for (let i = 0; i < 30; i++) {
    x.push(i * 0.5);
    colour.push(i % 3);
    label.push(i % 2);
  }
  for (let i = 100; i < 120; i++) {
    x.push(i * 0.5);
    colour.push(i % 3);
    label.push(1 - (i % 2));
  }
  return new Frame([
    { kind: 'numeric', name: 'x', values: Float64Array.from(x) },
    { kind: 'categorical', name: 'colour', codes: Int32Array.from(colour), dictionary: ['red', 'green', 'blue'] },
    { kind: 'categorical', name: 'label', codes: Int32Array.from(label), dictionary: ['no', 'yes'] },
  ]);
}

test('rows with the same values share a group, others do not, and -0 equals 0', () => {
  const frame = table();
  const { groups, groupCount } = groupIdenticalRows([frame.column('x'), frame.column('colour')], frame.rowCount);
  assert.equal(groupCount, 1000);
  assert.equal(groups[1000], groups[0]);
  assert.equal(groups[1030], groups[100]);
  assert.notEqual(groups[1], groups[2]);
  const signed = groupIdenticalRows([{ kind: 'numeric', name: 'z', values: Float64Array.from([0, -0, Number.NaN, Number.NaN, 1]) }], 5);
  assert.equal(signed.groupCount, 3);
});

test('readiness counts exact copies as duplicates and copies with another label as disagreeing', () => {
  const checks = dataReadiness({ frame: table(), features: ['x', 'colour'], target: 'label', classification: true, leftOut: [], timeColumn: null });
  const duplicates = checks.find((c) => c.id === 'duplicate-rows')!;
  // Only the 30 exact copies repeat a row with its label; the 20 relabelled copies do not.
  assert.equal(duplicates.evidence['duplicateRows'], 30);
  const conflicts = checks.find((c) => c.id === 'conflicting-labels')!;
  assert.equal(conflicts.evidence['conflictingGroups'], 20);
  assert.equal(conflicts.evidence['conflictingRows'], 40);
  assert.equal(conflicts.evidence['distinctInputs'], 1000);
});
