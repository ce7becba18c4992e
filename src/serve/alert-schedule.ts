// The alert rules of each served champion, judged on a schedule while `framewise serve` runs:
// one monitoring pass per rule window over the prediction log (in a worker thread), then state and
// notification through the alert store. Runs never overlap; a failure is logged and serving goes on.

import { Worker } from 'node:worker_threads';
import { type ErrorCode, FramewiseError } from '../core/errors.js';
import type { MonitoringSpec } from '../frame/card.js';
import { type AlertOutcome, evaluateRule, ruleWindow, unjudgedOutcome, validateAlertRules } from '../monitor/alerts.js';
import { durationMs } from '../monitor/time-windows.js';
import { type AlertReport, notifyOutcomes, registeredMonitoring } from '../monitor/alerts-run.js';
import { AlertStateStore } from '../monitor/alert-state.js';
import type { MonitorInput, MonitorResult } from '../monitor/monitor-run.js';
import type { PostOptions } from '../monitor/webhook.js';
import type { ModelVersion } from '../registry/store.js';
import type { WorkerReply } from './alert-schedule-worker.js';
import { unreadableNote } from './log-reader.js';

/** How often the rules are judged when the card sets no `monitoring.schedule`. */
export const DEFAULT_ALERT_SCHEDULE = '1h';
/** How often the schedule looks for models that are due, without an --alert-interval override. */
const TICK_MS = 60_000;

export interface ServedVersion {
  readonly name: string;
  readonly version: number;
  readonly info: ModelVersion;
}

export interface AlertScheduleOptions {
  readonly registry: string;
  /** The champions served now (read at each tick, so promotions are followed). */
  readonly served: () => Iterable<ServedVersion>;
  /** Judge every model at every tick this often, whatever its card says (the serve --alert-interval flag). */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly post?: Omit<PostOptions, 'signal'>;
  /** One monitoring pass (default: in a worker thread). */
  readonly monitor?: (input: MonitorInput, signal: AbortSignal) => Promise<MonitorResult>;
  readonly now?: () => Date;
}

/** Reports of one model's rules in one pass. */
export interface ScheduledRun {
  readonly model: string;
  readonly version: number;
  readonly reports: readonly AlertReport[];
}

