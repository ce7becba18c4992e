// Return on investment from monthly values and one-off and running costs: what the model adds
// per month over the best alternative, how many months repay the build, and whether a
// retraining round pays for itself.

export interface RoiInputs {
  readonly modelPerMonth: number | null;
  readonly alternativePerMonth: number | null;
  readonly buildCost: number | null;
  readonly monthlyRunningCost: number | null;
  readonly retrainingCost: number | null;
  /** Extra value per month from the last measured improvement (half to all of the training rows). */
  readonly lastImprovementPerMonth: number | null;
}

export interface Roi {
  /** Model minus the alternative, before running costs. */
  readonly grossGainPerMonth: number | null;
  /** After running costs (taken as 0 when not given: see the assumptions). */
  readonly netGainPerMonth: number | null;
  /** Months of net gain that repay the build; null when there is no gain or no build cost. */
  readonly paybackMonths: number | null;
  readonly retraining: { readonly cost: number; readonly valuePerMonth: number; readonly paybackMonths: number | null; readonly paysWithinAYear: boolean } | null;
}

export function computeRoi(inputs: RoiInputs): Roi {
  const gross = inputs.modelPerMonth !== null && inputs.alternativePerMonth !== null ? inputs.modelPerMonth - inputs.alternativePerMonth : null;
  const net = gross === null ? null : gross - (inputs.monthlyRunningCost ?? 0);
  const payback = net !== null && net > 0 && inputs.buildCost !== null ? inputs.buildCost / net : null;
  let retraining: Roi['retraining'] = null;
  if (inputs.retrainingCost !== null && inputs.lastImprovementPerMonth !== null) {
    const value = inputs.lastImprovementPerMonth;
    const months = value > 0 ? inputs.retrainingCost / value : null;
    retraining = { cost: inputs.retrainingCost, valuePerMonth: value, paybackMonths: months, paysWithinAYear: months !== null && months <= 12 };
  }
  return { grossGainPerMonth: gross, netGainPerMonth: net, paybackMonths: payback, retraining };
}
