// The known-answer generator: the same seed writes the same bytes, another seed other rows, and the
// label follows the stated log-odds while no single feature or straight line comes close to it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { KNOWN_ANSWER_FEATURES, knownAnswerColumns, knownAnswerLogOdds, writeKnownAnswerTable } from './known-answer-data.js';

function parse(text: string): { header: string[]; x: Float64Array[]; y: Int32Array } {
  const lines = text.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.length - 1;
  const x = Array.from({ length: KNOWN_ANSWER_FEATURES }, () => new Float64Array(rows));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const cells = lines[i + 1]!.split(',');
    for (let j = 0; j < KNOWN_ANSWER_FEATURES; j++) x[j]![i] = Number(cells[j]);
    y[i] = Number(cells[KNOWN_ANSWER_FEATURES]);
  }
  return { header, x, y };
}

test('the same seed writes the same bytes; another seed writes other rows of the same shape', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'known-answer-'));
  try {
    await writeKnownAnswerTable(join(dir, 'a.csv'), 3000, 7);
    await writeKnownAnswerTable(join(dir, 'b.csv'), 3000, 7);
    await writeKnownAnswerTable(join(dir, 'c.csv'), 3000, 8);
    const a = readFileSync(join(dir, 'a.csv'), 'utf8');
    const c = readFileSync(join(dir, 'c.csv'), 'utf8');
    assert.equal(a, readFileSync(join(dir, 'b.csv'), 'utf8'));
    assert.notEqual(a, c);
    const parsed = parse(a);
    assert.deepEqual(parsed.header, [...knownAnswerColumns, 'label']);
    assert.equal(parsed.y.length, 3000);
    assert.equal(parse(c).y.length, 3000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the label follows the true log-odds, far better than any single feature or the linear part', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'known-answer-'));
  try {
    await writeKnownAnswerTable(join(dir, 'k.csv'), 20_000, 11);
    const { x, y } = parse(readFileSync(join(dir, 'k.csv'), 'utf8'));
    const n = y.length;
    const positives = y.reduce((s, v) => s + v, 0) / n;
    assert.ok(positives > 0.35 && positives < 0.65, `label rate ${positives}`);
    const truth = new Float64Array(n);
    const row = new Float64Array(KNOWN_ANSWER_FEATURES);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < KNOWN_ANSWER_FEATURES; j++) row[j] = x[j]![i]!;
      truth[i] = knownAnswerLogOdds(row);
    }
    const oracle = rocAuc(y, truth).value;
    assert.ok(oracle > 0.85, `oracle ROC AUC ${oracle}`);
    // A feature used as a score in either direction, and its square (the best a one-feature bowl can do).
    for (let j = 0; j < KNOWN_ANSWER_FEATURES; j++) {
      const linear = rocAuc(y, x[j]!).value;
      const squared = rocAuc(y, x[j]!.map((v) => v * v)).value;
      const best = Math.max(linear, 1 - linear, squared, 1 - squared);
      assert.ok(best < oracle - 0.15, `x${j + 1} alone reaches ${best} against ${oracle}`);
      if (j >= 8) assert.ok(best < 0.53, `noise feature x${j + 1} reaches ${best}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
