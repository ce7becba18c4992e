// Unsupervised benchmark against scikit-learn on the same 1,000,000 × 28 rows in the same run:
// k-means (k=8, one start; plus a seed study on 100,000 rows) and the isolation forest; writes RESULTS.md.
// Run: npm run build && node dist/bench/unsupervised.bench.js [--rows N] [--runs N] [--seeds N] [--seed-rows N]

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { Rng } from '../src/core/rng.js';
import type { Column } from '../src/data/column.js';
import { Frame } from '../src/data/frame.js';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { IsolationForest } from '../src/learn/iforest/iforest.js';
import { KMEANS_SPECS, KMeans } from '../src/learn/kmeans/kmeans.js';
import { LOCAL_SEARCH_ROWS } from '../src/learn/kmeans/local-search.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';
import { type SeedRun, kmeansOverSeeds, median, seedStudyTable } from './unsupervised-seeds.js';

const FEATURES = 28;
const TRUE_CLUSTERS = 12;
const OUTLIER_SHARE = 0.005;
const SEED = 20261126;


/**
 * A Gaussian mixture of 12 clusters of unequal size and per-feature spread (so k=8 has no exact
 * answer), plus 0.5% rows drawn uniformly from a box around it, flagged in y.u8 as outliers.
 * Written once as raw float64 rows (x.f64) that both sides read.
 */
function ensureData(dir: string, rows: number): void {
  const meta = JSON.stringify({ rows, features: FEATURES, seed: SEED, version: 1 });
  if (existsSync(join(dir, 'meta.json')) && readFileSync(join(dir, 'meta.json'), 'utf8') === meta) return;
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(SEED);
  const centres = Float64Array.from({ length: TRUE_CLUSTERS * FEATURES }, () => rng.normal() * 4);
  const spread = Float64Array.from({ length: TRUE_CLUSTERS * FEATURES }, () => 0.5 + 1.5 * rng.next());
  const weights = Array.from({ length: TRUE_CLUSTERS }, () => 0.3 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cumulative = weights.map((w) => (acc += w / total));
  const file = openSync(join(dir, 'x.f64'), 'w');
  const labels = new Uint8Array(rows);
  const chunk = 50_000;
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const out = new Float64Array((end - start) * FEATURES);
    for (let r = start; r < end; r++) {
      const o = (r - start) * FEATURES;
      if (rng.next() < OUTLIER_SHARE) {
        labels[r] = 1;
        for (let f = 0; f < FEATURES; f++) out[o + f] = -16 + 32 * rng.next();
        continue;
      }
      const u = rng.next();
      let c = 0;
      while (c < TRUE_CLUSTERS - 1 && cumulative[c]! < u) c++;
      for (let f = 0; f < FEATURES; f++) out[o + f] = centres[c * FEATURES + f]! + spread[c * FEATURES + f]! * rng.normal();
    }
    writeSync(file, new Uint8Array(out.buffer));
  }
  closeSync(file);
  writeFileSync(join(dir, 'y.u8'), labels);
  writeFileSync(join(dir, 'meta.json'), meta);
}

function readFrame(dir: string, rows: number): { frame: Frame; outliers: Uint8Array } {
  const raw = readFileSync(join(dir, 'x.f64'));
  const x = new Float64Array(raw.buffer, raw.byteOffset, rows * FEATURES);
  const columns: Column[] = [];
  for (let f = 0; f < FEATURES; f++) {
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = x[i * FEATURES + f]!;
    columns.push({ kind: 'numeric', name: `f${f}`, values });
  }
  return { frame: new Frame(columns), outliers: new Uint8Array(readFileSync(join(dir, 'y.u8'))) };
}

interface KMeansRun {
  readonly seconds: number;
  readonly inertia: number;
  readonly iterations: number;
}

interface ForestRun {
  readonly fitSeconds: number;
  readonly scoreSeconds: number;
  readonly auc: number;
  readonly flagged: number;
}

