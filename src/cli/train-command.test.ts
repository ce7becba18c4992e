// `framewise train` as a user runs it: the summary it prints, the model file it leaves (whole, and
// only when asked to replace one), and the exit-2 refusals of a user's mistakes.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelFile } from '../learn/model-io.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-train-'));
const penguins = 'examples/penguins.csv';
const weather = 'examples/seattle-weather.csv';

test('the summary names model, task, rows, features used and left out with reasons, score and output', async () => {
  const out = join(dir, 'weather-gbdt.json');
  const sql = "SELECT 'day' || CAST(row_number() OVER () AS VARCHAR) AS day_id, 'Seattle' AS city, * FROM data";
  const result = runCli('train', weather, '--sql', sql, '--target', 'weather', '--param', 'max_iter=40', '--out', out);
  assertSuccess(result);
  // No progress output when stderr is not a terminal; only the leakage check's warnings
  // (precipitation is measured on the day of the weather it predicts).
  assert.deepEqual(result.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: ')), [], 'no progress output when stderr is not a terminal');
  assert.match(result.stderr, /warning: a leak\? When precipitation > [\d.]+, the target is never/);
  const s = result.stdout;
  assert.match(s, /^Trained gbdt on examples\/seattle-weather\.csv$/m);
  assert.match(s, /task\s+multiclass/);
  assert.match(s, /classes\s+drizzle, fog, rain, snow, sun$/m);
  assert.match(s, /rows\s+1,461$/m);
  assert.match(s, /features\s+5 used: date, precipitation, temp_max, temp_min, wind$/m);
  assert.match(s, /left out\s+2: day_id \(an identifier[^)]*\); city \(a constant column[^)]*\)/);
  assert.match(s, /time\s+\d+\.\d+ s/);
  const accuracy = Number(/training\s+training-set accuracy ([\d.]+)%/.exec(s)?.[1]);
  assert.match(s, /optimistic, on the rows it learned from; not a held-out score/);
  assert.ok(accuracy > 80 && accuracy <= 100, `training accuracy ${accuracy}%`);
  assert.match(s, /rounds\s+40 of at most 40: early stopping off/);
  assert.match(s, new RegExp(`saved\\s+${out.replaceAll('.', '\\.')} \\([\\d.]+ KB\\)`));
  // New data must go through the same --sql, so the hint carries it, quoted for the shell.
  assert.ok(s.includes(`Predict with: framewise predict ${out} <data> --sql "${sql}" --out predictions.csv`), s);
  assert.ok(s.split('\n').length <= 24, 'fits on one screen');
  const model = await readModelFile(out);
  assert.equal(model.estimator, 'gbdt');
  assert.deepEqual(model.signature.features.map((f) => f.name), ['date', 'precipitation', 'temp_max', 'temp_min', 'wind']);
});

test('gbdt with early stopping reports the round it stopped at', async () => {
  const out = join(dir, 'early.json');
  const result = runCli('train', weather, '--target', 'weather', '--param', 'early_stopping=on', '--param', 'max_iter=2000', '--out', out);
  assertSuccess(result);
  const round = Number(/early stopping ended training at round (\d+)/.exec(result.stdout)?.[1]);
  assert.ok(round > 1 && round < 2000, `stopped at round ${round}`);
  const model = (await readModelFile(out)) as unknown as { rounds: number };
  assert.equal(model.rounds, round);
});

test('linear picks ridge for numbers and logistic regression for classes; unsupervised models need no target', () => {
  const ridge = runCli('train', weather, '--target', 'temp_max', '--model', 'linear', '--out', join(dir, 'ridge.json'));
  assertSuccess(ridge);
  assert.match(ridge.stdout, /Trained ridge/);
  const r2 = Number(/R² ([\d.]+)/.exec(ridge.stdout)?.[1]);
  assert.ok(r2 > 0.6 && r2 < 1, `training R² ${r2}`);
  // Two penguins were never weighed: they are left out of training, and the summary says so.
  const mass = runCli('train', penguins, '--target', 'body_mass_g', '--model', 'linear', '--out', join(dir, 'mass.json'));
  assertSuccess(mass);
  assert.match(mass.stdout, /rows\s+342 \(2 more left out: their 'body_mass_g' is missing\)/);
  const logistic = runCli('train', penguins, '--target', 'species', '--model', 'linear', '--out', join(dir, 'logistic.json'));
  assertSuccess(logistic);
  assert.match(logistic.stdout, /Trained logistic_regression/);
  assert.match(logistic.stdout, /solver\s+converged/);
  const kmeans = runCli('train', penguins, '--model', 'kmeans', '--target', 'species', '--param', 'n_clusters=3', '--out', join(dir, 'kmeans.json'));
  assertSuccess(kmeans);
  assert.match(kmeans.stdout, /'species' left out of the features/);
  assert.doesNotMatch(kmeans.stdout, /features\s+.*species/);
  const ami = Number(/adjusted mutual information between clusters and 'species': ([\d.]+)/.exec(kmeans.stdout)?.[1]);
  assert.ok(ami > 0.3 && ami <= 1, `AMI ${ami}`);
  const iforest = runCli('train', weather, '--model', 'iforest', '--param', 'contamination=0.05', '--out', join(dir, 'iforest.json'));
  assertSuccess(iforest);
  assert.match(iforest.stdout, /anomalies\s+7[0-9] of 1,461 rows flagged/);
});

