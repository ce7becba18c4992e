// A Frame: named columns of typed arrays, all of one length, each with its semantic type.
// Frames are immutable: every operation returns a new frame sharing what it did not change.

import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import { type Column, columnBytes, columnLength, takeRows } from './column.js';
import type { ColumnTypeInfo } from './semantic-type.js';

export class Frame {
  readonly columns: readonly Column[];
  readonly rowCount: number;
  private readonly types: ReadonlyMap<string, ColumnTypeInfo>;
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(columns: readonly Column[], types?: ReadonlyMap<string, ColumnTypeInfo>) {
    const byName = new Map<string, Column>();
    let rowCount: number | undefined;
    for (const column of columns) {
      if (byName.has(column.name)) {
        throw new FramewiseError('DUPLICATE_COLUMN', `Column '${column.name}' appears more than once.`, {
          hint: 'Give every column a distinct name.',
          location: { column: column.name },
        });
      }
      byName.set(column.name, column);
      const length = columnLength(column);
      if (rowCount === undefined) rowCount = length;
      else if (length !== rowCount) {
        throw new FramewiseError(
          'INTERNAL',
          `Column '${column.name}' has ${length} rows where the frame has ${rowCount}.`,
        );
      }
    }
    this.columns = columns;
    this.rowCount = rowCount ?? 0;
    this.byName = byName;
    this.types = types ?? new Map();
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  get columnCount(): number {
    return this.columns.length;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The named column; a mistyped name gets an error that suggests the closest names. */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (column === undefined) {
      throw new FramewiseError('COLUMN_NOT_FOUND', `There is no column named '${name}'.`, {
        hint: suggestionHint(name, this.names),
        location: { column: name },
      });
    }
    return column;
  }

  /** The semantic type of a column (its storage kind, when no type was inferred). */
  typeOf(name: string): ColumnTypeInfo {
    const column = this.column(name);
    return this.types.get(name) ?? { type: column.kind, reason: `stored as ${column.kind}`, overridden: false };
  }

  get typeMap(): ReadonlyMap<string, ColumnTypeInfo> {
    return this.types;
  }

  /** The rows at the given indices, in that order (for splits, folds and samples). */
  take(rows: ArrayLike<number>): Frame {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!(r >= 0 && r < this.rowCount) || !Number.isInteger(r)) {
        throw new FramewiseError('INVALID_ARGUMENT', `Row index ${r} is outside 0..${this.rowCount - 1}.`);
      }
    }
    return new Frame(
      this.columns.map((c) => takeRows(c, rows)),
      this.types,
    );
  }

  /** Only the named columns, in the order given. */
  select(names: readonly string[]): Frame {
    return new Frame(names.map((n) => this.column(n)), this.types);
  }

  /** All columns except the named ones. */
  drop(names: readonly string[]): Frame {
    for (const n of names) this.column(n);
    const dropped = new Set(names);
    return new Frame(this.columns.filter((c) => !dropped.has(c.name)), this.types);
  }

  /** A frame with the column added, or replacing the one of the same name, with its type. */
  withColumn(column: Column, type?: ColumnTypeInfo): Frame {
    const exists = this.byName.has(column.name);
    const columns = exists ? this.columns.map((c) => (c.name === column.name ? column : c)) : [...this.columns, column];
    const types = new Map(this.types);
    if (type !== undefined) types.set(column.name, type);
    else types.delete(column.name);
    return new Frame(columns, types);
  }

  /** The same columns with these semantic types. */
  withTypes(types: ReadonlyMap<string, ColumnTypeInfo>): Frame {
    return new Frame(this.columns, types);
  }

  /** Bytes held by the frame's column arrays. */
  get byteSize(): number {
    return this.columns.reduce((sum, c) => sum + columnBytes(c), 0);
  }
}
