// Per-class monitoring of a model that decides between several classes: each class's recall,
// precision and support over the labelled rows, and the confusion matrix of actual against decided
// class, saying which rows it covers (the labelled rows of the window) and how rows were decided.

/** One class's figures over the labelled rows (monitor.json `performance.classes.perClass[]`). */
export interface ClassFigures {
  readonly class: string;
  /** Labelled rows whose true class this is (and whose decision is one of the classes). */
  readonly support: number;
  /** Rows decided as this class. */
  readonly decided: number;
  /** Share of this class's rows decided as it; null when the class has no labelled row. */
  readonly recall: number | null;
  /** Share of the rows decided as this class that truly are it; null when no row was decided as it. */
  readonly precision: number | null;
}

/** monitor.json `performance.classes`. */
export interface ClassPerformance {
  readonly classes: readonly string[];
  readonly perClass: readonly ClassFigures[];
  /** counts[actual][decided], over the classes in `classes` order. */
  readonly confusion: readonly (readonly number[])[];
  /** Rows the matrix and the figures cover: the labelled rows, of all the window's rows. */
  readonly rows: number;
  readonly windowRows: number;
  /** How each row's class was decided, in words (the policy's rule, or as logged). */
  readonly decidedBy: string;
  /** The matrix's coverage in words, e.g. "120 labelled rows of the window's 178". */
  readonly covers: string;
}

/**
 * The figures for rows with true class codes `actual` and decided class codes `decided` (aligned;
 * a decided code outside the classes is counted in no column). `windowRows`: rows of the whole
 * window, labelled or not, so the coverage can be said.
 */
export function classPerformance(classes: readonly string[], actual: ArrayLike<number>, decided: ArrayLike<number>, windowRows: number, decidedBy: string): ClassPerformance {
  const K = classes.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const d = decided[i]!;
    if (a >= 0 && a < K && d >= 0 && d < K) confusion[a]![d]!++;
  }
  const perClass = classes.map((name, c) => {
    let support = 0;
    for (let a = 0; a < K; a++) support += confusion[c]![a]!;
    let decidedAs = 0;
    for (let a = 0; a < K; a++) decidedAs += confusion[a]![c]!;
    const hits = confusion[c]![c]!;
    return { class: name, support, decided: decidedAs, recall: support === 0 ? null : hits / support, precision: decidedAs === 0 ? null : hits / decidedAs };
  });
  const rows = actual.length;
  return {
    classes,
    perClass,
    confusion,
    rows,
    windowRows,
    decidedBy,
    covers: rows === windowRows ? `all ${rows} rows of the window (every row labelled)` : `${rows} labelled row${rows === 1 ? '' : 's'} of the window's ${windowRows}`,
  };
}
