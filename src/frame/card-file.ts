// Reads a problem card from YAML: bounds on size, nesting and aliases first (card-bounds.ts),
// YAML syntax errors with their line, then every schema problem at once, each with its path in
// the file (e.g. `decision.threshold`), what is wrong and, for a value of the wrong type, what to write.

import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FramewiseError } from '../core/errors.js';
import { aliasesTooLarge, checkCardSize, checkCardText, duplicateKey, MAX_CARD_ALIAS_COUNT } from './card-bounds.js';
import { type Card, CardSchema } from './card.js';

export interface LoadedCard {
  readonly card: Card;
  /** The card file's absolute path. */
  readonly path: string;
  /** The data file, resolved against the card's folder. */
  readonly dataFile: string;
  /** The card's text, for hashing and lineage. */
  readonly text: string;
}

export function isCardPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function readCard(path: string): LoadedCard {
  const absolute = resolve(path);
  let text: string;
  let size: number;
  try {
    const stat = statSync(absolute);
    // A folder, a pipe or a device (/dev/zero) is not a card, and reading one may never end.
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new FramewiseError('FILE_NOT_FOUND', `Problem card '${path}' does not exist or cannot be read.`, {
      hint: 'Write one with: framewise init <data file> --target <column>',
      location: { file: path },
    });
  }
  // An absurd file is refused by its size, before a byte of it is read.
  checkCardSize(size, path);
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    throw new FramewiseError('FILE_NOT_FOUND', `Problem card '${path}' does not exist or cannot be read.`, {
      hint: 'Write one with: framewise init <data file> --target <column>',
      location: { file: path },
    });
  }
  const card = parseCard(text, path);
  const dataFile = isAbsolute(card.data.file) ? card.data.file : resolve(dirname(absolute), card.data.file);
  return { card, path: absolute, dataFile, text };
}

