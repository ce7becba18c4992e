// The words a file may write a yes/no value with, and which of them a boolean column keeps as its
// own: the one place that says how "yes", "N" or "0" read as true or false and back into words.

const TRUE_WORDS = new Set(['true', 'yes', 't', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'f', 'n', '0']);
const PARTNERS: Readonly<Record<string, string>> = { true: 'false', yes: 'no', t: 'f', y: 'n', '1': '0' };

/** What a written value means: true, false, or null when it is not a yes/no word. */
export function booleanOfWord(word: string): boolean | null {
  const w = word.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : null;
}

/**
 * The words a column keeps for [false, true], from the distinct spellings it was written with:
 * one spelling a side (its partner stands in for a side never seen, in the same case). None when
 * the data wrote plain true/false, or several spellings of one side (then true/false is the
 * only honest name).
 */
export function wordsOf(spellings: Iterable<string>): readonly [string, string] | undefined {
  const sides: [Set<string>, Set<string>] = [new Set(), new Set()];
  for (const s of spellings) {
    const b = booleanOfWord(s);
    if (b !== null) sides[b ? 1 : 0].add(s.trim());
  }
  if (sides[0].size > 1 || sides[1].size > 1 || sides[0].size + sides[1].size === 0) return undefined;
  const [no] = sides[0];
  const [yes] = sides[1];
  const words: [string, string] = [no ?? partner(yes!, false), yes ?? partner(no!, true)];
  return words[0] === 'false' && words[1] === 'true' ? undefined : words;
}

/** The other side's word in the same case: yes → no, Y → N, TRUE → FALSE. */
function partner(word: string, wantTrue: boolean): string {
  const lower = word.toLowerCase();
  const other = wantTrue ? Object.keys(PARTNERS).find((k) => PARTNERS[k] === lower)! : PARTNERS[lower]!;
  if (word === word.toUpperCase() && word !== lower) return other.toUpperCase();
  if (word[0] !== undefined && word[0] === word[0].toUpperCase() && word[0] !== word[0].toLowerCase()) return other[0]!.toUpperCase() + other.slice(1);
  return other;
}