test('several 0/1 label columns train a multi-label model on the other columns', async () => {
  const out = join(dir, 'labels.json');
  const sql = 'SELECT *, (body_mass_g > 4000)::INTEGER AS heavy, (bill_length_mm > 45)::INTEGER AS long_bill FROM data WHERE body_mass_g IS NOT NULL';
  const result = runCli('train', penguins, '--sql', sql, '--target', 'heavy,long_bill', '--model', 'gbdt', '--param', 'max_iter=20', '--out', out);
  assertSuccess(result);
  assert.match(result.stdout, /Trained multilabel/);
  assert.match(result.stdout, /2 label columns: one gbdt model per label/);
  assert.match(result.stdout, /labels\s+heavy, long_bill/);
  const model = await readModelFile(out);
  assert.equal(model.task, 'multilabel');
  assert.ok(!model.signature.features.some((f) => f.name === 'heavy' || f.name === 'long_bill'));
});

test('bad --param values and names are refused with exit 2 naming parameter and value', () => {
  assertUserError(runCli('train', penguins, '--target', 'species', '--param', 'learning_rate=7', '--out', join(dir, 'x.json')), /learning_rate must be in/, /got 7/);
  assertUserError(runCli('train', penguins, '--target', 'species', '--param', 'max_iter=many', '--out', join(dir, 'x.json')), /max_iter must be a number/);
  assertUserError(runCli('train', penguins, '--target', 'species', '--param', 'leaning_rate=0.1', '--out', join(dir, 'x.json')), /no parameter 'leaning_rate'/, /Did you mean 'learning_rate'/);
  assertUserError(runCli('train', penguins, '--target', 'species', '--model', 'linear', '--param', 'C=-1', '--out', join(dir, 'x.json')), /\bC must be/, /got -1/);
  assertUserError(runCli('train', penguins, '--model', 'kmeans', '--param', 'n_clusters', '--out', join(dir, 'x.json')), /'n_clusters' is not of the form name=value/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.json') || f.includes('.tmp')), [], 'nothing written');
});

test('an existing --out is kept unless --force, and is replaced whole with it', () => {
  const out = join(dir, 'existing.json');
  writeFileSync(out, 'precious\n');
  assertUserError(runCli('train', penguins, '--target', 'species', '--out', out), /existing\.json' already exists/, /--force/);
  assert.equal(readFileSync(out, 'utf8'), 'precious\n');
  assertSuccess(runCli('train', penguins, '--target', 'species', '--param', 'max_iter=5', '--out', out, '--force'));
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { format: string }).format, 'framewise-model');
  assert.ok(statSync(out).size > 1000);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('an unknown --model is refused with the list; a supervised model without --target is refused', () => {
  assertUserError(runCli('train', penguins, '--target', 'species', '--model', 'xgboost', '--out', join(dir, 'x.json')), /Unknown --model 'xgboost'/, /gbdt.*forest.*linear.*kmeans.*iforest/);
  assertUserError(runCli('train', penguins, '--target', 'species', '--model', 'kmean', '--out', join(dir, 'x.json')), /Did you mean 'kmeans'/);
  assertUserError(runCli('train', penguins, '--model', 'forest', '--out', join(dir, 'x.json')), /--model forest learns to predict a column, and no --target was given/, /kmeans or --model iforest/);
  assertUserError(runCli('train', penguins, '--target', 'specie', '--out', join(dir, 'x.json')), /no column named 'specie'/, /Did you mean 'species'/);
  const missingOut = runCli('train', penguins, '--target', 'species');
  assert.equal(missingOut.code, 2);
  assert.match(missingOut.stderr, /--out/);
});

/** 800 customers; `cancellation_reason` is filled only for churners (recorded after the outcome), `region` is "NA" for North America. */
function writeLeakyChurn(path: string): void {
  const lines = ['customer_id,region,tenure_months,support_tickets,cancellation_reason,churned'];
  let state = 7;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = 0; i < 800; i++) {
    const region = ['NA', 'NA', 'EU', 'APAC', ''][Math.floor(next() * 5)]!;
    const tenure = 1 + Math.floor(next() * 60);
    const tickets = Math.floor(next() * 6);
    const churned = next() < 0.15 + 0.05 * tickets - 0.002 * tenure;
    const reason = churned ? ['price', 'service', 'moved'][Math.floor(next() * 3)] : 'none';
    lines.push(`C${i},${region},${tenure},${tickets},${reason},${churned ? 'left' : 'stayed'}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

test('on a data file, train runs the leakage check of assess and names the suspect on stderr', () => {
  const data = join(dir, 'leaky-churn.csv');
  writeLeakyChurn(data);
  const result = runCli('train', data, '--target', 'churned', '--model', 'linear', '--out', join(dir, 'leaky.json'));
  assertSuccess(result);
  assert.match(result.stderr, /warning: a leak\? 'cancellation_reason' alone predicts the target almost perfectly/);
  assert.match(result.stderr, /availableAtPrediction: false/);
  assert.doesNotMatch(result.stderr, /'tenure_months' alone predicts/);
  assert.match(result.stdout, /features\s+\d used: .*cancellation_reason/);
  assert.match(result.stdout, /training-set accuracy 100\.0% .*not a held-out score/);
});

test('train takes a card: its target, exclusions and data settings; --register stores the card and its settings', async () => {
  const data = join(dir, 'card-churn.csv');
  writeLeakyChurn(data);
  const card = join(dir, 'churn.yaml');
  writeFileSync(card, `name: churn\ndata:\n  file: card-churn.csv\n  missing: [""]\ntarget: churned\nid: customer_id\nfeatures:\n  exclude: [support_tickets]\n  notes:\n    cancellation_reason:\n      availableAtPrediction: false\n      note: filled in when the customer leaves\ndecision:\n  positiveClass: left\n  threshold: 0.3\n`);
  const registry = join(dir, 'card-registry');
  const out = join(dir, 'card-model.json');
  const result = runCli('train', card, '--model', 'linear', '--out', out, '--register', 'churn', '--registry', registry);
  assertSuccess(result);
  assert.doesNotMatch(result.stderr, /a leak\?/);
  assert.match(result.stdout, /features\s+2 used: region, tenure_months$/m);
  assert.match(result.stdout, /card\s+left out .*cancellation_reason/);
  assert.match(result.stdout, /Predict with: .* --missing ""/);
  assert.match(result.stdout, /Registered churn@1 .*with the card and its data settings/);
  const model = await readModelFile(out);
  const region = model.signature.features.find((f) => f.name === 'region');
  assert.ok(region?.categories?.includes('NA'), `region categories ${JSON.stringify(region?.categories)}: "NA" is a region, not missing`);
  const shown = runCli('models', 'show', 'churn@1', '--registry', registry, '--json');
  assertSuccess(shown);
  const version = JSON.parse(shown.stdout) as { lineage: { card: string; cardHash: string; metrics: Record<string, unknown>; decision: { data: { missing: string[] }; policy: { kind: string; threshold: number; positiveClass: string; source: string }; promise: { metrics: Record<string, unknown> } } } };
  assert.equal(version.lineage.card, readFileSync(card, 'utf8'));
  assert.match(version.lineage.cardHash, /^[0-9a-f]{64}$/);
  assert.deepEqual(version.lineage.decision.data.missing, ['']);
  assert.deepEqual(version.lineage.decision.policy, { kind: 'threshold', threshold: 0.3, positiveClass: 'left', source: 'card' });
  assert.deepEqual(Object.keys(version.lineage.decision.promise.metrics), ['training_accuracy']);
  // A data flag with a card is the card's business.
  assertUserError(runCli('train', card, '--target', 'churned', '--out', join(dir, 'x.json')), /--target and --sql go with a data file/);
});
