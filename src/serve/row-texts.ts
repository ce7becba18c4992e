// Each row's JSON text cut out of a prediction request's body as the client wrote it, for the
// prediction log: decoding the body and encoding every row again costs the log writer more than
// inserting the row. The body has passed validation (valid JSON, `{ row }` or `{ rows }`), and a
// cut is given only when it is sure to be what JSON.parse reads there; otherwise undefined, and
// the writer decodes the body.

const ONE_ROW = '{"row":';
const MANY_ROWS = '{"rows":';

/**
 * The row of a `{"row":…}` body, when the cut is sure to be that row: the body is an object whose
 * only key is "row", and with no other `row"` (any second "row" key holds it) and no escape
 * further on, no second member can hide in the cut. Looking for `row"` rather than `"row"` stops
 * at far fewer places in JSON, where quotes abound; a feature whose name ends in "row" only sends
 * its requests the long way.
 */
export function singleRowText(text: string): string | undefined {
  if (!text.startsWith(ONE_ROW) || text.charCodeAt(text.length - 1) !== 0x7d) return undefined;
  if (text.indexOf('row"', ONE_ROW.length) !== -1 || text.indexOf('\\') !== -1) return undefined;
  return text.slice(ONE_ROW.length, -1).trim();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Where the object or array opening at `start` ends (the index after its closing bracket), or -1.
 * Strings are stepped over with their escapes, so brackets inside them do not count; in valid
 * JSON every other bracket is structure.
 */
function containerEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        i += d === 0x5c ? 2 : 1;
      }
      if (i >= text.length) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The rows of a `{"rows":[…]}` body, each cut at its own braces, when the body is exactly that:
 * the key written plainly, an array of `count` objects, and nothing after it. Anything else (a
 * second key, a key spelled with escapes, a row that is not an object) is left to JSON.parse.
 */
export function manyRowTexts(text: string, count: number): string[] | undefined {
  if (!text.startsWith(MANY_ROWS)) return undefined;
  let i = skipSpace(text, MANY_ROWS.length);
  if (text.charCodeAt(i) !== 0x5b) return undefined;
  i = skipSpace(text, i + 1);
  const rows: string[] = [];
  if (text.charCodeAt(i) === 0x5d) i++;
  else {
    for (;;) {
      if (text.charCodeAt(i) !== 0x7b) return undefined;
      const end = containerEnd(text, i);
      if (end < 0) return undefined;
      rows.push(text.slice(i, end));
      i = skipSpace(text, end);
      const c = text.charCodeAt(i);
      if (c === 0x5d) {
        i++;
        break;
      }
      if (c !== 0x2c) return undefined;
      i = skipSpace(text, i + 1);
    }
  }
  i = skipSpace(text, i);
  if (text.charCodeAt(i) !== 0x7d || skipSpace(text, i + 1) !== text.length) return undefined;
  return rows.length === count ? rows : undefined;
}

/** Each row of a validated request body as JSON text, in order: `{ row }` is one, `{ rows }` many. */
export function requestRowTexts(text: string, count: number): string[] {
  if (count === 1) {
    const cut = singleRowText(text);
    if (cut !== undefined) return [cut];
  }
  const cuts = manyRowTexts(text, count);
  if (cuts !== undefined) return cuts;
  const body = JSON.parse(text) as { row?: unknown; rows?: unknown[] };
  return (body.rows ?? [body.row]).map((row) => JSON.stringify(row ?? null));
}
