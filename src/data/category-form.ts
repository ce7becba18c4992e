// How a column's categories are spelled, decided once at training and applied by every reader:
// categories that are numbers ("1", "2") match any spelling of the same number (1, 1.0, "2.0"),
// other categories ("02134", "NA", "1.0" typed as text) only as written.

import type { Column } from './column.js';

/** `number`: every category is a number in its shortest form; `text`: categories are compared as written. */
export type CategoryForm = 'number' | 'text';

/** The shortest form of a number written as text ("2.0" → "2", " 1e2 " → "100"), or null when it is no finite number. */
export function numberCategory(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const v = Number(trimmed);
  // Hexadecimal, binary and octal literals are words that happen to parse, not spellings of a number.
  if (!Number.isFinite(v) || /^[+-]?0[xob]/i.test(trimmed)) return null;
  return String(Object.is(v, -0) ? 0 : v);
}

/**
 * The form training decides from the categories it learned: `number` when there is at least one
 * and each is a number in the shortest form JavaScript writes it (how a numeric column read as
 * categories is spelled); `text` otherwise, so codes like "007" or "1.0" typed as categories keep
 * their spelling.
 */
export function categoryFormOf(categories: readonly string[]): CategoryForm {
  if (categories.length === 0) return 'text';
  for (const c of categories) if (numberCategory(c) !== c) return 'text';
  return 'number';
}

/** The category a value stands for: under `number`, any spelling of a number gives its shortest form; else the value as written. */
export function categoryOf(value: string | number, form: CategoryForm): string {
  if (typeof value === 'number') return String(Object.is(value, -0) ? 0 : value);
  if (form === 'text') return value;
  return numberCategory(value) ?? value;
}

/**
 * A categorical column with every value spelled as `form` says; values that become the same
 * category share one code. Only the dictionary is rewritten, so this costs nothing per row when
 * the spelling already fits.
 */
export function withCategoryForm(column: Column, form: CategoryForm): Column {
  if (form === 'text' || column.kind !== 'categorical') return column;
  const spelled = column.dictionary.map((d) => categoryOf(d, form));
  if (spelled.every((s, i) => s === column.dictionary[i]) && new Set(spelled).size === spelled.length) return column;
  const dictionary = [...new Set(spelled)];
  const index = new Map(dictionary.map((d, i) => [d, i]));
  const remap = spelled.map((s) => index.get(s)!);
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = column.codes[i]!;
    codes[i] = c < 0 ? -1 : remap[c]!;
  }
  return { kind: 'categorical', name: column.name, codes, dictionary };
}
