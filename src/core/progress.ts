// Progress on long work: stages report through a sink, and the CLI decides how (a bar on a
// terminal, nothing otherwise). Library callers get silence unless they pass a sink.

export interface ProgressSink {
  /**
   * A new task; total is undefined when the amount of work is not known in advance. `unit` names
   * one step when the steps are few and countable (`fold`): a terminal then shows the step under
   * way, e.g. "gradient boosting: fold 3 of 5".
   */
  start(label: string, total?: number, unit?: string): void;
  /** Work done so far in the current task, in the unit of its total. */
  update(done: number): void;
  stop(): void;
}

export const silentProgress: ProgressSink = {
  start() {},
  update() {},
  stop() {},
};

/**
 * The same sink with every task's label prefixed, so a stage that reports its own steps (a
 * learner's "boosting rounds") still says which larger step it belongs to on a terminal.
 */
export function prefixedProgress(sink: ProgressSink, prefix: string): ProgressSink {
  return {
    start: (label, total, unit) => sink.start(`${prefix}: ${label}`, total, unit),
    update: (done) => sink.update(done),
    stop: () => sink.stop(),
  };
}
