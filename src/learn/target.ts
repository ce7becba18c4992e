// Reads the target column into what learners train on: numbers for regression, or class codes
// in a documented order (the categories sorted as strings) with the user's labels kept.

import { FramewiseError } from '../core/errors.js';
import { categoryFormOf, withCategoryForm } from '../data/category-form.js';
import { valueAt } from '../data/column.js';
import { convertColumn } from '../data/convert-column.js';
import type { Frame } from '../data/frame.js';
import type { Task } from './estimator.js';

export type EncodedTarget =
  | { readonly task: 'regression'; readonly name: string; readonly y: Float64Array }
  | {
      readonly task: 'binary' | 'multiclass';
      readonly name: string;
      /** The user's labels; class k is classes[k]. Sorted, so the order is stable across loads. */
      readonly classes: readonly string[];
      /** Class code per row. */
      readonly y: Int32Array;
    };

/** Encodes the target; rows with a missing target are refused, naming the first one. */
export function encodeTarget(frame: Frame, name: string, task?: Task): EncodedTarget {
  const column = frame.column(name);
  const n = frame.rowCount;
  const firstMissing = (): number => {
    for (let i = 0; i < n; i++) if (valueAt(column, i) === null) return i;
    return -1;
  };
  const missingRow = firstMissing();
  if (missingRow >= 0) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Target '${name}' is missing on row ${missingRow + 1}.`, {
      hint: 'Drop unlabelled rows before training (e.g. --sql "SELECT * FROM data WHERE target IS NOT NULL").',
      location: { column: name, row: missingRow + 1 },
    });
  }
  const asRegression = task === 'regression' || (task === undefined && column.kind === 'numeric');
  if (asRegression) {
    if (column.kind !== 'numeric') {
      throw new FramewiseError('INVALID_ARGUMENT', `Target '${name}' is ${column.kind}, so it cannot be predicted as a number.`, {
        hint: 'Choose a numeric target for regression, or let framewise treat it as classes.',
        location: { column: name },
      });
    }
    return { task: 'regression', name, y: column.values };
  }
  const labels = new Array<string>(n);
  for (let i = 0; i < n; i++) labels[i] = String(valueAt(column, i));
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2) {
    throw new FramewiseError('TARGET_CONSTANT', `Target '${name}' has only one class ('${classes[0]}'): there is nothing to tell apart.`, {
      hint: 'A model needs rows of at least two classes: check the target column, or the --sql filter that produced it.',
      location: { column: name },
    });
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = index.get(labels[i]!)!;
  return { task: classes.length === 2 ? 'binary' : 'multiclass', name, classes, y };
}

/**
 * The label column as a model with `classes` reads it. A model that learned a yes/no label before
 * columns kept their words has the classes false/true: for it the words are dropped, so its
 * labels still match; every other model reads the data's own words. Integer-coded classes
 * ("0", "1", "2") are spelled as training spelled them, so a file (or a card typing the label as
 * categories) that writes "1.0" gives the class "1".
 */
export function labelsAsLearned(frame: Frame, name: string, classes: readonly string[] | null): Frame {
  if (!frame.has(name)) return frame;
  const column = frame.column(name);
  if (classes !== null && (column.kind === 'categorical' || column.kind === 'text') && categoryFormOf(classes) === 'number') {
    const asCategories = column.kind === 'text' ? convertColumn(column, 'categorical') : column;
    const spelled = withCategoryForm(asCategories, 'number');
    return spelled === column ? frame : frame.withColumn(spelled, frame.typeOf(name));
  }
  if (column.kind !== 'boolean' || column.words === undefined || classes === null) return frame;
  if (classes.length !== 2 || classes[0] !== 'false' || classes[1] !== 'true' || classes.includes(column.words[0]) || classes.includes(column.words[1])) return frame;
  return frame.withColumn({ kind: 'boolean', name, values: column.values }, frame.typeOf(name));
}