/** Parses card text; `source` names the file in messages. */
export function parseCard(text: string, source: string): Card {
  checkCardText(text, source);
  const lines = new LineCounter();
  // Duplicate keys are found by duplicateKey below, in linear time.
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines, uniqueKeys: false });
  if (document.errors.length === 0) {
    const duplicate = duplicateKey(document);
    if (duplicate !== null) {
      const line = lines.linePos(duplicate.offset).line;
      throw new FramewiseError('CARD_INVALID', `'${source}'${line ? ` line ${line}` : ''} is not valid YAML: the field '${duplicate.key}' appears twice in the same place.`, {
        hint: 'Keep one of them: each field is written once at its level.',
        location: { file: source, ...(line ? { line } : {}), field: duplicate.key },
      });
    }
  }
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = lines.linePos(first.pos[0]).line;
    throw new FramewiseError('CARD_INVALID', `'${source}'${line ? ` line ${line}` : ''} is not valid YAML: ${first.message.split('\n')[0]}`, {
      hint: 'Check the indentation and quoting on that line (values with a colon need quotes).',
      location: { file: source, ...(line ? { line } : {}) },
    });
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_CARD_ALIAS_COUNT });
  } catch (error) {
    // The `yaml` package refuses a "billion laughs" with a ReferenceError; nothing else is expected here.
    if (error instanceof ReferenceError) throw aliasesTooLarge(source);
    throw new FramewiseError('CARD_INVALID', `'${source}' could not be read as a card: ${error instanceof Error ? error.message : String(error)}`, { hint: 'Check the YAML; `framewise init` writes a commented card to start from.', location: { file: source } });
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new FramewiseError('CARD_INVALID', `Problem card '${source}' holds ${describeValue(raw)} where fields such as \`data:\` and \`target:\` were expected.`, {
      hint: 'A card is a set of fields, one per line (`name: value`); `framewise init` writes a commented card to start from.',
      location: { file: source },
    });
  }
  const result = CardSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${where}: ${describeIssue(issue, valueAt(raw, issue.path))}`;
  });
  const firstPath = result.error.issues[0]?.path.join('.') ?? '';
  // A card of thousands of unknown fields is summed up, not printed whole.
  const shown = problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems;
  throw new FramewiseError('CARD_INVALID', `Problem card '${source}' has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${shown.join('\n  - ')}`, {
    hint: 'Fix each field listed; `framewise init` writes a commented card to start from.',
    location: { file: source, field: firstPath },
  });
}

const MAX_LISTED = 20;

interface IssueLike {
  readonly code: string;
  readonly message: string;
  readonly path: readonly PropertyKey[];
  readonly keys?: readonly string[];
  readonly expected?: string;
}

/**
 * What to write in a field that holds a value of the wrong type, by its path (`*` for any key):
 * said beside the value found, so `target: [a, b]` on a one-column task, or `data: x.csv`, is
 * explained by the field itself.
 */
const FIELD_FORMS: Readonly<Record<string, string>> = {
  target: 'one column name (target: churned), a list of 0/1 label columns for multi-label (target: [news, sport]), or nothing for clustering and anomaly detection',
  id: 'one column name, e.g. id: customer_id',
  time: 'one column name, e.g. time: signup_date',
  referenceColumn: 'one column name, e.g. referenceColumn: segment',
  labelDelimiter: "the text between labels, in quotes, e.g. labelDelimiter: '|'",
  data: 'the data file on an indented line below it, e.g. "data:" then "  file: churn.csv"',
  'data.file': 'a file path, e.g. file: churn.csv',
  'data.sql': 'one SELECT statement, e.g. sql: SELECT * FROM data',
  'data.missing': "a list of the strings read as missing, e.g. missing: [NA, '-']",
  'data.types': 'a column type per column, e.g. types: { zip: categorical }',
  features: 'include, exclude or notes on indented lines below it',
  'features.include': 'a list of column names, e.g. include: [age, plan]',
  'features.exclude': 'a list of column names, e.g. exclude: [customer_id]',
  'features.notes': 'a note per column, e.g. notes: { refund: { availableAtPrediction: false } }',
  'features.notes.*': 'fields of the column, e.g. { availableAtPrediction: false, note: known a week later }',
  rules: 'a list of rules, each "- name: …" with "sql: …" below it',
  decision: 'its fields on indented lines below it, e.g. "decision:" then "  threshold: 0.3"',
  'decision.positiveClass': "one class of the target as text, in quotes when it looks like a number or true/false, e.g. positiveClass: '1'",
  business: 'its fields on indented lines below it, e.g. "business:" then "  currency: EUR"',
  'business.outcomes': 'the value of each outcome, e.g. outcomes: { truePositive: 40, falsePositive: -5 }',
  'business.costMatrix': 'a value per actual and predicted class, e.g. costMatrix: { a: { a: 0, b: -10 } }',
  assess: 'its fields on indented lines below it, e.g. "assess:" then "  folds: 5"',
  monitoring: 'its fields on indented lines below it, e.g. "monitoring:" then "  window: 1d"',
  'monitoring.alerts': 'a list of alerts, each "- name: …" with "metric: …" and "above: …" or "below: …" below it',
  'monitoring.drift.*': 'a test name (ks, chi_squared, psi, jensen_shannon, wasserstein) or { test: ks, threshold: 0.01 }',
};

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'fields on indented lines',
  record: 'fields on indented lines',
};

function formFor(path: readonly PropertyKey[]): string | undefined {
  const keys = path.map((k) => (typeof k === 'number' ? '*' : String(k)));
  const exact = FIELD_FORMS[keys.join('.')];
  if (exact !== undefined) return exact;
  return keys.length > 0 ? FIELD_FORMS[[...keys.slice(0, -1), '*'].join('.')] : undefined;
}

function describeIssue(issue: IssueLike, value: unknown): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const shown = issue.keys.slice(0, 10).map((k) => `'${shorten(k)}'`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${shown}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ''}`;
  }
  if (issue.message.startsWith('Invalid input: expected') && issue.message.includes('received undefined')) return 'required';
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') return issue.message;
  const form = formFor(issue.path);
  // YAML reads 1, 2.5 and true as numbers and booleans: a field of text needs them quoted.
  const quote = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? `; write it in quotes ('${String(value)}') so YAML reads it as text` : '';
  if (form === undefined) return issue.expected === undefined ? `${issue.message}, got ${describeValue(value)}` : `expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, got ${describeValue(value)}${quote}`;
  return `expected ${form}; got ${describeValue(value)}${quote}`;
}

/** A value as YAML wrote it, in words: "a list [a, b]", "the number 5". */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list ${shorten(json(value))}`;
  if (typeof value === 'object') return `a set of fields ${shorten(json(value))}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return `the text ${shorten(JSON.stringify(value))}`;
}

/** JSON text of a value, or '…' for one an alias made circular. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '…';
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = raw;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key as string];
  }
  return at;
}
