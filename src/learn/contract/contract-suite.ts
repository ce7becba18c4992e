// The contract every estimator passes, registered as node:test tests by one call. In a learner's
// test file (any folder), with data small enough to fit in well under a second:
//
//   runEstimatorContract({
//     name: 'gbdt (penguins, species)',
//     make: (params) => new Gbdt({ n_trees: 20, seed: 3, ...params }),
//     data: async () => ({ frame: await penguins(), target: 'species' }),
//     loader: gbdtFromJSON,
//     seedParam: 'seed',
//   });
//
// `make` must pass its argument through to the estimator's constructor (it is how invalid
// hyperparameters are tried). Unsupervised learners return `target: undefined` from `data`.
// The model must also be loadable by name: add its loader to the table in src/learn/model-io.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { type Column, valueAt } from '../../data/column.js';
import { Frame } from '../../data/frame.js';
import type { Estimator, FittedModel, Prediction } from '../estimator.js';
import type { ParamSpec } from '../hyperparams.js';
import { loadModel } from '../model-io.js';

export interface ContractData {
  readonly frame: Frame;
  readonly target: string | undefined;
}

export interface EstimatorContractOptions {
  /** Suite title, e.g. 'ridge (penguins, body mass)'. */
  readonly name: string;
  readonly make: (params?: Readonly<Record<string, unknown>>) => Estimator;
  readonly data: () => ContractData | Promise<ContractData>;
  /** The estimator's exported `fromJSON`. */
  readonly loader: (json: unknown) => FittedModel;
  /** The seed parameter of a randomised learner: the determinism test sets it explicitly. */
  readonly seedParam?: string;
}