/** One measurement in this fresh process; prints JSON. */
async function once(kind: string, dir: string, rows: number, seed: number): Promise<void> {
  const { frame, outliers } = readFrame(dir, rows);
  const localSearch = process.argv.includes('--local-search') ? numberArgument('--local-search', 0) : undefined;
  if (kind === 'kmeans-seeds') {
    process.stdout.write(JSON.stringify(await kmeansOverSeeds(frame, numberArgument('--seeds', 20), localSearch)));
    return;
  }
  if (kind === 'kmeans') {
    const t0 = performance.now();
    // Raw features, as scikit-learn sees them, so that the inertias are in the same units.
    const model = await new KMeans({ n_clusters: 8, n_init: 1, max_iter: 300, tol: 1e-4, seed, standardize: false, ...(localSearch === undefined ? {} : { local_search: localSearch }) }).fit(frame, undefined);
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ seconds, inertia: model.inertia, iterations: model.iterations } satisfies KMeansRun));
    return;
  }
  const t0 = performance.now();
  const model = await new IsolationForest({ n_estimators: 100, max_samples: 256, contamination: 0.1, seed }).fit(frame, undefined);
  const t1 = performance.now();
  const scores = model.score(frame);
  const t2 = performance.now();
  let flagged = 0;
  for (const s of scores) if (s > model.threshold) flagged++;
  const run: ForestRun = { fitSeconds: (t1 - t0) / 1000, scoreSeconds: (t2 - t1) / 1000, auc: rocAuc(outliers, scores).value, flagged };
  process.stdout.write(JSON.stringify(run));
}

