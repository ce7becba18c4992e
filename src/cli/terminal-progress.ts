// A progress bar on stderr when it is a terminal, and nothing at all otherwise.

import cliProgress from 'cli-progress';
import { type ProgressSink, silentProgress } from '../core/progress.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressSink {
  // A CI job's log is not a screen to redraw, even when it is given a pseudo-terminal.
  if (!stream.isTTY || env['CI'] === 'true') return silentProgress;
  let bar: cliProgress.SingleBar | undefined;
  let spinnerLabel: string | undefined;
  let lastDraw = 0;
  let stepUnit: string | undefined;
  return {
    start(label, total, unit) {
      if (total !== undefined) {
        // Countable steps name the one under way ("fold 3 of 5"); other work shows its share done.
        stepUnit = unit;
        const format = unit === undefined ? `${label} [{bar}] {percentage}% | {value}/{total}` : `${label}: ${unit} {step} of {total} [{bar}]`;
        bar = new cliProgress.SingleBar({ format, stream, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { step: Math.min(1, total) });
      } else {
        // Work of unknown size is named at once, so a long step with no count (registering a
        // model, say) never looks like a hang; a count follows when the step reports one.
        spinnerLabel = label;
        stream.write(`\r\x1b[K${label}…`);
        lastDraw = Date.now();
      }
    },
    update(done) {
      if (bar) {
        if (done > bar.getTotal()) bar.setTotal(done);
        bar.update(done, stepUnit === undefined ? {} : { step: Math.min(done + 1, bar.getTotal()) });
      } else if (spinnerLabel !== undefined) {
        const now = Date.now();
        if (now - lastDraw > 100) {
          stream.write(`\r\x1b[K${spinnerLabel}: ${done.toLocaleString('en-US')}`);
          lastDraw = now;
        }
      }
    },
    stop() {
      if (bar) bar.stop();
      else if (spinnerLabel !== undefined && lastDraw > 0) stream.write('\r\x1b[K');
      bar = undefined;
      stepUnit = undefined;
      spinnerLabel = undefined;
      lastDraw = 0;
    },
  };
}
