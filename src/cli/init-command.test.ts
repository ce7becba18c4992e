// init as a user runs it on a churn-like table: every data flag lands in the card, so the card reads
// the same frame; date columns are listed and asked about, never guessed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import { readCard } from '../frame/card-file.js';
import { loadProblem } from '../frame/problem.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-init-cli-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** 300 customers; region "NA" (North America) on 40% of rows; tickets are whole numbers 0–5. */
function churnTable(): string {
  const regions = ['NA', 'NA', 'EU', 'APAC', 'NA', 'LATAM', 'EU', 'NA', 'APAC', 'EU'];
  const rows = ['customer_id;signup_date;snapshot_date;region;support_tickets_90d;mrr;churned'];
  for (let i = 0; i < 300; i++) {
    const signup = new Date(Date.UTC(2023, 0, 1) + ((i * 37) % 500) * 86_400_000).toISOString().slice(0, 10);
    const snapshot = new Date(Date.UTC(2025, 0, 1) + (i % 90) * 86_400_000).toISOString().slice(0, 10);
    const tickets = (i * 7) % 6;
    const mrr = i % 13 === 0 ? '' : (20 + ((i * 31) % 180) + 0.5).toFixed(1);
    const churned = tickets >= 4 && i % 3 !== 0 ? 'yes' : 'no';
    rows.push(`C${String(i).padStart(4, '0')};${signup};${snapshot};${regions[i % regions.length]};${tickets};${mrr};${churned}`);
  }
  return `${rows.join('\n')}\n`;
}

const data = join(dir, 'churn.csv');
writeFileSync(data, churnTable());

test('init writes --sql, --missing, --type and --delimiter into the card, and the card reads the same frame', async () => {
  const card = join(dir, 'churn.yaml');
  const sql = 'SELECT *, mrr * 12 AS arr FROM data';
  const flags = ['--missing', '', '--type', 'support_tickets_90d=numeric', '--sql', sql, '--delimiter', ';'];
  const init = run('init', data, '--target', 'churned', ...flags, '--out', card);
  assert.equal(init.code, 0, init.stderr);
  const written = readCard(card).card;
  assert.deepEqual(written.data.missing, ['']);
  assert.deepEqual(written.data.types, { support_tickets_90d: 'numeric' });
  assert.equal(written.data.sql, sql);
  assert.equal(written.data.delimiter, ';');

  const direct = await loadFrame(data, { missing: [''], types: { support_tickets_90d: 'numeric' }, sql, delimiter: ';' });
  const problem = await loadProblem({ card });
  assert.deepEqual(problem.frame.names, direct.frame.names);
  for (const name of direct.frame.names) assert.equal(problem.frame.typeOf(name).type, direct.frame.typeOf(name).type, name);
  assert.equal(problem.frame.typeOf('support_tickets_90d').type, 'numeric');
  // "NA" is North America here: with only "" meaning missing it stays a value.
  const region = problem.frame.column('region');
  assert.equal(valueAt(region, 0), 'NA');
  let na = 0;
  for (let i = 0; i < problem.frame.rowCount; i++) if (valueAt(region, i) === 'NA') na++;
  assert.equal(na, 120);
  assert.equal(problem.frame.column('arr').kind, 'numeric');
  // Without the flags, the defaults would have read "NA" as missing and the tickets as categories.
  const plain = await loadFrame(data, { delimiter: ';' });
  assert.equal(valueAt(plain.frame.column('region'), 0), null);
  assert.equal(plain.frame.typeOf('support_tickets_90d').type, 'categorical');
});

test('init lists the date columns and asks; --time writes the chosen one', async () => {
  const card = join(dir, 'asked.yaml');
  const init = run('init', data, '--target', 'churned', '--out', card);
  assert.equal(init.code, 0, init.stderr);
  const text = readFileSync(card, 'utf8');
  assert.match(text, /^# time: event_date +# the moment each prediction is made; candidates: signup_date, snapshot_date$/m);
  assert.doesNotMatch(text, /^time:/m);
  assert.match(init.stderr, /Date\/time columns: signup_date, snapshot_date\. Which one is the moment each prediction is made\?/);
  assert.equal((await loadProblem({ card })).timeColumn, null);

  const chosen = join(dir, 'chosen.yaml');
  const withTime = run('init', data, '--target', 'churned', '--time', 'snapshot_date', '--out', chosen);
  assert.equal(withTime.code, 0, withTime.stderr);
  assert.match(readFileSync(chosen, 'utf8'), /^time: "snapshot_date" +# the moment each prediction is made \(candidates: signup_date, snapshot_date\)$/m);
  assert.doesNotMatch(withTime.stderr, /Which one/);
  const problem = await loadProblem({ card: chosen });
  assert.equal(problem.timeColumn, 'snapshot_date');
  assert.ok(!problem.features.includes('snapshot_date'));

  const wrong = run('init', data, '--target', 'churned', '--time', 'snapshot', '--out', join(dir, 'wrong.yaml'));
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /snapshot/);
});

test('init --no-header --format writes data.header: false and data.format, and the card reads the file as init did', async () => {
  const headless = join(dir, 'headless.txt');
  writeFileSync(headless, readFileSync(data, 'utf8').split('\n').slice(1).join('\n'));
  const card = join(dir, 'headless.yaml');
  const direct = await loadFrame(headless, { header: false, delimiter: ';', format: 'csv' });
  const target = direct.frame.names[direct.frame.names.length - 1]!;
  const init = run('init', headless, '--no-header', '--format', 'csv', '--delimiter', ';', '--target', target, '--out', card);
  assert.equal(init.code, 0, init.stderr);
  assert.equal(readCard(card).card.data.header, false);
  assert.equal(readCard(card).card.data.format, 'csv');
  const problem = await loadProblem({ card });
  assert.equal(problem.frame.rowCount, 300);
  assert.deepEqual(problem.frame.names, direct.frame.names);
});

test('init --task anomaly writes the anomaly card for a file without a target; an unknown task is refused with the choices', async () => {
  const card = join(dir, 'anomaly.yaml');
  const init = run('init', data, '--delimiter', ';', '--task', 'anomaly', '--out', card);
  assert.equal(init.code, 0, init.stderr);
  const text = readFileSync(card, 'utf8');
  assert.match(text, /^task: anomaly\b/m);
  assert.match(text, /^#   flaggedShare: 0\.02 +# flag the 2% most unusual rows$/m);
  assert.equal((await loadProblem({ card })).task.task, 'anomaly');
  const wrong = run('init', data, '--delimiter', ';', '--task', 'outliers', '--out', join(dir, 'outliers.yaml'));
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--task 'outliers' is not a kind of problem/);
  assert.match(wrong.stderr, /regression, binary, multiclass, multilabel, clustering, anomaly/);
});
