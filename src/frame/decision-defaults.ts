// What a binary model decides when nobody has set a policy: the positive class and threshold from
// the card. One rule shared by the server (its decisions) and monitoring (the value realised).

import { FramewiseError } from '../core/errors.js';
import type { Card } from './card.js';

/** Labels that read as "yes" when the card names no positive class (T as in a T/F column kept in its words). */
const YES_LIKE = /^(true|yes|y|t|1|positive|pos)$/i;

/** Index of the positive class among `classes`: the card's, else a yes-like label, else the second class. */
export function positiveClassIndex(classes: readonly string[], card: Pick<Card, 'decision'> | null | undefined): number {
  const named = card?.decision?.positiveClass;
  if (named !== undefined && classes.includes(named)) return classes.indexOf(named);
  const yes = classes.findIndex((c) => YES_LIKE.test(c));
  return yes >= 0 ? yes : Math.min(1, classes.length - 1);
}

/** The card's decision threshold on the positive class's probability, when it sets one. */
export function cardThreshold(card: Pick<Card, 'decision'> | null | undefined): number | undefined {
  return card?.decision?.threshold;
}

/**
 * The positive class for evaluating labelled rows (`y` as indexes into `classes`): the card's,
 * refused by name when it is not a class; else a yes-like label; else, of two, the rarer in `y`.
 * For more than two classes the last, which only per-class summaries use.
 */
export function evaluationPositiveIndex(classes: readonly string[], y: Int32Array, positiveClass: string | undefined, target: string): number {
  if (positiveClass !== undefined) {
    const named = classes.indexOf(positiveClass);
    if (named < 0) {
      throw new FramewiseError('CARD_INVALID', `decision.positiveClass '${positiveClass}' is not a class of '${target}' (${classes.map((c) => `'${c}'`).join(', ')}).`, {
        hint: "Use one of the target's classes exactly as it appears in the data.",
        location: { field: 'decision.positiveClass' },
      });
    }
    return named;
  }
  if (classes.length !== 2) return classes.length - 1;
  const yes = classes.findIndex((c) => YES_LIKE.test(c));
  if (yes >= 0) return yes;
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i]!;
  return ones <= y.length / 2 ? 1 : 0;
}
