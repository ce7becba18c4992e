// The terminal's progress display: a step of unknown size is named as soon as it starts and
// cleared when it stops, counted steps draw a bar, a prefixed sink says which larger step a
// learner's rounds belong to, and nothing at all is written when stderr is not a terminal.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefixedProgress } from '../core/progress.js';
import { terminalProgress } from './terminal-progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 120, write: (chunk: string) => (chunks.push(String(chunk)), true), on: () => stream, once: () => stream, removeListener: () => stream, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } as unknown as NodeJS.WriteStream;
  return { stream, written: () => chunks.join('') };
}

test('a step of unknown size is named at once and cleared when it stops', () => {
  const { stream, written } = fakeStream(true);
  const progress = terminalProgress(stream, {});
  progress.start('Registering the model');
  assert.match(written(), /Registering the model…/);
  progress.stop();
  assert.ok(written().endsWith('\r\x1b[K'), JSON.stringify(written()));
});

test("a learner's rounds are shown under the larger step's name", () => {
  const { stream, written } = fakeStream(true);
  const progress = prefixedProgress(terminalProgress(stream, {}), 'Training the chosen model on every labelled row');
  progress.start('boosting rounds', 10);
  progress.update(4);
  progress.stop();
  assert.match(written(), /Training the chosen model on every labelled row: boosting rounds/);
});

test('nothing is written when stderr is not a terminal', () => {
  const { stream, written } = fakeStream(false);
  const progress = terminalProgress(stream, {});
  progress.start('Loading', 100);
  progress.update(50);
  progress.stop();
  progress.start('Registering the model');
  progress.stop();
  assert.equal(written(), '');
});

test('nothing is written in a CI job, even on a terminal', () => {
  const { stream, written } = fakeStream(true);
  const progress = terminalProgress(stream, { CI: 'true' });
  progress.start('Registering the model');
  progress.stop();
  assert.equal(written(), '');
});
