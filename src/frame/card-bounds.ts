// Bounds on a card's text, checked before the YAML parser (which recurses once per level) sees
// it: cards are shared and untrusted, so size, nesting and alias expansion are capped and an
// over-large card gets a plain CARD_INVALID message, never a stack trace or a long hang.

import { CST, type Document, isMap, isScalar, isSeq, Lexer } from 'yaml';
import { FramewiseError } from '../core/errors.js';

/** A card is a few kilobytes; its data lives in the data file it names. */
export const MAX_CARD_BYTES = 1024 * 1024;
/** Block nesting needs deeper indentation at each level: a real card uses well under 40 columns. */
export const MAX_CARD_INDENT = 200;
/** Nested flow collections ([…], {…}): a real card nests two or three. */
export const MAX_CARD_FLOW_DEPTH = 32;
/** Alias expansion (the `yaml` package's maxAliasCount): far above a card's use, far below a "billion laughs". */
export const MAX_CARD_ALIAS_COUNT = 100;
/** Aliases written in a card: the parser resolves each by searching the whole document, so their number is bounded too. */
export const MAX_CARD_ALIASES = 100;

const HINT = 'A problem card is a short YAML file (see `framewise init`): keep it under 1 MB, nested a few levels deep, without aliases that repeat large parts.';

/** Refuses a card file whose size on disk is beyond MAX_CARD_BYTES, before it is read. */
export function checkCardSize(bytes: number, source: string): void {
  if (bytes <= MAX_CARD_BYTES) return;
  throw new FramewiseError('CARD_INVALID', `Problem card '${source}' is ${(bytes / 1024 / 1024).toFixed(1)} MB; a card is at most ${MAX_CARD_BYTES / 1024 / 1024} MB.`, {
    hint: `${HINT} The data goes in the file the card names under data.file.`,
    location: { file: source },
  });
}

/**
 * Refuses card text that is too large or nested too deep, by reading the YAML tokens once (the
 * lexer does not recurse): the indentation at which each line's content starts, outside flow
 * collections, and the depth of nested flow collections.
 */
export function checkCardText(text: string, source: string): void {
  checkCardSize(Buffer.byteLength(text, 'utf8'), source);
  let line = 1;
  let atLineStart = true;
  let column = 0;
  let flowDepth = 0;
  let aliases = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'alias' && ++aliases > MAX_CARD_ALIASES) {
      throw new FramewiseError('CARD_INVALID', `Problem card '${source}' line ${line} uses more than ${MAX_CARD_ALIASES} YAML aliases (*name).`, {
        hint: `${HINT} Write the values out where they are needed.`,
        location: { file: source, line },
      });
    }
    if (type === 'newline') {
      if (token === '') continue;
      line++;
      atLineStart = true;
      column = 0;
      continue;
    }
    // Multi-line tokens (quoted or block scalars, comments) move the line count on.
    const breaks = countLineBreaks(token);
    if (atLineStart && flowDepth === 0) {
      if (token.length === 0 || token === CST.SCALAR || token === CST.DOCUMENT || token === CST.BOM) continue;
      if (type === 'space' && /^[ \t]+$/.test(token)) column += token.length;
      else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') column += token.length;
      else {
        atLineStart = false;
        if (column > MAX_CARD_INDENT) throw tooDeep(source, line, `its content starts ${column} columns in, nested deeper than a card can be (at most ${MAX_CARD_INDENT} columns)`);
      }
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flowDepth++;
      if (flowDepth > MAX_CARD_FLOW_DEPTH) throw tooDeep(source, line, `it opens ${flowDepth} nested [ ] or { } collections (a card nests at most ${MAX_CARD_FLOW_DEPTH})`);
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth = Math.max(0, flowDepth - 1);
    line += breaks;
  }
}

/** The plain message for alias expansion beyond MAX_CARD_ALIAS_COUNT (the `yaml` package's ReferenceError). */
export function aliasesTooLarge(source: string): FramewiseError {
  return new FramewiseError('CARD_INVALID', `Problem card '${source}' uses YAML aliases (*name) that expand beyond what a card can hold.`, {
    hint: `${HINT} Write the repeated values out, or reuse an anchor (&name) only a few times.`,
    location: { file: source },
  });
}

/**
 * The first key that appears twice in one mapping, with its offset in the text; null when none.
 * The parser's own check compares each key with every earlier one, which a card of many thousand
 * fields turns into minutes: this one keeps a set per mapping.
 */
export function duplicateKey(document: Document): { key: string; offset: number } | null {
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : pair.key === null ? '' : null;
        if (key !== null) {
          if (seen.has(key)) return { key, offset: (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? 0 };
          seen.add(key);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return null;
}

function tooDeep(source: string, line: number, what: string): FramewiseError {
  return new FramewiseError('CARD_INVALID', `Problem card '${source}' line ${line} is nested too deep: ${what}.`, { hint: HINT, location: { file: source, line } });
}

function countLineBreaks(token: string): number {
  let n = 0;
  for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) n++;
  return n;
}
