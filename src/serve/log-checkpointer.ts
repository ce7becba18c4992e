// The prediction log's checkpointer thread: folds serving.sqlite's WAL back into the database every
// second with a connection of its own. A checkpoint fsyncs (tens of milliseconds on a busy disk);
// run by the writer, as SQLite's automatic checkpoint does inside a commit, every answer waiting on
// the log would wait for it too. In WAL mode the writer goes on committing while it runs.

import { parentPort, workerData } from 'node:worker_threads';
import { openServeDb } from './serve-db.js';

/** How often the WAL is folded back (ms): at most a few thousand pages a second gather in between. */
export const CHECKPOINT_EVERY_MS = 1000;

if (parentPort !== null) {
  const { dir } = workerData as { dir: string };
  let db: ReturnType<typeof openServeDb> | undefined;
  setInterval(() => {
    try {
      db ??= openServeDb(dir);
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // The writer reports what stops the log; a checkpoint that cannot run now runs next time.
      db?.close();
      db = undefined;
    }
  }, CHECKPOINT_EVERY_MS);
}
