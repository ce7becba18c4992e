// Whether a numeric feature's exclusion of classes is structural (the excluded classes pile on one
// value at the edge of the rule, as dry days all have precipitation 0) or what chance leaves beyond
// the most extreme of their rows, which every strong measurement shows on any number of rows.

/**
 * Why the edge, not the emptiness of the region, is the evidence. Take the m rows of the excluded
 * classes and a rule region beyond the most extreme of them. Rows are exchangeable, so whatever the
 * feature's distribution, one more row of those classes lands beyond the most extreme of m with
 * chance 1/(m+1): leak or not, the region is empty in the sample by construction, and how many
 * rows of the other classes it holds measures only how strong the feature is (wine's colour
 * intensity on 178 rows: 55 rows of one cultivar below the lowest value of the other two, 107
 * rows). A sample of any size therefore cannot tell a hard edge from a thin tail on a continuous
 * measurement, and the near-perfect check already catches a measurement strong enough to matter.
 * What a continuous measurement cannot do by chance is hold many rows on exactly one value: ties
 * among continuous values have probability zero. A value measured with or after the outcome does
 * exactly that: no rain, so precipitation 0; no cancellation, so no refund. So a numeric
 * exclusion counts as a leak only when at least half of the excluded classes' rows sit on the one
 * value next to the region (for a discrete feature, such a pile is a large share by itself).
 */
export const PILE_SHARE = 0.5;

export interface ExclusionEdge {
  /** The value next to the region that the excluded classes' rows hold, or null when they spread. */
  readonly pile: number | null;
  /** Rows of the excluded classes on that value. */
  readonly rowsOnPile: number;
  /** Rows of the excluded classes with a value. */
  readonly absentRows: number;
}

/**
 * The edge of the region (low, high] (null bounds are open) against the rows of the excluded
 * classes `absent`: the nearest value they hold on each side, and how many of their rows hold it.
 */
export function exclusionEdge(values: Float64Array, y: Int32Array, absent: ReadonlySet<number>, low: number | null, high: number | null): ExclusionEdge {
  let below = Number.NEGATIVE_INFINITY;
  let above = Number.POSITIVE_INFINITY;
  let absentRows = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || !absent.has(y[i]!)) continue;
    absentRows++;
    if (low !== null && v <= low && v > below) below = v;
    if (high !== null && v > high && v < above) above = v;
  }
  let onBelow = 0;
  let onAbove = 0;
  for (let i = 0; i < values.length; i++) {
    if (!absent.has(y[i]!)) continue;
    if (values[i] === below) onBelow++;
    else if (values[i] === above) onAbove++;
  }
  const side = onBelow >= onAbove ? { pile: below, rows: onBelow } : { pile: above, rows: onAbove };
  const piles = absentRows > 0 && side.rows >= PILE_SHARE * absentRows;
  return { pile: piles ? side.pile : null, rowsOnPile: side.rows, absentRows };
}
