// The brief's framing of a predicted number: what its decisions cost (on the wrong side of the
// card's boundary, or per unit of error), and what a leader should know about regression and the
// lines a product draws on its output.

import type { BusinessCase } from '../evaluate/value/business-case.js';
import { money, num, pct } from './format.js';

type Errors = NonNullable<BusinessCase['errors']>;

/** The framing's answer: the cost of the model's decisions against the approach it is compared with. */
export function regressionAnswer(e: Errors, priced: boolean, currency: string, barName: string): string {
  const rule = e.costs?.rule ?? null;
  if (e.boundary === null) {
    return priced
      ? `The model predicts a number; its errors cost ${money(e.modelCostPerDecision, currency)} per decision against ${money(e.barCostPerDecision, currency)} for ${barName}${rule === null ? '' : ` (${rule})`}.`
      : `The model predicts a number; it is off by ${num(e.modelCostPerDecision)} on average (in the target's units) against ${num(e.barCostPerDecision)} for ${barName}. Give a cost per unit of error (business.costPerUnitError) to put a price on it.`;
  }
  const side = `The model predicts a number and the product decides by which side of ${num(e.boundary)} it falls (at or above it is the 'above' decision).`;
  return priced
    ? `${side} Only decisions on the wrong side cost: ${money(e.modelCostPerDecision, currency)} per decision for the model against ${money(e.barCostPerDecision, currency)} for ${barName}${rule === null ? '' : ` (${rule})`}.`
    : `${side} Decisions on the wrong side are counted, weighted by how far across the boundary the truth lay: ${num(e.modelCostPerDecision)} per decision in the target's units for the model against ${num(e.barCostPerDecision)} for ${barName}. Give a cost per unit of error (business.costPerUnitError) to put a price on them.`;
}

/**
 * What the boundary means for the decisions, or, without one, the caution that a model predicting
 * a number does not know where the product draws its lines.
 */
export function regressionBoundaryText(e: Errors): string {
  if (e.boundary === null) {
    return (
      'A model that predicts a number knows nothing of the lines a product draws on it. If the product turns this number into a decision at some value ' +
      '(refer above a level, alert past a limit), predictions a little either side of that value lead to different outcomes, and the model was never asked to get that side right. ' +
      'Then either name the line in the card (decision.boundary), so the brief values decisions by the side they fall on and every later stage decides at it; ' +
      'or train a classifier on which side of the line the outcome falls, which learns the line itself; ' +
      'or keep the line in the application, where it can be moved without retraining while the model keeps predicting the number.'
    );
  }
  return (
    `At the boundary of ${num(e.boundary)}, the model decides on the truth's side ${pct(e.modelRightShare!)} of the time against ${pct(e.barRightShare!)} for the approach it is compared with, and changes ${pct(e.decisionsChangedShare!)} of the decisions. ` +
    'The model was trained to predict the number, not the side: where small differences near the boundary change the outcome, consider a classifier trained on the side. ' +
    `The boundary is part of the decision policy, not of the model: the server decides at it and it can be moved without retraining (PUT /v1/models/NAME/policy with {"threshold": the new boundary}); monitoring then counts and values the decisions at the moved boundary.`
  );
}
