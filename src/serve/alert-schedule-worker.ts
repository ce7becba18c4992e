// A worker thread that runs one monitoring pass for the alert schedule, so reading the log and
// testing drift never hold up the server's event loop; errors come back as data.

import { parentPort, workerData } from 'node:worker_threads';
import { isFramewiseError } from '../core/errors.js';
import { type MonitorInput, runMonitor } from '../monitor/monitor-run.js';

export type WorkerReply =
  | { readonly ok: true; readonly result: Awaited<ReturnType<typeof runMonitor>> }
  | { readonly ok: false; readonly error: { readonly code: string | null; readonly message: string; readonly hint: string | null } };

async function main(): Promise<void> {
  const input = workerData as MonitorInput;
  let reply: WorkerReply;
  try {
    reply = { ok: true, result: await runMonitor(input) };
  } catch (error) {
    reply = isFramewiseError(error)
      ? { ok: false, error: { code: error.code, message: error.message, hint: error.hint ?? null } }
      : { ok: false, error: { code: null, message: error instanceof Error ? error.message : String(error), hint: null } };
  }
  parentPort!.postMessage(reply);
}

void main();
