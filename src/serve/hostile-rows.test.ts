// Hostile request rows over HTTP: every value the prediction log or monitoring could not read back
// (lone surrogates, NUL, date-times that are not ISO 8601 or far outside training, numbers for text
// categories) is refused with 400 REQUEST_INVALID naming its row and field, on the single-row fast
// path and in batches; nothing of a refused request is logged, and afterwards `log export` and
// `monitor --since` read the whole log, even once records in it are damaged.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSuccess, runCli } from '../cli/run-cli.js';
import { openDuckDB, sqlString } from '../data/duckdb.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { buildLineage } from '../registry/lineage.js';
import { drawReferenceSample } from '../registry/reference-sample.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { PredictionLogReader } from './log-reader.js';
import { LOG_SEGMENTS_DIR, logLine, SegmentAppender } from './log-segments.js';
import { predictionId } from './prediction-id.js';
import { loggedPrediction } from './serve-fixtures.js';
import { openServeDb, SERVE_DB_FILE } from './serve-db.js';
import { type RunningServer, buildServer } from './server.js';

const TOKEN = 'a token long enough for the tests';
let dir: string;
let store: SqliteModelStore;
let server: RunningServer | undefined;
let base: string;
/** Every prediction id answered 200, in the order answered. */
const answered: string[] = [];

/** A churn table with a signup date (2012–2015), a plan whose categories include the text "7", usage, a free-text note (left out) and the target. */
function churnCsv(): string {
  let x = 12345;
  const random = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const plans = ['basic', 'pro', '7'];
  const words = ['slow', 'friendly', 'expensive', 'quick', 'confusing', 'helpful', 'late', 'cheap'];
  const lines = ['signup,plan,usage,note,churned'];
  for (let i = 0; i < 240; i++) {
    const day = new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 1460) * 86_400_000).toISOString().slice(0, 10);
    const plan = plans[i % 3]!;
    const usage = Math.round(random() * 1000) / 10;
    const note = `customer ${i} found the service ${words[i % 8]} and ${words[(i * 3 + 1) % 8]} this month`;
    const churned = usage < 30 || (plan === 'basic' && usage < 50) ? 'yes' : 'no';
    lines.push(`${day},${plan},${usage},${note},${churned}`);
  }
  return `${lines.join('\n')}\n`;
}

async function register(name: string, frame: Frame): Promise<void> {
  const model = await new Gbdt({ max_iter: 8 }).fit(frame, 'churned');
  const json = model.toJSON() as ReturnType<typeof model.toJSON> & Record<string, unknown>;
  store.register({ name, model: json, lineage: buildLineage({ frame, model, framewiseVersion: '0.0.0' }), referenceSample: drawReferenceSample(frame, model.signature) });
  store.setAlias(name, 'champion', 1, 'test', 'first model');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'framewise-hostile-'));
  const csv = join(dir, 'churn.csv');
  writeFileSync(csv, churnCsv());
  const { frame } = await loadFrame(csv);
  store = SqliteModelStore.open(dir, { create: true });
  // churn reads the date (the general reader); usage has only numbers and categories, so a row can take the compiled fast path.
  await register('churn', frame);
  await register('usage', frame.select(['plan', 'usage', 'churned']));
  server = buildServer({ store, dataDir: dir, token: TOKEN, maxRows: 50, bodyLimit: 64 * 1024, pollMs: 50, logFlushMs: 20 });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server?.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON read in tests
}

