// One-row answers held until the event loop has handled every request that arrived with them, and
// then sent together. Each response written on its own wakes the client's side of the connection
// once; sent in a burst, the later ones find it awake. Under load that saves the server more CPU
// per request than the model costs; with one request at a time it only adds a setImmediate.

let held: Promise<void> | undefined;

/**
 * Resolves once the event loop has finished this round of I/O (after every request read in it has
 * been handled); every caller in the same round gets the same promise, so their responses follow
 * one another.
 */
export function endOfTurn(): Promise<void> {
  held ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      held = undefined;
      resolve();
    }),
  );
  return held;
}

/**
 * The answers held in this round, or undefined when there are none. Slow work (a batch of rows, an
 * explanation) waits for it first, so that those answers are not kept waiting behind it.
 */
export function heldAnswers(): Promise<void> | undefined {
  return held;
}
