// The monitoring report's per-class section for a model deciding between several classes: each
// class's recall and precision, the confusion matrix of actual against decided class (saying which
// rows it covers and how they were decided), and the rule the value was measured by.

import type { ClassPerformance } from '../monitor/class-performance.js';
import type { Block } from './document.js';
import { num, pct } from './format.js';

/** The blocks, or none when the run measured no per-class figures. */
export function monitorClassBlocks(classes: ClassPerformance | undefined, valueDecidedBy: string | null): Block[] {
  if (classes === undefined) return [];
  const share = (x: number | null): string => (x === null ? '–' : pct(x));
  return [
    { kind: 'heading', level: 3, text: 'Per class' },
    { kind: 'paragraph', text: `Each class's recall (the share of its rows decided as it) and precision (the share of rows decided as it that truly are it), over ${classes.covers}. Rows are decided ${classes.decidedBy}.${valueDecidedBy !== null ? ' The value above is measured on these same decisions.' : ''}` },
    {
      kind: 'table',
      headers: ['class', 'labelled rows', 'decided as it', 'recall', 'precision'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: classes.perClass.map((c) => [c.class, num(c.support), num(c.decided), share(c.recall), share(c.precision)]),
    },
    {
      kind: 'chart',
      caption: `Actual against decided class, over ${classes.covers}`,
      chart: { kind: 'confusion-matrix', id: 'monitor-confusion-matrix', classes: classes.classes, counts: classes.confusion },
    },
  ];
}

/** The terminal's per-class line: each class's recall and precision, and the rows they cover. */
export function monitorClassLines(classes: ClassPerformance | undefined): string[] {
  if (classes === undefined) return [];
  const share = (x: number | null): string => (x === null ? '–' : pct(x));
  return [`  classes     ${classes.perClass.map((c) => `${c.class} recall ${share(c.recall)}, precision ${share(c.precision)}`).join('; ')} (${classes.covers})`];
}