/** Runs `runMonitor` in a worker thread; terminating the worker on abort ends the pass. */
export function monitorInWorker(input: MonitorInput, signal: AbortSignal): Promise<MonitorResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./alert-schedule-worker.js', import.meta.url), { workerData: input });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      finish(() => reject(new Error('stopped')));
      void worker.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: WorkerReply) => {
      finish(() => (reply.ok ? resolve(reply.result) : reject(new FramewiseError((reply.error.code ?? 'INTERNAL') as ErrorCode, reply.error.message, reply.error.hint === null ? {} : { hint: reply.error.hint }))));
      void worker.terminate();
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the monitoring worker exited with code ${code}`))));
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n').join(' ') : String(error);
}

export class AlertSchedule {
  private readonly log: (line: string) => void;
  private readonly monitor: (input: MonitorInput, signal: AbortSignal) => Promise<MonitorResult>;
  private readonly now: () => Date;
  private readonly abort = new AbortController();
  private readonly lastRun = new Map<string, number>();
  /** Problems already logged, by model version, so a bad card is said once and not every tick. */
  private readonly reported = new Set<string>();
  private states: AlertStateStore | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** The pass in progress (or the last one): passes queue behind it, so two never overlap. */
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: AlertScheduleOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.monitor = options.monitor ?? monitorInWorker;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts ticking; the first pass comes one tick after the start. */
  start(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.next();
  }

  /** Ticks keep their cadence from the start of each pass, leaving at least a tenth of it idle. */
  private next(elapsed = 0): void {
    if (this.stopped) return;
    const every = this.options.intervalMs ?? TICK_MS;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const started = Date.now();
      void this.tick().finally(() => this.next(Date.now() - started));
    }, Math.max(every - elapsed, every / 10));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.runDue();
    } catch (error) {
      this.log(`framewise alerts: the scheduled check failed: ${errorText(error)}`);
    }
  }

  /** Judges every served model whose rules are due, after any pass in progress; returns what each judged. */
  runDue(): Promise<ScheduledRun[]> {
    const pass = this.chain.then(() => this.pass());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<ScheduledRun[]> {
    const runs: ScheduledRun[] = [];
    for (const served of [...this.options.served()]) {
      if (this.stopped) break;
      const run = await this.runModel(served);
      if (run !== null) runs.push(run);
    }
    return runs;
  }

  private once(key: string, line: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log(line);
  }

  private rulesOf(served: ServedVersion): MonitoringSpec | null {
    const key = `${served.name}@${served.version}`;
    let monitoring: MonitoringSpec | undefined;
    try {
      monitoring = registeredMonitoring(served.info);
      if (monitoring?.alerts === undefined || monitoring.alerts.length === 0) return null;
      validateAlertRules(monitoring, served.info, `the card of '${served.name}'@${served.version}`);
    } catch (error) {
      this.once(`card ${key}`, `framewise alerts: not checking '${served.name}'@${served.version}: ${errorText(error)}`);
      return null;
    }
    // With --alert-interval every tick judges every model; else each card's schedule decides.
    if (this.options.intervalMs !== undefined) return monitoring;
    const interval = durationMs(monitoring.schedule ?? DEFAULT_ALERT_SCHEDULE) ?? durationMs(DEFAULT_ALERT_SCHEDULE)!;
    const last = this.lastRun.get(key);
    // A pass that ran a little late still counts: allow half a tick of slack.
    if (last !== undefined && this.now().getTime() - last < interval - TICK_MS / 2) return null;
    return monitoring;
  }

  private async runModel(served: ServedVersion): Promise<ScheduledRun | null> {
    const monitoring = this.rulesOf(served);
    if (monitoring === null) return null;
    const key = `${served.name}@${served.version}`;
    const started = this.now();
    this.lastRun.set(key, started.getTime());
    const rules = monitoring.alerts!;
    const windows = [...new Set(rules.map((rule) => ruleWindow(rule, monitoring)))];
    const outcomes = new Map<string, AlertOutcome>();
    for (const window of windows) {
      const since = new Date(started.getTime() - (durationMs(window) ?? 86_400_000)).toISOString();
      const inWindow = rules.filter((rule) => ruleWindow(rule, monitoring) === window);
      let result: MonitorResult;
      try {
        result = await this.monitor({ registry: this.options.registry, ref: { name: served.name, version: served.version }, current: { kind: 'log', since } }, this.abort.signal);
      } catch (error) {
        if (this.stopped) return null;
        if (error instanceof FramewiseError && error.code === 'NO_DATA_ROWS') {
          for (const rule of inWindow) outcomes.set(rule.name, unjudgedOutcome(rule, monitoring, `no predictions of '${served.name}'@${served.version} since ${since}`));
          continue;
        }
        this.once(`monitor ${key} ${errorText(error)}`, `framewise alerts: could not check '${served.name}'@${served.version} over ${window}: ${errorText(error)}`);
        continue;
      }
      const skipped = result.window.unreadable ?? 0;
      if (skipped > 0) this.once(`unreadable ${key} ${skipped}`, `framewise alerts: '${served.name}'@${served.version} over ${window}: ${unreadableNote(skipped, 'the window')}`);
      for (const rule of inWindow) outcomes.set(rule.name, evaluateRule(rule, result, monitoring));
    }
    if (this.stopped) return null;
    const judged = rules.map((rule) => outcomes.get(rule.name)).filter((o): o is AlertOutcome => o !== undefined);
    this.states ??= AlertStateStore.open(this.options.registry);
    const reports = await notifyOutcomes(this.states, { name: served.name, version: served.version }, judged, monitoring, {
      log: this.log,
      ...(this.options.env === undefined ? {} : { env: this.options.env }),
      post: { ...this.options.post, signal: this.abort.signal },
      at: started,
    });
    return { model: served.name, version: served.version, reports };
  }

  /** Stops the timer, ends a pass in progress (its worker and webhook retries) and closes the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.chain;
    this.states?.close();
    this.states = null;
  }
}

/** Starts the schedule when at least one served model could have rules; the caller stops it. */
export function startAlertSchedule(options: AlertScheduleOptions): AlertSchedule {
  const schedule = new AlertSchedule(options);
  schedule.start();
  return schedule;
}
