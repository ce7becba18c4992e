// One timed load in a fresh process, so that its peak memory is its own: prints one JSON line.

import { loadFrame } from '../src/data/load.js';

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('usage: node dist/bench/load-once.js FILE\n');
  process.exit(2);
}
const start = process.hrtime.bigint();
const { frame } = await loadFrame(path);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  `${JSON.stringify({ seconds, rows: frame.rowCount, columns: frame.columnCount, frameBytes: frame.byteSize, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
