// `train card.yaml --model kmeans` trains the k-means the assessment chooses for the card: the k
// with the best silhouette (evaluate/cluster-count.ts), the card's seed and the same restarts, so
// train, assess and brief agree on k unless --param n_clusters says otherwise.

import type { ProgressSink } from '../core/progress.js';
import { chooseClusterCount, clusterParams } from '../evaluate/cluster-count.js';
import type { Problem } from '../frame/problem.js';
import { KMEANS_SPECS } from '../learn/kmeans/params.js';

const KMEANS_DEFAULT_K = KMEANS_SPECS.find((s) => s.name === 'n_clusters')!.default as number;

/** The --param assignments that give the assessment's k-means, and a line saying where k comes from. */
export async function assessedKMeansParams(problem: Problem | null, given: readonly string[], progress: ProgressSink): Promise<{ readonly assignments: readonly string[]; readonly note: string } | null> {
  const named = new Set(given.map((a) => a.slice(0, Math.max(0, a.indexOf('='))).trim()));
  if (problem === null) {
    // A data file has no card to assess: the learner's default stands, and the line says how to get the assessed k.
    return named.has('n_clusters') ? null : { assignments: [], note: `k = ${KMEANS_DEFAULT_K}: the k-means default, as no card was given; train from a card (framewise init DATA) to use the k its assessment chooses, or set --param n_clusters=K.` };
  }
  const seed = problem.card.assess?.seed ?? 42;
  let k: number;
  let note: string;
  if (named.has('n_clusters')) {
    const value = given.filter((a) => a.trim().startsWith('n_clusters')).at(-1)!;
    k = Number(value.slice(value.indexOf('=') + 1));
    note = `k = ${value.slice(value.indexOf('=') + 1).trim()}: set by --param n_clusters.`;
    if (!Number.isInteger(k)) return null;
  } else {
    progress.start('Choosing the number of groups as assess does');
    const chosen = await chooseClusterCount(problem.frame.select(problem.features), seed);
    progress.stop();
    k = chosen.k;
    note = `k = ${k}: chosen as \`framewise assess\` chooses it for this card (the best silhouette for k = 2 to ${chosen.scores.at(-1)?.k ?? k}, seed ${seed}); set --param n_clusters=K for another k.`;
  }
  // The assessment's seed and restarts, where the flags do not set them: the same model as the brief's.
  const assignments = Object.entries(clusterParams(seed, k)).filter(([name]) => !named.has(name)).map(([name, value]) => `${name}=${value}`);
  return { assignments, note };
}

/** Each cluster's share of the rows, by the label predict and the server write ('0', '1', …). */
export function clusterShares(clusters: Int32Array, k: number): Record<string, number> {
  const counts = new Array<number>(k).fill(0);
  for (const c of clusters) counts[c]!++;
  return Object.fromEntries(counts.map((n, c) => [String(c), clusters.length === 0 ? 0 : n / clusters.length]));
}
