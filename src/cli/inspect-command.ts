// `framewise inspect <file>`: loads a data file and prints what framewise sees in it, as a
// table on the terminal or as one stable JSON object with --json.

import { Command } from 'commander';
import { loadFrame } from '../data/load.js';
import { type Inspection, inspectFrame } from '../profile/inspect.js';
import { describeMissingWord, missingWordsAsValues } from '../profile/missing-words.js';
import type { ColumnSummary } from '../profile/column-summary.js';
import { addDataOptions, type DataFlags, loadOptionsFrom } from './data-options.js';
import { action } from './run-command.js';
import { formatNumber, formatShare, renderTable } from './table.js';
import { terminalProgress } from './terminal-progress.js';

interface InspectFlags extends DataFlags {
  readonly target?: string;
  readonly json?: boolean;
}

export function inspectCommand(): Command {
  const command = new Command('inspect')
    .description('load a data file and show its columns, inferred types (with the reason), missing values and distributions')
    .argument('<file>', 'a CSV, TSV, Parquet, JSON (array of records) or NDJSON file')
    .option('--target <column>', "the column to predict: its distribution is shown")
    .option('--json', 'print one JSON object (see docs/inspect-json.md) instead of tables');
  addDataOptions(command);
  command.action(
    action(async (file: string, flags: InspectFlags) => {
      const options = loadOptionsFrom(flags);
      const loaded = await loadFrame(file, {
        ...options,
        progress: flags.json ? terminalProgress(process.stderr) : terminalProgress(),
        ...(flags.target === undefined ? {} : { requiredColumns: [flags.target] }),
      });
      const words = await missingWordsAsValues(file, loaded.frame, options);
      const inspection = inspectFrame(loaded.frame, { file, format: loaded.format, sql: flags.sql }, flags.target, words);
      process.stdout.write(flags.json ? `${JSON.stringify(inspection, null, 2)}\n` : renderInspection(inspection));
    }),
  );
  return command;
}

export function renderInspection(inspection: Inspection): string {
  const out: string[] = [];
  out.push(`${inspection.source.file} (${inspection.source.format}${inspection.source.sql ? ', through --sql' : ''}): ${formatNumber(inspection.rows)} rows × ${inspection.columns} columns`);
  out.push(`fingerprint ${inspection.fingerprint.content.slice(0, 16)}  schema ${inspection.fingerprint.schema.slice(0, 16)}`);
  out.push('');
  out.push(
    renderTable(
      [{ header: 'column' }, { header: 'type' }, { header: 'missing', align: 'right' }, { header: 'distinct', align: 'right' }, { header: 'values' }, { header: 'why this type' }],
      inspection.columnSummaries.map((s) => [
        s.name,
        s.type + (s.typeOverridden ? '*' : ''),
        formatShare(s.missing.share),
        formatNumber(s.distinct),
        describeValues(s),
        s.reason,
      ]),
    ),
  );
  if (inspection.columnSummaries.some((s) => s.typeOverridden)) out.push('* type set by the user');
  const target = inspection.target;
  if (target) {
    out.push('');
    out.push(`Target '${target.name}' (${target.type})${target.missing > 0 ? `, missing on ${formatNumber(target.missing)} rows` : ''}:`);
    if (target.classes) {
      out.push(renderTable([{ header: 'class' }, { header: 'rows', align: 'right' }, { header: 'share', align: 'right' }, { header: '' }], target.classes.map((c) => [c.value, formatNumber(c.count), formatShare(c.share), '#'.repeat(Math.max(1, Math.round(c.share * 40)))])));
    } else if (target.numeric) {
      const t = target.numeric;
      out.push(`  min ${formatNumber(t.min)}  25% ${formatNumber(t.p25)}  median ${formatNumber(t.median)}  75% ${formatNumber(t.p75)}  max ${formatNumber(t.max)}  mean ${formatNumber(t.mean)}  sd ${formatNumber(t.std)}`);
    }
  }
  if (inspection.missingWords.length > 0) {
    out.push('');
    out.push('Missing-value words that may be values:');
    for (const m of inspection.missingWords) out.push(`  warning: ${describeMissingWord(m)}`);
  }
  return `${out.join('\n')}\n`;
}

function describeValues(s: ColumnSummary): string {
  if (s.numeric) return `${formatNumber(s.numeric.min)} … ${formatNumber(s.numeric.max)}, mean ${formatNumber(s.numeric.mean)}`;
  if (s.datetime) return `${s.datetime.min.slice(0, 10)} … ${s.datetime.max.slice(0, 10)}`;
  if (s.top && s.top.length > 0) {
    const shown = s.top.slice(0, 3).map((t) => `${truncate(t.value, 18)} ${formatShare(t.share)}`);
    return shown.join(', ') + (s.distinct > 3 ? ', …' : '');
  }
  return '(no values)';
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
