// One-row answers of the same round of I/O are released together, after that round, and slow work
// that waits for them runs only once they have gone.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endOfTurn, heldAnswers } from './response-turn.js';

test('answers of one round share one release, after the round; the next round gets its own', async () => {
  assert.equal(heldAnswers(), undefined);
  const first = endOfTurn();
  const second = endOfTurn();
  assert.equal(first, second);
  assert.equal(heldAnswers(), first);
  let released = false;
  void first.then(() => (released = true));
  // Still this round: a microtask later nothing has been released.
  await Promise.resolve();
  assert.equal(released, false);
  await first;
  assert.equal(released, true);
  assert.equal(heldAnswers(), undefined);
  const next = endOfTurn();
  assert.notEqual(next, first);
  await next;
});

test('a batch that waits for the held answers runs after those read before it', async () => {
  const order: string[] = [];
  const oneRow = async (name: string): Promise<void> => {
    await endOfTurn();
    order.push(name);
  };
  const batch = async (): Promise<void> => {
    await heldAnswers();
    order.push('batch');
  };
  await Promise.all([oneRow('a'), oneRow('b'), batch(), oneRow('c')]);
  // The one-row answers read before the batch go first; c, read after it, follows it.
  assert.deepEqual(order, ['a', 'b', 'batch', 'c']);
});

test('with nothing held, slow work does not wait for a round', async () => {
  assert.equal(heldAnswers(), undefined);
  let ran = false;
  const work = (async () => {
    await heldAnswers();
    ran = true;
  })();
  // Awaiting undefined takes one microtask, not a turn of the event loop.
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(ran, true);
  await work;
});
