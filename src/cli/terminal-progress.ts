// A progress bar on stderr when it is a terminal, and nothing at all otherwise.

import cliProgress from 'cli-progress';
import { type ProgressSink, silentProgress } from '../core/progress.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY || process.env['CI'] === 'true') return silentProgress;
  let bar: cliProgress.SingleBar | undefined;
  let spinnerLabel: string | undefined;
  let lastDraw = 0;
  return {
    start(label, total) {
      if (total !== undefined) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream, clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      } else {
        spinnerLabel = label;
      }
    },
    update(done) {
      if (bar) {
        if (done > bar.getTotal()) bar.setTotal(done);
        bar.update(done);
      } else if (spinnerLabel !== undefined) {
        const now = Date.now();
        if (now - lastDraw > 100) {
          stream.write(`\r${spinnerLabel}: ${done.toLocaleString('en-US')}`);
          lastDraw = now;
        }
      }
    },
    stop() {
      if (bar) bar.stop();
      else if (spinnerLabel !== undefined && lastDraw > 0) stream.write('\r\x1b[K');
      bar = undefined;
      spinnerLabel = undefined;
      lastDraw = 0;
    },
  };
}
