// The card init writes for each kind of problem: the template for that kind (a regression's boundary
// and cost of error, a cost matrix over the data's classes, the labels of a multi-label target,
// clustering's k, an anomaly's flagged share), which still parses as a card once uncommented.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { Task } from '../core/task.js';
import { loadFrame } from '../data/load.js';
import type { Card } from './card.js';
import { parseCard } from './card-file.js';
import { initCardText } from './init-card.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-init-templates-'));

/** 400 rows of a clinic: numbers, a region, an outcome of each kind. */
function clinicCsv(): string {
  const rng = new Rng(8);
  const lines = ['age,bmi,region,cost,risk,severity,tags'];
  const tagNames = ['diabetes', 'hypertension', 'asthma'];
  for (let i = 0; i < 400; i++) {
    const age = 20 + rng.int(60);
    const bmi = Math.round((18 + rng.next() * 20) * 10) / 10;
    const region = ['north', 'south', 'east'][rng.int(3)]!;
    const cost = Math.round(1000 + age * 40 + bmi * 60 + rng.normal() * 500);
    const risk = age + bmi * 2 + rng.normal() * 10 > 110 ? 'high' : 'low';
    const severity = ['mild', 'moderate', 'severe'][Math.min(2, Math.floor((age + rng.next() * 40) / 35))]!;
    const tags = tagNames.filter((_, j) => rng.next() < 0.3 + 0.1 * j).join('|');
    lines.push(`${age},${bmi},${region},${cost},${risk},${severity},${tags}`);
  }
  return `${lines.join('\n')}\n`;
}

const file = join(dir, 'clinic.csv');
writeFileSync(file, clinicCsv());
const loaded = loadFrame(file, { missing: [''] });

/** The card's decision and business blocks with their leading "# " taken away, as a user uncomments them. */
function uncommented(text: string): string {
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line === '# decision:' || line === '# business:') inBlock = true;
    else if (!line.startsWith('#   ')) inBlock = false;
    out.push(inBlock ? line.slice(2) : line);
  }
  return out.join('\n');
}

async function cardFor(target: string | null, task?: Task): Promise<{ text: string; card: Card; edited: Card }> {
  const { frame } = await loaded;
  const text = initCardText({ dataFile: file, cardPath: join(dir, 'framewise.yaml'), frame, target, data: { missing: [''] }, ...(task === undefined ? {} : { task }) });
  return { text, card: parseCard(text, 'init'), edited: parseCard(uncommented(text), 'init, uncommented') };
}

test('regression: the boundary and the cost per unit of error, each said what it means', async () => {
  const { text, edited } = await cardFor('cost');
  assert.match(text, /^#   boundary: \d+ +# the predicted value at which the decision changes/m);
  assert.match(text, /^#   costPerUnitError: 1 +# money lost per unit the prediction is off by \(one unit of cost\)/m);
  assert.match(text, /wrong side/);
  assert.ok(edited.decision?.boundary !== undefined && edited.decision.boundary > 2000);
  assert.equal(edited.business?.costPerUnitError, 1);
  assert.doesNotMatch(text, /positiveClass|truePositive|costMatrix/);
});

test('multiclass: a cost matrix over the data\'s own classes', async () => {
  const { text, edited } = await cardFor('severity');
  assert.deepEqual(Object.keys(edited.business!.costMatrix!).sort(), ['mild', 'moderate', 'severe']);
  for (const row of Object.values(edited.business!.costMatrix!)) assert.deepEqual(Object.keys(row).sort(), ['mild', 'moderate', 'severe']);
  assert.equal(edited.business!.costMatrix!['mild']!['mild'], 0);
  assert.doesNotMatch(text, /positiveClass|truePositive|boundary/);
});

test('multi-label: the labels found in the data, and one threshold', async () => {
  const { text, edited } = await cardFor('tags');
  assert.match(text, /^# The labels in the data: "asthma", "diabetes", "hypertension"\.$/m);
  assert.equal(edited.decision?.threshold, 0.5);
  assert.doesNotMatch(text, /positiveClass|truePositive|costMatrix|boundary/);
});

test('clustering: says how k is chosen; the only decision offered is the anomaly alternative, not a top-k', async () => {
  const { text, card, edited } = await cardFor(null);
  assert.equal(card.task, undefined);
  assert.match(text, /each row is given one of k groups\. The assessment chooses k/);
  assert.match(text, /n_clusters=K/);
  assert.match(text, /With task: anomaly instead/);
  assert.doesNotMatch(text, /top-k|positiveClass|truePositive|costMatrix/);
  assert.equal(edited.decision?.flaggedShare, 0.02);
});

test('anomalies (--task anomaly): task written, the flagged share to set, or the score threshold instead', async () => {
  const { text, card, edited } = await cardFor(null, 'anomaly');
  assert.equal(card.task, 'anomaly');
  assert.equal(edited.decision?.flaggedShare, 0.02);
  assert.match(text, /^#   # threshold: 0\.6 +# or: flag every row whose anomaly score is at least this/m);
  assert.doesNotMatch(text, /top-k|positiveClass|truePositive|costMatrix|groups/);
});

test('binary: the threshold, the positive class among the data\'s and the four outcomes, as before', async () => {
  const { edited } = await cardFor('risk');
  assert.equal(edited.decision?.threshold, 0.5);
  assert.ok(['high', 'low'].includes(edited.decision!.positiveClass!));
  assert.deepEqual(Object.keys(edited.business!.outcomes!).sort(), ['falseNegative', 'falsePositive', 'trueNegative', 'truePositive']);
});

test('a task the user names is written uncommented', async () => {
  const { card } = await cardFor('severity', 'multiclass');
  assert.equal(card.task, 'multiclass');
});
