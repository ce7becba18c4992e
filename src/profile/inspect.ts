// The inspection of a loaded data set: shape, fingerprints, a summary per column and, when a
// target is named, its distribution. This object is what `framewise inspect --json` prints.

import { FramewiseError } from '../core/errors.js';
import { missingCount } from '../data/column.js';
import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { MissingWord } from './missing-words.js';
import { type ColumnSummary, type ValueCount, numericStats, quantile, summarizeColumn } from './column-summary.js';

export const INSPECTION_VERSION = 1;

export interface TargetDistribution {
  readonly name: string;
  readonly type: SemanticType;
  /** For a target read as classes: every class, most frequent first. */
  readonly classes?: readonly ValueCount[];
  /** For a numeric target. */
  readonly numeric?: {
    readonly min: number;
    readonly p25: number;
    readonly median: number;
    readonly p75: number;
    readonly max: number;
    readonly mean: number;
    readonly std: number;
  };
  readonly missing: number;
}

export interface Inspection {
  readonly kind: 'framewise.inspection';
  readonly version: typeof INSPECTION_VERSION;
  readonly source: { readonly file: string; readonly format: string; readonly sql: string | null };
  readonly rows: number;
  readonly columns: number;
  readonly fingerprint: { readonly content: string; readonly schema: string };
  readonly columnSummaries: readonly ColumnSummary[];
  readonly target: TargetDistribution | null;
  /** Missing-value words (such as "NA") that are a large share of a column of words: maybe values. */
  readonly missingWords: readonly MissingWord[];
}

export interface InspectSource {
  readonly file: string;
  readonly format: string;
  readonly sql?: string | undefined;
}

export function inspectFrame(frame: Frame, source: InspectSource, target?: string, missingWords: readonly MissingWord[] = []): Inspection {
  return {
    kind: 'framewise.inspection',
    version: INSPECTION_VERSION,
    source: { file: source.file, format: source.format, sql: source.sql ?? null },
    rows: frame.rowCount,
    columns: frame.columnCount,
    fingerprint: { content: contentHash(frame), schema: schemaHash(frame) },
    columnSummaries: frame.columns.map((c) => summarizeColumn(frame, c, 5)),
    target: target === undefined ? null : targetDistribution(frame, target, source.file),
    missingWords,
  };
}

export function targetDistribution(frame: Frame, name: string, file: string): TargetDistribution {
  const column = frame.column(name);
  const missing = missingCount(column);
  if (missing === frame.rowCount) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Target column '${name}' in '${file}' has no values: all ${frame.rowCount} rows are missing.`, {
      hint: 'Choose a column that holds the outcome you want to predict, or check the missing-value strings (--missing).',
      location: { file, column: name },
    });
  }
  const type = frame.typeOf(name).type;
  if (column.kind === 'numeric' && type === 'numeric') {
    const present = column.values.filter((v) => v === v).sort();
    const stats = numericStats(column.values)!;
    return {
      name,
      type,
      missing,
      numeric: {
        min: stats.min,
        p25: quantile(present, 0.25),
        median: quantile(present, 0.5),
        p75: quantile(present, 0.75),
        max: stats.max,
        mean: stats.mean,
        std: stats.std,
      },
    };
  }
  const summary = summarizeColumn(frame, column, Number.POSITIVE_INFINITY);
  return { name, type, missing, classes: summary.top ?? [] };
}
