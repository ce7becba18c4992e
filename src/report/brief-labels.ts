// brief.json's `labels` for a multi-label brief: the per-label thresholds (the policy) and what
// deciding at each gives, out of fold (see docs/brief-json.md).

import type { ThresholdBasis } from '../evaluate/label-thresholds.js';
import type { BriefPolicy } from './brief-decision.js';

/** brief.json's `labels`: each label's threshold and what deciding at it gives, out of fold. */
export interface BriefLabelDecisions {
  /** The policy (kind label-thresholds), in brief.json's flat shape with `thresholds`. */
  readonly policy: BriefPolicy;
  /** How the thresholds were chosen: best F1 per label, or the most value when the card prices outcomes. */
  readonly basis: ThresholdBasis;
  readonly perLabel: readonly {
    readonly label: string;
    readonly threshold: number;
    /** Share of rows carrying the label. */
    readonly share: number;
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
  }[];
  /** Rows the thresholds were chosen and measured on (rows the model did not learn from). */
  readonly rows: number;
}
