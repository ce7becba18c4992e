// Reads a multi-label target into one 0/1 vector per label: either several 0/1 (or true/false)
// columns, one label each, or one column of delimited label sets such as "news|sport".

import { FramewiseError } from '../../core/errors.js';
import { valueAt } from '../../data/column.js';
import type { Frame } from '../../data/frame.js';
import { suggestionHint } from '../../core/suggest.js';

export interface MultiLabelTarget {
  /** The columns the labels come from (left out of the features). */
  readonly columns: readonly string[];
  /** Label names: sorted when read from delimited sets, else the columns in the order given. */
  readonly labels: readonly string[];
  /** Per label, 1 where the row carries it. */
  readonly y: readonly Uint8Array[];
}

/**
 * `target` names one column of delimited label sets (a missing value is the empty set, since
 * loaders read an empty field as missing), or several 0/1 columns separated by commas.
 */
export function encodeMultiLabelTarget(frame: Frame, target: string, delimiter: string): MultiLabelTarget {
  if (frame.has(target)) {
    const column = frame.column(target);
    if (column.kind === 'numeric' || column.kind === 'boolean') return indicatorColumns(frame, [target]);
    return delimitedColumn(frame, target, delimiter);
  }
  const names = target.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) {
    if (!frame.has(name)) {
      throw new FramewiseError('COLUMN_NOT_FOUND', `There is no target column named '${name}'.`, {
        hint: `${suggestionHint(name, frame.names)} Name one column of delimited labels, or several 0/1 columns separated by commas.`,
        location: { column: name },
      });
    }
  }
  return indicatorColumns(frame, names);
}

function delimitedColumn(frame: Frame, name: string, delimiter: string): MultiLabelTarget {
  const column = frame.column(name);
  const n = frame.rowCount;
  const sets: string[][] = [];
  const all = new Set<string>();
  for (let i = 0; i < n; i++) {
    const v = valueAt(column, i);
    const set = v === null ? [] : [...new Set(String(v).split(delimiter).map((s) => s.trim()).filter((s) => s !== ''))];
    for (const label of set) all.add(label);
    sets.push(set);
  }
  const labels = [...all].sort();
  if (labels.length === 0) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Target '${name}' holds no labels at all.`, {
      hint: `Write each row's labels separated by '${delimiter}', e.g. "a${delimiter}b".`,
      location: { column: name },
    });
  }
  const index = new Map(labels.map((l, k) => [l, k]));
  const y = labels.map(() => new Uint8Array(n));
  sets.forEach((set, i) => {
    for (const label of set) y[index.get(label)!]![i] = 1;
  });
  return { columns: [name], labels, y };
}

function indicatorColumns(frame: Frame, names: readonly string[]): MultiLabelTarget {
  const n = frame.rowCount;
  const y = names.map((name) => {
    const column = frame.column(name);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      // A boolean column marks by its stored flag, whatever words (yes/no) the data wrote it with.
      if (column.kind === 'boolean' && column.values[i]! >= 0) {
        out[i] = column.values[i]!;
        continue;
      }
      const v = valueAt(column, i);
      if (v === 1 || v === true || v === '1' || v === 'true') out[i] = 1;
      else if (!(v === 0 || v === false || v === '0' || v === 'false')) {
        throw new FramewiseError('INVALID_ARGUMENT', `Label column '${name}' holds ${JSON.stringify(v)} on row ${i + 1}, where 0/1 or true/false was expected.`, {
          hint: `Several target columns make a multi-label target: each label column marks with 1 (or true) the rows that carry the label, and 0 the others; fill in missing marks. To predict '${name}' itself, name it alone as the target (target: ${name}, or --target ${name}).`,
          location: { column: name, row: i + 1, field: 'target' },
        });
      }
    }
    return out;
  });
  return { columns: [...names], labels: [...names], y };
}