/** Posts the body as JSON text; JSON.stringify writes a lone surrogate and NUL as \u escapes, as a hostile client would send them. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return postText(path, JSON.stringify(body), headers);
}

async function postText(path: string, text: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
  const reply = { status: res.status, body: (await res.json()) as unknown };
  if (res.status === 200) for (const p of (reply.body as { predictions: { id: string }[] }).predictions) answered.push(p.id);
  return reply as Reply;
}

const CHURN = { signup: '2014-06-01', plan: 'pro', usage: 42.5 };
const USAGE = { plan: 'pro', usage: 42.5 };

/** Each hostile value: the field it goes in, the value, and what the issue must say. */
const HOSTILE: readonly (readonly [string, unknown, RegExp])[] = [
  ['note', 'lone \ud800 high', /not valid Unicode: the string holds a lone surrogate \(\\ud800\)/],
  ['note', '\udc00 lone low', /lone surrogate \(\\udc00\) at character 0/],
  ['note', 'a\u0000b', /NUL character/],
  ['churned', { nested: ['ok', 'x\ud800'] }, /not valid Unicode/],
  ['plan', 'pro\ud800', /not valid Unicode/],
  ['plan', 'pro\u0000', /NUL character/],
  ['plan', 3, /got number 3: this feature's categories are text, and none of them is "3"/],
  ['signup', '2013-02-30', /not a real date: February 2013 has 28 days/],
  ['signup', 'May 1 2013', /not an ISO 8601 date/],
  ['signup', '2013', /not an ISO 8601 date/],
  ['signup', '2013-05-01 25:00', /not a real time of day/],
  ['signup', 1e308, /more than 50 years after the latest date training saw/],
  ['signup', -1e308, /more than 50 years before the earliest date training saw/],
  ['signup', 8640000000000001, /more than 50 years after/],
  ['signup', '2099-01-01', /2099-01-01 is more than 50 years after the latest date training saw \(2015-12-\d\d\): dates from 19\d\d-\d\d-\d\d to 2065-\d\d-\d\d are accepted/],
  ['signup', '1899-12-31T00:00:00Z', /more than 50 years before the earliest date training saw \(2012-\d\d-\d\d\)/],
];

function assertRefused(reply: Reply, model: string, expected: readonly { row?: number; field: string; problem: RegExp }[]): void {
  assert.equal(reply.status, 400, JSON.stringify(reply.body));
  const error = reply.body.error;
  assert.equal(error.code, 'REQUEST_INVALID');
  assert.match(error.message, new RegExp(`^The request does not match what ${model} v1 expects: ${expected.length} problems?\\.`));
  assert.equal(typeof error.hint, 'string');
  assert.equal(error.issues.length, expected.length, JSON.stringify(error.issues));
  expected.forEach((e, i) => {
    const issue = error.issues[i];
    assert.deepEqual(Object.keys(issue).sort(), e.row === undefined ? ['field', 'problem'] : ['field', 'problem', 'row']);
    assert.equal(issue.row, e.row);
    assert.equal(issue.field, e.field);
    assert.match(issue.problem, e.problem);
  });
}

test('each hostile value is refused, alone and in a batch, with its row and field', async () => {
  for (const [field, value, problem] of HOSTILE) {
    const single = await post('/v1/models/churn/predict', { row: { ...CHURN, [field]: value } });
    assertRefused(single, 'churn', [{ field, problem }]);
    const batch = await post('/v1/models/churn/predict', { rows: [CHURN, { ...CHURN, [field]: value }, CHURN] });
    assertRefused(batch, 'churn', [{ row: 1, field, problem }]);
  }
  // All at once: every issue listed, by row and field, in one answer.
  const many = await post('/v1/models/churn/predict', { rows: HOSTILE.map(([field, value]) => ({ ...CHURN, [field]: value })) });
  assertRefused(
    many,
    'churn',
    HOSTILE.map(([field, , problem], row) => ({ row, field, problem })),
  );
  // A key that is not valid Unicode is said to be so, and named in valid Unicode (U+FFFD for the
  // lone surrogate): a strict JSON parser refuses a lone surrogate escape, so the client could not read the error.
  const key = await post('/v1/models/churn/predict', { row: { ...CHURN, '\ud800': 1 } });
  assertRefused(key, 'churn', [{ field: '\ufffd', problem: /not valid Unicode: the key holds a lone surrogate \(\\ud800\)/ }]);
});

test('a body whose bytes are not UTF-8 is refused, not read with U+FFFD in place of the bad bytes', async () => {
  const bytes = Buffer.concat([Buffer.from('{"row":{"signup":"2014-06-01","plan":"pro","usage":42.5,"note":"no'), Buffer.from([0xff]), Buffer.from('rth"}}')]);
  const res = await fetch(`${base}/v1/models/churn/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { code: string; message: string; hint: string } };
  assert.equal(body.error.code, 'REQUEST_INVALID');
  assert.match(body.error.message, /not valid UTF-8/);
});

test('the compiled single-row path and the general reader refuse and accept the same rows', async () => {
  for (const [field, value, problem] of HOSTILE.filter(([f]) => f === 'plan')) {
    assertRefused(await post('/v1/models/usage/predict', { row: { ...USAGE, [field]: value } }), 'usage', [{ field, problem }]);
    assertRefused(await post('/v1/models/usage/predict', { rows: [USAGE, { ...USAGE, [field]: value }] }), 'usage', [{ row: 1, field, problem }]);
  }
  // The number 7 is a category where training stored the text "7": the same answer however it comes.
  const text = await post('/v1/models/usage/predict', { row: { ...USAGE, plan: '7' } });
  const number = await post('/v1/models/usage/predict', { row: { ...USAGE, plan: 7 } });
  const batch = await post('/v1/models/usage/predict', { rows: [{ ...USAGE, plan: '7' }, { ...USAGE, plan: 7 }] });
  assert.deepEqual([text.status, number.status, batch.status], [200, 200, 200]);
  const strip = (p: Record<string, unknown>): Record<string, unknown> => ({ ...p, id: '' });
  assert.deepEqual(strip(number.body.predictions[0]), strip(text.body.predictions[0]));
  assert.deepEqual(batch.body.predictions.map(strip), [strip(text.body.predictions[0]), strip(text.body.predictions[0])]);
  const logged = await loggedPrediction(dir, number.body.predictions[0].id);
  assert.deepEqual(logged?.['inputs'], { plan: '7', usage: 42.5 });
});

test('good values next to the hostile ones are accepted and logged as the model read them', async () => {
  const cases: [unknown, string][] = [
    ['2016-03-01T10:00:00+0100', '2016-03-01T09:00:00.000Z'],
    [Date.UTC(2013, 4, 1), '2013-05-01T00:00:00.000Z'],
    ['2064-12-31', '2064-12-31T00:00:00.000Z'],
    ['2013-05-01', '2013-05-01T00:00:00.000Z'],
  ];
  for (const [signup, read] of cases) {
    const reply = await post('/v1/models/churn/predict', { row: { ...CHURN, signup, note: 'fine 🐧 \t text' } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const logged = await loggedPrediction(dir, reply.body.predictions[0].id);
    assert.deepEqual(logged?.['inputs'], { ...CHURN, signup: read, note: 'fine 🐧 \t text' });
  }
});

test('a key given twice, hiding a lone surrogate from JSON.parse, is logged as the server read the row, not as written', async () => {
  const row = '{"signup":"2014-06-01T00:00:00.000Z","plan":"pro","usage":42.5,"note":"\\ud800","note":"ok"}';
  for (const text of [`{"row":${row}}`, `{"rows":[${row},${row}]}`]) {
    const reply = await postText('/v1/models/churn/predict', text);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    for (const p of reply.body.predictions) {
      const logged = await loggedPrediction(dir, p.id);
      assert.deepEqual(logged?.['inputs'], { signup: '2014-06-01T00:00:00.000Z', plan: 'pro', usage: 42.5, note: 'ok' });
    }
  }
});

test('feedback whose label is not valid text is refused before anything is stored', async () => {
  const made = await post('/v1/models/churn/predict', { row: CHURN });
  const id = made.body.predictions[0].id as string;
  assert.ok((await loggedPrediction(dir, id)) !== undefined);
  const auth = { authorization: `Bearer ${TOKEN}` };
  for (const [label, problem] of [['yes\ud800', /lone surrogate/], ['yes\u0000', /NUL/]] as const) {
    const reply = await post('/v1/feedback', { predictionId: id, label }, auth);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, 'REQUEST_INVALID');
    assert.deepEqual(reply.body.error.issues.map((i: { field: string }) => i.field), ['label']);
    assert.match(reply.body.error.issues[0].problem, problem);
  }
  const unknown = await post('/v1/feedback', { predictionId: 'x\ud800', label: 'yes' }, auth);
  assert.equal(unknown.status, 400);
  assert.equal((await post('/v1/feedback', { predictionId: id, label: 'yes' }, auth)).status, 201);
  const db = new Database(join(dir, SERVE_DB_FILE), { readonly: true });
  const labels = db.prepare('SELECT label FROM feedback').pluck().all();
  db.close();
  assert.deepEqual(labels, ['yes']);
});

/** The ids the log holds, in order, and how many records it could not read. */
function loggedIds(): { ids: string[]; unreadable: number } {
  const db = new Database(join(dir, SERVE_DB_FILE), { readonly: true });
  const reader = new PredictionLogReader(db, dir);
  try {
    return { ids: [...reader.entries()].map((e) => e.id), unreadable: reader.unreadable };
  } finally {
    reader.close();
    db.close();
  }
}

async function exportedIds(out: string): Promise<string[]> {
  const duck = await openDuckDB();
  try {
    return (await duck.connection.runAndReadAll(`SELECT id FROM read_parquet(${sqlString(out)}) ORDER BY "at", id`)).getRows().map((r) => String(r[0]));
  } finally {
    duck.close();
  }
}

test('nothing of a refused request is logged, and the log reads back whole; damaged records are then skipped and counted by log export and monitor --since', async () => {
  // Enough good rows of churn for monitoring a window.
  for (let i = 0; i < 4; i++) await post('/v1/models/churn/predict', { rows: Array.from({ length: 25 }, (_, k) => ({ ...CHURN, usage: (i * 25 + k) % 97, plan: ['basic', 'pro', '7'][k % 3] })) });
  assert.ok((await loggedPrediction(dir, answered.at(-1)!)) !== undefined);
  await server!.close();
  server = undefined;
  // Exactly the answered predictions: no record of any refused request.
  const whole = loggedIds();
  assert.deepEqual(new Set(whole.ids), new Set(answered));
  assert.equal(whole.ids.length, answered.length);
  assert.equal(whole.unreadable, 0);
  const first = join(dir, 'first.parquet');
  const exported = runCli('log', 'export', '--registry', dir, '--out', first);
  assertSuccess(exported);
  assert.match(exported.stderr, new RegExp(`Exported ${answered.length} predictions`));
  assert.doesNotMatch(exported.stderr, /Warning/);
  assert.deepEqual(new Set(await exportedIds(first)), new Set(answered));

  // Damage, as a disk or an older server would: 300 random bytes over the middle of the segment,
  // and appended (and indexed) a churn record with a lone surrogate, one cut short, and one whose
  // date no reader of timestamps takes.
  const segments = join(dir, LOG_SEGMENTS_DIR);
  const segment = join(segments, readdirSync(segments)[0]!);
  const size = statSync(segment).size;
  const fd = openSync(segment, 'r+');
  let x = 99;
  const noise = Buffer.from(Array.from({ length: 300 }, () => ((x = (x * 1103515245 + 12345) % 2147483648), x >>> 16) & 0xff));
  writeSync(fd, noise, 0, 300, Math.floor(size / 2) - 150);
  closeSync(fd);
  const db = openServeDb(dir);
  const appender = new SegmentAppender(db, dir);
  const now = Date.now();
  const record = (inputs: string, ms: number): string =>
    logLine({ id: predictionId(ms), atJson: JSON.stringify(new Date(ms).toISOString()), modelJson: '"churn"', version: 1, inputs, outputs: '{"prediction":"no","probabilities":{"no":0.9,"yes":0.1}}', decision: '{"kind":"threshold","threshold":0.5,"positiveClass":"yes","positive":false,"label":"no","source":"default"}', ood: '[]' });
  const cut = record(JSON.stringify(CHURN), now + 2);
  const farDate = record(JSON.stringify({ ...CHURN, signup: '+275760-09-13T00:00:00.000Z' }), now + 3);
  // A NUL an older server let into a category: readable by every reader, so kept.
  const nul = record(JSON.stringify({ ...CHURN, plan: 'pro\u0000' }), now + 4);
  appender.append([record('{"signup":"2014-06-01","plan":"pro","usage":1,"note":"\\ud800"}', now + 1), `${cut.slice(0, 60)}\n`, farDate, nul], [now + 1, now + 2, now + 3, now + 4]);
  appender.close();
  db.close();
  const damaged = loggedIds();
  assert.ok(damaged.unreadable >= 3, `${damaged.unreadable} unreadable`);
  // The far date is valid JSON: export keeps it, monitoring cannot read it as a date.
  const kept = damaged.ids;
  assert.equal(kept.length + damaged.unreadable, answered.length + 4);

  const second = join(dir, 'second.parquet');
  const again = runCli('log', 'export', '--registry', dir, '--out', second);
  assertSuccess(again);
  assert.match(again.stderr, new RegExp(`Exported ${kept.length} predictions`));
  assert.match(again.stderr, new RegExp(`Warning: ${damaged.unreadable} logged prediction\\(s\\) could not be read and were skipped`));
  assert.deepEqual(await exportedIds(second), [...kept].sort((a, b) => (a < b ? -1 : 1)));

  const out = join(dir, 'monitor');
  const monitored = runCli('monitor', 'churn', '--registry', dir, '--since', new Date(now - 3_600_000).toISOString(), '--out', out);
  assertSuccess(monitored);
  const json = JSON.parse(readFileSync(join(out, 'monitor.json'), 'utf8')) as { window: { rows: number; unreadable: number | null }; notes: string[] };
  // Every record the reader skipped (any model), and the churn record whose date cannot be read.
  assert.equal(json.window.unreadable, damaged.unreadable + 1);
  assert.match(monitored.stderr, new RegExp(`Warning: ${damaged.unreadable + 1} logged prediction\\(s\\) could not be read and were skipped`));
  assert.ok(json.notes.some((n) => n.startsWith(`${damaged.unreadable + 1} logged prediction(s) could not be read`)));
  assert.ok(json.window.rows >= 50, `${json.window.rows} rows in the window`);
});
