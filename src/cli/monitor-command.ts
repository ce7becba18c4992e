// `framewise monitor NAME[@VERSION|@ALIAS]`: a registered version's training sample against a
// current window (--current FILE or the prediction log --since TIME); writes monitor.json/.md/.html
// (with charts) into a dated folder of its own under --out/runs/, with --out's own files a copy of the newest run,
// and exits 3 when --fail-on drift|ood|performance|value trips, so the run can gate a pipeline.

import { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { monitorDocument, monitorSummary } from '../report/monitor-document.js';
import { monitorAlerts } from '../monitor/alerts-run.js';
import { type CurrentWindow, runMonitor } from '../monitor/monitor-run.js';
import { parseWindow } from '../monitor/time-windows.js';
import { parseModelRef } from '../registry/model-ref.js';
import { DEFAULT_REGISTRY_DIR } from '../registry/sqlite-store.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdownWithCharts } from '../report/render-markdown.js';
import { parseSince } from '../serve/log-export.js';
import { unreadableNote } from '../serve/log-reader.js';
import { describeOverride } from '../learn/read-for-model.js';
import { addDataOptions, type DataFlags, typedDataSettings } from './data-options.js';
import { writeRun } from './monitor-runs.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';

/** The exit code when --fail-on trips (2 stays a usage or data error, 1 a bug). */
export const MONITOR_FAIL_EXIT = 3;

interface MonitorFlags extends DataFlags {
  readonly registry: string;
  readonly current?: string;
  readonly since?: string;
  readonly out: string;
  readonly window?: string;
  readonly failOn: string[];
}

const FAIL_ON = ['drift', 'ood', 'performance', 'value'] as const;

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',')];

export function monitorCommand(): Command {
  const command = new Command('monitor')
    .description('drift, training-serving skew and out-of-distribution inputs of a registered model against a current window')
    .argument('<ref>', 'NAME, NAME@VERSION or NAME@ALIAS')
    .option('--registry <dir>', 'the registry folder', DEFAULT_REGISTRY_DIR)
    .option('--current <file>', 'the current window as a data file (read with the model\'s column types)')
    .option('--since <time>', "the current window as the server's logged inputs since this ISO date-time")
    .option('--out <dir>', 'folder that keeps every run: each in its own dated folder (monitor.json, monitor.md, monitor.html), the newest copied to DIR itself', 'monitor')
    .option('--window <length>', "rolling window for performance and OOD over time: a whole number and m, h or d (default: the card's monitoring.window, else 1d)")
    .option(
      '--fail-on <what>',
      `exit ${MONITOR_FAIL_EXIT} when 'drift' (the data set drifted), 'ood' (over 5% of rows out of distribution), 'performance' (a metric below the registration's promise) or 'value' (realised value per decision below the promised value); repeatable`,
      collect,
      [],
    );
  addDataOptions(command);
  command.action(
    action(async (refText: string, flags: MonitorFlags, cmd: Command) => {
      const ref = parseModelRef(refText);
      for (const what of flags.failOn) {
        if (!(FAIL_ON as readonly string[]).includes(what)) {
          throw new FramewiseError('INVALID_ARGUMENT', `--fail-on '${what}' is not one of ${FAIL_ON.join(', ')}.`, { hint: 'Use --fail-on drift, ood, performance or value; repeat the flag or separate them with commas.', location: { field: '--fail-on' } });
        }
      }
      if (flags.window !== undefined) parseWindow(flags.window);
      if ((flags.current === undefined) === (flags.since === undefined)) {
        throw new FramewiseError('INVALID_ARGUMENT', flags.current === undefined ? 'monitor needs a current window: --current FILE or --since TIME.' : 'Pass either --current FILE or --since TIME, not both.', {
          hint: 'e.g. framewise monitor churn --current this-week.csv, or framewise monitor churn --since 2026-11-01 to use the prediction log.',
          location: { field: flags.current === undefined ? '--current' : '--since' },
        });
      }
      const current: CurrentWindow = flags.current !== undefined ? { kind: 'file', path: flags.current, options: typedDataSettings(flags, cmd) } : { kind: 'log', since: parseSince(flags.since!) };
      const result = await runMonitor({ registry: flags.registry, ref, current, progress: terminalProgress(), ...(flags.window === undefined ? {} : { window: flags.window }) });
      for (const o of result.overrides) process.stderr.write(`${describeOverride(o)}\n`);
      // Damaged log records are skipped, not fatal: said here as well as in the notes and window.unreadable.
      if ((result.window.unreadable ?? 0) > 0) process.stderr.write(`Warning: ${unreadableNote(result.window.unreadable!, 'the window')}\n`);
      // The card's alert rules: judged on this window, each change logged and sent once.
      const alerts = await monitorAlerts(flags.registry, result);
      const doc = monitorDocument(result, alerts);
      const markdown = await renderMarkdownWithCharts(doc, '');
      // Every run is kept: its own folder under DIR/runs/, named by when it ran; DIR's own files are the newest.
      const written = writeRun(flags.out, new Date(result.createdAt), [
        { name: 'monitor.json', content: `${JSON.stringify({ ...result, alerts }, null, 2)}\n` },
        ...markdown.files,
        { name: 'monitor.md', content: markdown.markdown },
        { name: 'monitor.html', content: await renderHtml(doc) },
      ]);
      process.stdout.write(`${monitorSummary(result, written.dir, alerts, written.latest)}\n`);
      const value = result.performance?.value;
      const tripped = [
        ...(flags.failOn.includes('value') && result.verdict.valueBelowPromise && value != null
          ? [`realised value per decision ${value.perDecision.toFixed(2)} [${value.low.toFixed(2)}, ${value.high.toFixed(2)}] is below the promised ${value.promised?.perDecision.toFixed(2)} [${value.promised?.low.toFixed(2)}, ${value.promised?.high.toFixed(2)}]`]
          : []),
        ...(flags.failOn.includes('drift') && result.verdict.datasetDrifted ? ['the data set drifted'] : []),
        ...(flags.failOn.includes('ood') && result.verdict.oodExceeded ? ['the out-of-distribution rate is above 5%'] : []),
        ...(flags.failOn.includes('performance') && result.verdict.belowPromise ? [`${(result.performance?.belowPromise ?? result.anomaly?.performance?.belowPromise ?? []).map((id) => metricInfo(id).label).join(', ')} fell below the promise`] : []),
        ...(flags.failOn.includes('performance') && result.clusters?.silhouette?.belowPromise ? ['the clusters\' silhouette fell below the promise'] : []),
        ...(flags.failOn.includes('performance') && result.clusters?.sharesShifted ? ['the cluster shares shifted from training'] : []),
      ];
      if (tripped.length > 0) {
        process.stderr.write(`monitor: failing because ${tripped.join(' and ')} (--fail-on).\n`);
        process.exitCode = MONITOR_FAIL_EXIT;
      }
    }),
  );
  return command;
}
