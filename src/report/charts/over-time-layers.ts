// The layers every "over time" chart of the monitor page shares: the promise behind (its interval
// as a grey band across the windows, its mean as a dashed line) and the realised figure per window
// in front (its 95% interval as a blue band, the value as a line with points).

import type { ChartLayout } from './theme.js';
import { palette } from './theme.js';

export interface WindowPoint {
  readonly start: string;
  readonly rows: number;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** The promise's band and line from the first window to the last; none without a promise. */
export function promiseLayers(promised: { readonly mean: number; readonly low: number; readonly high: number } | null, points: readonly WindowPoint[], opacity: number): object[] {
  if (promised === null) return [];
  const first = points[0]?.start ?? '1970-01-01T00:00:00.000Z';
  const last = points.at(-1)?.start ?? first;
  const low = Number.isFinite(promised.low) ? promised.low : promised.mean;
  const high = Number.isFinite(promised.high) ? promised.high : promised.mean;
  return [
    { data: { values: [{ from: first, to: last, low, high }] }, mark: { type: 'rect', color: palette.grey, opacity }, encoding: { x: { field: 'from', type: 'temporal' }, x2: { field: 'to' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    { data: { values: [{ mean: promised.mean }] }, mark: { type: 'rule', color: palette.grey, strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
  ];
}

/** Each window's figure as a line over its 95% interval band, with the y axis titled `title`. */
export function windowLayers(points: readonly WindowPoint[], title: string, zero: boolean, format: string, layout: ChartLayout): object[] {
  return [
    {
      data: { values: points },
      mark: { type: 'area', color: palette.sky, opacity: 0.35 },
      encoding: {
        x: { field: 'start', type: 'temporal', title: 'Window start (UTC)', axis: { tickCount: layout.narrow ? 3 : 6, labelAngle: 0 } },
        y: { field: 'low', type: 'quantitative', title, scale: { zero, nice: true }, axis: { format, tickCount: 5 } },
        y2: { field: 'high' },
      },
    },
    {
      data: { values: points },
      mark: { type: 'line', color: palette.blue, strokeWidth: 2, point: { filled: true, size: 36, color: palette.blue } },
      encoding: {
        x: { field: 'start', type: 'temporal' },
        y: { field: 'value', type: 'quantitative' },
        tooltip: [{ field: 'start', type: 'temporal', title: 'window' }, { field: 'rows', type: 'quantitative' }, { field: 'value', type: 'quantitative', format }, { field: 'low', type: 'quantitative', format }, { field: 'high', type: 'quantitative', format }],
      },
    },
  ];
}
