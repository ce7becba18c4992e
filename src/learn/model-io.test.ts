// Loading any saved model by its estimator name, and the errors for unknown estimators, other
// formats, newer versions, damaged fields, and missing, empty or invalid files.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { Frame } from '../data/frame.js';
import { assertSamePrediction } from './contract/contract-suite.js';
import { LogisticRegression } from './linear/logistic.js';
import { Ridge } from './linear/ridge.js';
import { loadableEstimators, loadModel, readModelFile, registerModelLoader, saveModel } from './model-io.js';

const frame = new Frame([
  { kind: 'numeric', name: 'hours', values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
  { kind: 'categorical', name: 'plan', codes: Int32Array.from([0, 1, 0, 1, 0, 1, 1, 0]), dictionary: ['free', 'pro'] },
  { kind: 'numeric', name: 'spend', values: Float64Array.from([3, 9, 7, 13, 11, 15, 18, 16]) },
  { kind: 'categorical', name: 'churned', codes: Int32Array.from([1, 1, 1, 0, 0, 0, 0, 0]), dictionary: ['no', 'yes'] },
]);

function isFormatError(field: string): (e: unknown) => boolean {
  return (e) => e instanceof FramewiseError && e.code === 'MODEL_FORMAT' && e.location?.field === field && e.message.includes(`'${field}'`);
}

describe('loadModel', () => {
  it('dispatches on the estimator name', async () => {
    const ridge = await new Ridge().fit(frame.drop(['churned']), 'spend');
    const logistic = await new LogisticRegression().fit(frame.drop(['spend']), 'churned');
    for (const model of [ridge, logistic]) {
      const loaded = loadModel(JSON.parse(JSON.stringify(model)));
      assert.equal(loaded.estimator, model.estimator);
      assertSamePrediction(loaded.predict(frame), model.predict(frame));
    }
    for (const name of ['ridge', 'logistic_regression', 'multilabel', 'gbdt', 'random_forest', 'kmeans', 'isolation_forest']) {
      assert.ok(loadableEstimators().includes(name), name);
    }
  });

  it('names the field that is wrong', async () => {
    const json = JSON.parse(JSON.stringify(await new Ridge().fit(frame.drop(['churned']), 'spend')));
    assert.throws(() => loadModel({ ...json, estimator: 'ridgee' }), (e: unknown) => isFormatError('estimator')(e) && /ridgee/.test((e as Error).message) && /'ridge'/.test((e as FramewiseError).hint ?? ''));
    assert.throws(() => loadModel({ ...json, format: 'pickle' }), isFormatError('format'));
    assert.throws(() => loadModel({ ...json, formatVersion: 2 }), (e: unknown) => isFormatError('formatVersion')(e) && /Upgrade/.test((e as FramewiseError).hint ?? ''));
    assert.throws(() => loadModel({ ...json, formatVersion: '1' }), isFormatError('formatVersion'));
    assert.throws(() => loadModel({ ...json, coefficients: [1, 2] }), isFormatError('coefficients'));
    assert.throws(() => loadModel({ ...json, signature: { features: 'x', ignored: [] } }), isFormatError('signature.features'));
    assert.throws(() => loadModel({ ...json, params: { ...json.params, alpha: -1 } }), isFormatError('params.alpha'));
    assert.throws(() => loadModel([1, 2]), isFormatError('(top level)'));
  });

  it('accepts run-time loaders and refuses a clashing name', () => {
    const loader = (json: unknown): never => {
      throw new FramewiseError('MODEL_FORMAT', `stub ${JSON.stringify(json).length}`);
    };
    registerModelLoader('stub_estimator', loader);
    registerModelLoader('stub_estimator', loader);
    assert.ok(loadableEstimators().includes('stub_estimator'));
    assert.throws(() => registerModelLoader('ridge', loader), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_ARGUMENT');
    const header = { format: 'framewise-model', formatVersion: 1, estimator: 'stub_estimator', task: 'regression', params: {}, signature: { features: [], ignored: [] } };
    assert.throws(() => loadModel(header), /stub/);
  });
});

describe('saveModel and readModelFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-model-io-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a file that loads back to the same predictions, creating folders', async () => {
    const model = await new LogisticRegression({ C: 0.3 }).fit(frame.drop(['spend']), 'churned');
    const path = join(dir, 'nested', 'churn.json');
    await saveModel(model, path);
    const loaded = await readModelFile(path);
    assertSamePrediction(loaded.predict(frame), model.predict(frame));
  });

  it('explains missing, empty, non-JSON and foreign files', async () => {
    const code = (c: string, text?: RegExp) => (e: unknown) => e instanceof FramewiseError && e.code === c && (text === undefined || text.test(e.message));
    await assert.rejects(readModelFile(join(dir, 'none.json')), code('FILE_NOT_FOUND', /none\.json/));
    await assert.rejects(readModelFile(dir), code('FILE_UNREADABLE'));
    writeFileSync(join(dir, 'empty.json'), '  \n');
    await assert.rejects(readModelFile(join(dir, 'empty.json')), code('FILE_EMPTY'));
    writeFileSync(join(dir, 'broken.json'), '{"format": "framewise-model",');
    await assert.rejects(readModelFile(join(dir, 'broken.json')), code('JSON_INVALID', /broken\.json/));
    writeFileSync(join(dir, 'other.json'), '{"format": "onnx"}');
    await assert.rejects(readModelFile(join(dir, 'other.json')), (e: unknown) => code('MODEL_FORMAT', /other\.json.*'format'/)(e) && (e as FramewiseError).location?.field === 'format');
  });
});