/** Registers the shared contract tests for one estimator. */
export function runEstimatorContract(options: EstimatorContractOptions): void {
  const { make, loader } = options;
  const seeded = (): Readonly<Record<string, unknown>> => (options.seedParam === undefined ? {} : { [options.seedParam]: 7 });
  const data = async (): Promise<ContractData> => {
    const d = await options.data();
    return { frame: cloneFrame(d.frame), target: d.target };
  };

  describe(`estimator contract: ${options.name}`, () => {
    it('gives identical predictions from two fits with the same seed', async () => {
      const { frame, target } = await data();
      const a = await make(seeded()).fit(frame, target);
      const b = await make(seeded()).fit(frame, target);
      assertSamePrediction(a.predict(frame), b.predict(frame));
      assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
    });

    it('round-trips through JSON text to bit-identical predictions, with the versioned header', async () => {
      const { frame, target } = await data();
      const model = await make(seeded()).fit(frame, target);
      const json = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
      assert.equal(json['format'], 'framewise-model');
      assert.equal(json['formatVersion'], 1);
      assert.equal(json['estimator'], model.estimator);
      assert.equal(json['task'], model.task);
      assert.deepEqual(json['params'], { ...model.params });
      assert.deepEqual(json['signature'], JSON.parse(JSON.stringify(model.signature)));
      const loaded = loader(json);
      assertSamePrediction(loaded.predict(frame), model.predict(frame));
      // A second save of the loaded model writes the same text.
      assert.equal(JSON.stringify(loaded), JSON.stringify(model));
    });

    it('is loadable by its estimator name through loadModel', async () => {
      const { frame, target } = await data();
      const model = await make(seeded()).fit(frame, target);
      const loaded = loadModel(JSON.parse(JSON.stringify(model)));
      assert.equal(loaded.estimator, model.estimator);
      assertSamePrediction(loaded.predict(frame), model.predict(frame));
    });

    it('refuses a frame with a missing feature column, naming it (SCHEMA_MISMATCH)', async () => {
      const { frame, target } = await data();
      const model = await make(seeded()).fit(frame, target);
      const feature = model.signature.features[0];
      assert.ok(feature !== undefined, 'the model should learn from at least one column');
      assert.throws(() => model.predict(frame.drop([feature.name])), schemaMismatchNaming(feature.name));
    });

    it('refuses a feature column of the wrong type, naming it (SCHEMA_MISMATCH)', async () => {
      const { frame, target } = await data();
      const model = await make(seeded()).fit(frame, target);
      for (const feature of model.signature.features) {
        const wrong = retyped(frame.column(feature.name));
        assert.throws(() => model.predict(frame.withColumn(wrong)), schemaMismatchNaming(feature.name), `column ${feature.name} as ${wrong.kind}`);
      }
    });

    it('refuses invalid hyperparameters with INVALID_PARAMETER, quoting name and value', async () => {
      const { frame, target } = await data();
      const specs = make().specs;
      assert.ok(specs.length > 0, 'an estimator declares its hyperparameters');
      for (const spec of specs) {
        for (const value of invalidValues(spec)) {
          await assert.rejects(
            async () => make({ [spec.name]: value }).fit(frame, target),
            (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_PARAMETER' && e.message.includes(spec.name) && e.message.includes(JSON.stringify(value)),
            `${spec.name}=${JSON.stringify(value)}`,
          );
        }
      }
      await assert.rejects(async () => make({ no_such_parameter: 1 }).fit(frame, target), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_PARAMETER' && e.message.includes('no_such_parameter'));
    });

    it('keeps the fitted model independent of later changes to its inputs and outputs', async () => {
      const { frame, target } = await data();
      const params: Record<string, unknown> = { ...seeded() };
      const estimator = make(params);
      const model = await estimator.fit(frame, target);
      const probe = cloneFrame(frame);
      const before = model.predict(probe);
      const paramsBefore = JSON.stringify(model.params);
      scribble(frame);
      for (const key of Object.keys(params)) delete params[key];
      const saved = model.toJSON() as unknown as Record<string, unknown>;
      for (const key of Object.keys(saved)) saved[key] = null;
      assert.equal(JSON.stringify(model.params), paramsBefore);
      assertSamePrediction(model.predict(probe), before);
      assert.ok(Object.isFrozen(model.params), 'params are frozen');
    });

    it('leaves the training frame and its own parameters untouched', async () => {
      const { frame, target } = await data();
      const before = cloneFrame(frame);
      const estimator = make(seeded());
      const paramsBefore = JSON.stringify(estimator.params);
      const model = await estimator.fit(frame, target);
      model.predict(frame);
      assert.equal(JSON.stringify(estimator.params), paramsBefore);
      assert.deepEqual(frame.names, before.names);
      for (const column of before.columns) assert.deepEqual(frame.column(column.name), column, `column ${column.name} changed`);
    });

    it("predicts in the user's own labels", async () => {
      const { frame, target } = await data();
      const model = await make(seeded()).fit(frame, target);
      const prediction = model.predict(frame);
      if (prediction.kind === 'classification') {
        const column = frame.column(target!);
        const seen = new Set<string>();
        for (let i = 0; i < frame.rowCount; i++) seen.add(String(valueAt(column, i)));
        assert.deepEqual([...prediction.classes].sort(), [...seen].sort());
        for (const label of prediction.labels) assert.ok(seen.has(label), `label ${label}`);
        const k = prediction.classes.length;
        for (let i = 0; i < frame.rowCount; i++) {
          let sum = 0;
          for (let c = 0; c < k; c++) sum += prediction.probabilities[i * k + c]!;
          assert.ok(Math.abs(sum - 1) < 1e-9, `probabilities of row ${i} sum to ${sum}`);
        }
      } else if (prediction.kind === 'multilabel') {
        for (const set of prediction.sets) for (const label of set) assert.ok(prediction.labels.includes(label), `label ${label}`);
      } else if (prediction.kind === 'regression') {
        assert.equal(prediction.values.length, frame.rowCount);
        assert.ok(prediction.values.every(Number.isFinite));
      }
    });
  });
}

/** Asserts two predictions are equal to the bit (NaN equals NaN, 0 differs from −0). */
export function assertSamePrediction(a: Prediction, b: Prediction): void {
  assert.equal(a.kind, b.kind);
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of Object.keys(ra)) {
    const x = ra[key];
    const y = rb[key];
    if (ArrayBuffer.isView(x)) {
      const xs = x as unknown as ArrayLike<number>;
      const ys = y as unknown as ArrayLike<number>;
      assert.equal(xs.length, ys.length, key);
      for (let i = 0; i < xs.length; i++) if (!Object.is(xs[i], ys[i])) assert.fail(`${key}[${i}]: ${xs[i]} vs ${ys[i]}`);
    } else assert.deepEqual(x, y, key);
  }
}

function schemaMismatchNaming(name: string): (e: unknown) => boolean {
  return (e) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH' && e.message.includes(`'${name}'`);
}

/** Values each declared parameter must refuse. */
function invalidValues(spec: ParamSpec): unknown[] {
  switch (spec.kind) {
    case 'int':
      return ['12', spec.min - 1, spec.max + 1, spec.min + 0.5];
    case 'float':
      return ['0.5', spec.exclusiveMin ? spec.min : spec.min - 1, Number.isFinite(spec.max) ? spec.max * 2 + 1 : Number.NaN];
    case 'enum':
      return ['no-such-choice', 1];
    case 'bool':
      return ['yes', 1];
  }
}

/** The column stored as another kind, with the same name and length. */
function retyped(column: Column): Column {
  const n = column.kind === 'categorical' ? column.codes.length : column.values.length;
  if (column.kind === 'text' || column.kind === 'categorical') return { kind: 'numeric', name: column.name, values: new Float64Array(n) };
  return { kind: 'text', name: column.name, values: Array.from({ length: n }, () => 'x') };
}

/** A deep copy: new typed arrays, so writes to one frame cannot reach the other. */
export function cloneFrame(frame: Frame): Frame {
  return new Frame(
    frame.columns.map((c): Column => {
      switch (c.kind) {
        case 'numeric':
        case 'datetime':
          return { kind: c.kind, name: c.name, values: Float64Array.from(c.values) };
        case 'boolean':
          return { kind: 'boolean', name: c.name, values: Int8Array.from(c.values) };
        case 'categorical':
          return { kind: 'categorical', name: c.name, codes: Int32Array.from(c.codes), dictionary: [...c.dictionary] };
        case 'text':
          return { kind: 'text', name: c.name, values: [...c.values] };
      }
    }),
    frame.typeMap,
  );
}

/** Overwrites every array of the frame in place (what a careless caller might do after fitting). */
function scribble(frame: Frame): void {
  for (const c of frame.columns) {
    if (c.kind === 'categorical') {
      c.codes.reverse();
      (c.dictionary as string[]).reverse();
    } else if (c.kind === 'text') (c.values as (string | null)[]).fill('scribbled');
    else if (c.kind === 'boolean') c.values.fill(1);
    else c.values.fill(123456);
  }
}
