// Reads a problem card from YAML: YAML syntax errors with their line, then every schema problem
// at once, each with its path in the file (e.g. `decision.threshold`) and what is wrong.

import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FramewiseError } from '../core/errors.js';
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
  try {
    if (statSync(absolute).isDirectory()) throw new Error('folder');
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
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = lines.linePos(first.pos[0]).line;
    throw new FramewiseError('CARD_INVALID', `'${source}'${line ? ` line ${line}` : ''} is not valid YAML: ${first.message.split('\n')[0]}`, {
      hint: 'Check the indentation and quoting on that line (values with a colon need quotes).',
      location: { file: source, ...(line ? { line } : {}) },
    });
  }
  const raw: unknown = document.toJS();
  const result = CardSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${where}: ${describeIssue(issue)}`;
  });
  const firstPath = result.error.issues[0]?.path.join('.') ?? '';
  throw new FramewiseError('CARD_INVALID', `Problem card '${source}' has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`, {
    hint: 'Fix each field listed; `framewise init` writes a commented card to start from.',
    location: { file: source, field: firstPath },
  });
}

interface IssueLike {
  readonly code: string;
  readonly message: string;
  readonly keys?: readonly string[];
  readonly input?: unknown;
}

function describeIssue(issue: IssueLike): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  }
  if (issue.message.startsWith('Invalid input: expected') && issue.message.includes('received undefined')) return 'required';
  return issue.message;
}
