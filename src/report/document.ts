// The brief as a plain document: a list of blocks (headings, paragraphs, tables, charts, call-
// outs) that the Markdown and HTML renderers both draw, so the two never say different things.

/** How sure or worried a call-out is: drawn green, amber or red. */
export type Tone = 'good' | 'neutral' | 'warn' | 'bad';

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  /** The one-line answer that opens each question of the brief. */
  | { readonly kind: 'answer'; readonly text: string; readonly tone: Tone }
  | { readonly kind: 'callout'; readonly text: string; readonly tone: Tone }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly headers: readonly string[];
      readonly rows: readonly (readonly string[])[];
      /** Per column; numbers are usually right-aligned. */
      readonly align?: readonly ('left' | 'right')[];
      readonly caption?: string;
      /** On phones, one card per row even when every cell is short (a table too wide for a phone). */
      readonly stack?: boolean;
    }
  | { readonly kind: 'chart'; readonly chart: ChartSpec; readonly caption: string }
  /** A term explained in one line the first time it appears. */
  | { readonly kind: 'definition'; readonly term: string; readonly text: string };

export interface BriefDocument {
  readonly title: string;
  readonly subtitle: string;
  readonly blocks: readonly Block[];
}

/**
 * The charts a brief can hold, as data: the renderers turn them into vega-lite specs and then
 * into SVG (inline in the HTML, as files beside the Markdown).
 */
export type ChartSpec =
  | {
      readonly kind: 'profit-curve';
      readonly id: string;
      readonly currency: string;
      /** Value per month (or per decision) at each threshold. */
      readonly points: readonly { readonly threshold: number; readonly value: number }[];
      readonly best: { readonly threshold: number; readonly value: number };
      /** The card's fixed threshold, when it has one. */
      readonly fixed?: { readonly threshold: number; readonly value: number };
      readonly yLabel: string;
    }
  | {
      readonly kind: 'learning-curve';
      readonly id: string;
      readonly metric: string;
      readonly points: readonly { readonly trainingRows: number; readonly score: number }[];
    }
  | {
      readonly kind: 'feature-power';
      readonly id: string;
      readonly metric: string;
      /** One bar per feature; mean |SHAP| drawn as a second bar when present. */
      readonly rows: readonly { readonly feature: string; readonly score: number; readonly meanAbsShap?: number; readonly leakSuspect: boolean }[];
    }
  | {
      readonly kind: 'leaderboard';
      readonly id: string;
      readonly metric: string;
      readonly rows: readonly { readonly name: string; readonly group: 'non-ML bar' | 'model'; readonly mean: number; readonly low: number; readonly high: number }[];
    }
  | {
      readonly kind: 'confusion-matrix';
      readonly id: string;
      readonly classes: readonly string[];
      /** counts[actual][predicted] */
      readonly counts: readonly (readonly number[])[];
    }
  | MonitorChartSpec;

/** The monitoring report's charts (drawn by charts/monitor-*.ts). */
export type MonitorChartSpec =
  | {
      readonly kind: 'drift-per-feature';
      readonly id: string;
      /** `decision` says how value meets threshold: a p-value drifts below it, a distance at or above it. */
      readonly rows: readonly { readonly feature: string; readonly test: string; readonly decision: 'p-value' | 'distance'; readonly value: number; readonly threshold: number; readonly drifted: boolean }[];
    }
  | {
      readonly kind: 'ood-over-time';
      readonly id: string;
      readonly points: readonly { readonly start: string; readonly rows: number; readonly oodRate: number }[];
      readonly failRate: number;
    }
  | {
      readonly kind: 'performance-over-time';
      readonly id: string;
      readonly metric: string;
      readonly higherIsBetter: boolean;
      readonly points: readonly { readonly start: string; readonly rows: number; readonly value: number; readonly low: number; readonly high: number }[];
      readonly promised: { readonly mean: number; readonly low: number; readonly high: number } | null;
    }
  | {
      /** Realised value per decision per window with its interval, against the promised value. */
      readonly kind: 'value-over-time';
      readonly id: string;
      readonly currency: string | null;
      readonly points: readonly { readonly start: string; readonly rows: number; readonly value: number; readonly low: number; readonly high: number }[];
      readonly promised: { readonly perDecision: number; readonly low: number; readonly high: number } | null;
    };
