// Progress on long work: stages report through a sink, and the CLI decides how (a bar on a
// terminal, nothing otherwise). Library callers get silence unless they pass a sink.

export interface ProgressSink {
  /** A new task; total is undefined when the amount of work is not known in advance. */
  start(label: string, total?: number): void;
  /** Work done so far in the current task, in the unit of its total. */
  update(done: number): void;
  stop(): void;
}

export const silentProgress: ProgressSink = {
  start() {},
  update() {},
  stop() {},
};
