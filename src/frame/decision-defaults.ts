// What a binary model decides when nobody has set a policy: the positive class and threshold from
// the card. One rule shared by the server (its decisions) and monitoring (the value realised).

import type { Card } from './card.js';

/** Labels that read as "yes" when the card names no positive class. */
const YES_LIKE = /^(true|yes|y|1|positive|pos)$/i;

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
