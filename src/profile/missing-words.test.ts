// Missing-value words that may be values: "NA" for North America on 40% of a region column is
// found and explained in the library, `inspect` (text and JSON) and `assess`'s readiness checks;
// a word that truly marks missing numbers, or a column read with `--missing ""`, is left alone.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import { describeMissingWord, missingWordsAsValues } from './missing-words.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-missing-words-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** 500 customers: region NA on 200 rows (40%), EU 150, APAC 125, blank 25; `score` is "NA" on 60 rows (12%), a missing number. */
const file = join(dir, 'customers.csv');
const lines = ['customer_id,region,plan,score,churned'];
for (let i = 0; i < 500; i++) {
  const region = i % 20 < 8 ? 'NA' : i % 20 < 14 ? 'EU' : i % 20 < 19 ? 'APAC' : '';
  const plan = i % 50 === 0 ? 'NA' : i % 2 === 0 ? 'basic' : 'pro';
  const score = i % 25 < 3 ? 'NA' : String((i * 37) % 100);
  const churned = (region === 'NA' ? i % 3 === 0 : i % 5 === 0) ? 'left' : 'stayed';
  lines.push(`C${i},${region},${plan},${score},${churned}`);
}
writeFileSync(file, `${lines.join('\n')}\n`);

test('"NA" on 40% of a column of words is found with its share; a missing number and a rare "NA" are not', async () => {
  const { frame } = await loadFrame(file);
  const words = await missingWordsAsValues(file, frame);
  assert.deepEqual(
    words.map((w) => ({ column: w.column, word: w.word, rows: w.rows, share: w.share })),
    [{ column: 'region', word: 'NA', rows: 200, share: 0.4 }],
  );
  assert.match(describeMissingWord(words[0]!), /'region': "NA" is 40\.0% of rows \(200\) and is read as missing.*keep it with --missing "" or the card's data\.missing: \[""\]/);
  // Read with only the empty string as missing, "NA" is a value already: nothing to say.
  const kept = await loadFrame(file, { missing: [''] });
  assert.deepEqual(await missingWordsAsValues(file, kept.frame, { missing: [''] }), []);
});

test('inspect warns in its text and lists the word in its JSON', () => {
  const text = run('inspect', file);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /warning: 'region': "NA" is 40\.0% of rows/);
  const json = run('inspect', file, '--json');
  assert.equal(json.code, 0, json.stderr);
  const inspection = JSON.parse(json.stdout) as { missingWords: { column: string; word: string; rows: number; share: number; advice: string }[] };
  assert.equal(inspection.missingWords.length, 1);
  assert.equal(inspection.missingWords[0]!.column, 'region');
  assert.equal(inspection.missingWords[0]!.rows, 200);
  const quiet = JSON.parse(run('inspect', file, '--json', '--missing', '').stdout) as { missingWords: unknown[] };
  assert.deepEqual(quiet.missingWords, []);
});

test("assess shows it among the readiness checks; the card's data.missing: [\"\"] silences it", () => {
  const card = join(dir, 'customers.yaml');
  writeFileSync(card, `data:\n  file: customers.csv\ntarget: churned\nid: customer_id`);
  const out = join(dir, 'assessed');
  const result = run('assess', card, '--out', out, '--budget', '5');
  assert.equal(result.code, 0, result.stderr);
  const assessment = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { readiness: { id: string; status: string; message: string }[] };
  const check = assessment.readiness.find((c) => c.id === 'missing-words');
  assert.equal(check?.status, 'warn');
  assert.match(check!.message, /'region': "NA" is 40\.0% of rows/);
  writeFileSync(card, `data:\n  file: customers.csv\n  missing: [""]\ntarget: churned\nid: customer_id`);
  const kept = run('assess', card, '--out', out, '--budget', '5');
  assert.equal(kept.code, 0, kept.stderr);
  const again = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { readiness: { id: string }[] };
  assert.equal(again.readiness.find((c) => c.id === 'missing-words'), undefined);
});