const rows = numberArgument('--rows', 1_000_000);
const runs = numberArgument('--runs', 2);
const seedRows = numberArgument('--seed-rows', 100_000);
const seedCount = numberArgument('--seeds', 20);
const dir = fromRoot('bench', 'data', `unsupervised-${rows}`);
const seedDir = fromRoot('bench', 'data', `unsupervised-${seedRows}`);
const onceAt = process.argv.indexOf('--once');
if (onceAt >= 0) {
  await once(process.argv[onceAt + 1]!, dir, rows, numberArgument('--seed', 0));
} else {
  process.stderr.write(`generating ${dir} (once)…\n`);
  ensureData(dir, rows);
  ensureData(seedDir, seedRows);
  if (process.argv.includes('--generate-only')) process.exit(0);
  const self = fromBuild('bench', 'unsupervised.bench.js');
  const peer = fromRoot('bench', 'peers', 'sk_unsupervised.py');
  const ours = <T>(kind: string, seed: number, extra: string[] = [], n = rows): T =>
    JSON.parse(execFileSync(process.execPath, [self, '--once', kind, '--rows', String(n), '--seed', String(seed), ...extra], { encoding: 'utf8', maxBuffer: 1 << 22 })) as T;
  const theirs = <T>(kind: string, seed: number, extra: string[] = [], n = rows, at = dir): T =>
    JSON.parse(execFileSync('/usr/bin/python3', [peer, kind, at, String(n), String(seed), ...extra], { encoding: 'utf8', maxBuffer: 1 << 22 })) as T;
  const loadBefore = loadavg()[0]!;
  const km: { ours: KMeansRun; plain: KMeansRun; theirs: KMeansRun & { threads?: number } }[] = [];
  const forest: { ours: ForestRun; theirs: ForestRun }[] = [];
  const show = (r: KMeansRun): string => `${r.seconds.toFixed(2)} s (${r.iterations} it, inertia ${r.inertia.toExponential(5)})`;
  for (let i = 0; i < runs; i++) {
    // The two framewise variants swap places every run, so neither always follows the peer.
    const plainArgs = ['--local-search', '0'];
    const first = ours<KMeansRun>('kmeans', i, i % 2 === 0 ? [] : plainArgs);
    const theirRun = theirs<KMeansRun>('kmeans', i);
    const last = ours<KMeansRun>('kmeans', i, i % 2 === 0 ? plainArgs : []);
    km.push(i % 2 === 0 ? { ours: first, theirs: theirRun, plain: last } : { ours: last, theirs: theirRun, plain: first });
    const k = km.at(-1)!;
    process.stderr.write(`k-means run ${i + 1}: framewise ${show(k.ours)}, without local search ${show(k.plain)}, scikit-learn ${show(k.theirs)}\n`);
  }
  const loadSeeds = loadavg()[0]!;
  const seedArgs = ['--seeds', String(seedCount)];
  const study = [
    { name: 'framewise (k-means++ and local search, the default)', runs: ours<SeedRun[]>('kmeans-seeds', 0, seedArgs, seedRows) },
    { name: 'framewise without local search (local_search=0: greedy k-means++ as scikit-learn)', runs: ours<SeedRun[]>('kmeans-seeds', 0, [...seedArgs, '--local-search', '0'], seedRows) },
    { name: 'scikit-learn 1.2 (k-means++, n_init=1)', runs: theirs<SeedRun[]>('kmeans-seeds', 0, [String(seedCount)], seedRows, seedDir) },
  ];
  process.stderr.write(`${seedStudyTable(study)}\n`);
  for (let i = 0; i < runs; i++) {
    forest.push({ ours: ours<ForestRun>('iforest', i), theirs: theirs('iforest', i) });
    const f = forest.at(-1)!;
    process.stderr.write(`isolation forest run ${i + 1}: framewise fit ${f.ours.fitSeconds.toFixed(2)} s score ${f.ours.scoreSeconds.toFixed(2)} s; scikit-learn fit ${f.theirs.fitSeconds.toFixed(2)} s score ${f.theirs.scoreSeconds.toFixed(2)} s\n`);
  }
  const f2 = (v: number): string => v.toFixed(2);
  const kmOurs = median(km.map((r) => r.ours.seconds));
  const kmPlain = median(km.map((r) => r.plain.seconds));
  const kmTheirs = median(km.map((r) => r.theirs.seconds));
  const inertiaRatio = median(km.map((r) => r.ours.inertia)) / median(km.map((r) => r.theirs.inertia));
  const plainRatio = median(km.map((r) => r.plain.inertia)) / median(km.map((r) => r.theirs.inertia));
  const within = km.filter((r) => r.ours.inertia <= 1.01 * r.theirs.inertia).length;
  const f4 = (v: number): string => v.toFixed(4);
  const perCluster = KMEANS_SPECS.find((spec) => spec.name === 'local_search')!.default as number;
  const buildDir = relative(fromRoot(), self).split(sep)[0]!;
  const scoreRate = (r: ForestRun): number => rows / r.scoreSeconds;
  const fOursScore = median(forest.map((r) => r.ours.scoreSeconds));
  const fTheirsScore = median(forest.map((r) => r.theirs.scoreSeconds));
  const fOursFit = median(forest.map((r) => r.ours.fitSeconds));
  const fTheirsFit = median(forest.map((r) => r.theirs.fitSeconds));
  const body = `## Unsupervised: k-means and isolation forest

Command: \`npx tsc -p tsconfig.json --outDir ${buildDir} && node ${buildDir}/bench/unsupervised.bench.js --rows ${rows} --runs ${runs} --seeds ${seedCount} --seed-rows ${seedRows}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores shared with other work, Node ${process.version}; load average when the runs began: ${loadBefore.toFixed(1)}; compare ratios, not seconds).
Data: ${rows.toLocaleString('en-US')} rows × ${FEATURES} float features: a mixture of ${TRUE_CLUSTERS} Gaussian clusters of unequal size and spread plus ${OUTLIER_SHARE * 100}% uniform outliers, generated with a fixed seed by this benchmark and read from the same raw file by both sides. Every fit runs in a fresh process, alternating with the peer (k-means: framewise, peer, framewise without local search, then the two framewise variants swap places); run i uses seed i on both sides (different generators, so different starts). Peer: \`bench/peers/sk_unsupervised.py\` with /usr/bin/python3 (scikit-learn 1.2).

**k-means**, k = 8, one start, max_iter 300, tol 1e-4, raw (unscaled) features; time of \`fit\` from data in memory (framewise: frame → preprocessing → greedy k-means++ → local search → Hamerly-bounded Lloyd, one thread; scikit-learn: greedy k-means++ → Lloyd, ${km[0]!.theirs.threads ?? '?'} OpenMP threads). framewise's default start refines k-means++ by ${perCluster}k local-search swap trials (LocalSearch++, Lattanzi & Sohler 2019; swaps priced on a uniform sample of ${LOCAL_SEARCH_ROWS.toLocaleString('en-US')} rows); \`local_search=0\` turns that off, leaving the same seeding and Lloyd loop as scikit-learn's. Inertia ratio: framewise / scikit-learn in the same run (below 1 is better).

| run | framewise (s) | iterations | inertia | ratio | without local search (s) | iterations | inertia | ratio | scikit-learn (s) | iterations | inertia |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${km.map((r, i) => `| ${i} | ${f2(r.ours.seconds)} | ${r.ours.iterations} | ${r.ours.inertia.toExponential(6)} | ${f4(r.ours.inertia / r.theirs.inertia)} | ${f2(r.plain.seconds)} | ${r.plain.iterations} | ${r.plain.inertia.toExponential(6)} | ${f4(r.plain.inertia / r.theirs.inertia)} | ${f2(r.theirs.seconds)} | ${r.theirs.iterations} | ${r.theirs.inertia.toExponential(6)} |`).join('\n')}

- Time, framewise / scikit-learn (medians): **${(kmOurs / kmTheirs).toFixed(2)}×** (bar: at most 1.5×); without local search ${(kmPlain / kmTheirs).toFixed(2)}×.
- Inertia, framewise / scikit-learn (medians over the same ${runs} runs): **${f4(inertiaRatio)}** (bar: within 1%; below 1 is lower inertia); framewise within 1% of scikit-learn's (or below) in ${within} of ${runs} runs. Without local search: ${f4(plainRatio)}.

**k-means seed study**: one start per seed, seeds 0–${seedCount - 1} on each side, on the ${seedRows.toLocaleString('en-US')}-row data set from the same generator (\`bench/data/unsupervised-${seedRows}\`; load average when the study began: ${loadSeeds.toFixed(1)}). A single start lands in one of many local optima of this mixture (12 true clusters, k = 8), so single runs of two generators differ by more than the algorithms do; the distributions show the algorithms. Inertia relative to the lowest any fit here reached (1.000 = best seen; lower is better).

${seedStudyTable(study)}

**Isolation forest**, 100 trees, max_samples 256, contamination 0.1 (both sides score the training rows in \`fit\` to set the threshold), then scoring all ${rows.toLocaleString('en-US')} rows; both single-threaded.

| run | framewise fit (s) | score (s) | rows/s scored | outlier AUC | scikit-learn fit (s) | score (s) | rows/s scored | outlier AUC |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${forest.map((r, i) => `| ${i} | ${f2(r.ours.fitSeconds)} | ${f2(r.ours.scoreSeconds)} | ${Math.round(scoreRate(r.ours)).toLocaleString('en-US')} | ${r.ours.auc.toFixed(4)} | ${f2(r.theirs.fitSeconds)} | ${f2(r.theirs.scoreSeconds)} | ${Math.round(scoreRate(r.theirs)).toLocaleString('en-US')} | ${r.theirs.auc.toFixed(4)} |`).join('\n')}

- Scoring time, framewise / scikit-learn (medians): **${(fOursScore / fTheirsScore).toFixed(2)}×**; fit: **${(fOursFit / fTheirsFit).toFixed(2)}×** (bar: faster, below 1×).
- Outlier AUC is the ROC AUC of the scores against the generated outlier flags.
`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'unsupervised', body);
  process.stdout.write(body);
}
