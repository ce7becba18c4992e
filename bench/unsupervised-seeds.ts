// The k-means seed study of the unsupervised benchmark: one-start inertia over many seeds on each
// side (different generators, so only distributions compare), summarised as a Markdown table.

import { KMeans } from '../src/learn/kmeans/kmeans.js';
import type { Frame } from '../src/data/frame.js';

export interface SeedRun {
  readonly seed: number;
  readonly inertia: number;
  readonly iterations: number;
  readonly seconds: number;
}

/** k = 8, one start, seeds 0..seeds-1, each timed from the frame as the main benchmark does. */
export async function kmeansOverSeeds(frame: Frame, seeds: number, localSearch?: number): Promise<SeedRun[]> {
  const out: SeedRun[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const t0 = performance.now();
    const model = await new KMeans({ n_clusters: 8, n_init: 1, max_iter: 300, tol: 1e-4, seed, standardize: false, ...(localSearch === undefined ? {} : { local_search: localSearch }) }).fit(frame, undefined);
    out.push({ seed, inertia: model.inertia, iterations: model.iterations, seconds: (performance.now() - t0) / 1000 });
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The q-quantile by linear interpolation between order statistics (as numpy's default). */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}

/**
 * One row per variant: inertia relative to the lowest inertia any fit of the study reached (so
 * 1.000 is the best optimum seen), and how often a run is within 1% of it.
 */
export function seedStudyTable(variants: readonly { readonly name: string; readonly runs: readonly SeedRun[] }[]): string {
  const best = Math.min(...variants.flatMap((v) => v.runs.map((r) => r.inertia)));
  const f3 = (v: number): string => v.toFixed(3);
  const lines = variants.map(({ name, runs }) => {
    const rel = runs.map((r) => r.inertia / best);
    const mean = rel.reduce((a, b) => a + b, 0) / rel.length;
    const within = rel.filter((r) => r <= 1.01).length;
    return `| ${name} | ${runs.length} | ${f3(mean)} | ${f3(median(rel))} | ${f3(quantile(rel, 0.9))} | ${f3(Math.max(...rel))} | ${within} of ${runs.length} | ${median(runs.map((r) => r.iterations))} | ${median(runs.map((r) => r.seconds)).toFixed(3)} |`;
  });
  return [
    '| variant | starts | mean | median | 90th percentile | worst | within 1% of best | median iterations | median fit (s) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
  ].join('\n');
}
