// The training rows a linear model's explanation is measured from: the version's reference sample
// (a seeded sample of its training rows, kept beside the artifact), read once per loaded version.
// A version without a readable sample is explained from the encoding's own centre instead.

import { readReferenceSample, sampleFrame } from '../registry/reference-sample.js';
import type { Frame } from '../data/frame.js';
import type { ServeContext } from './context.js';
import type { LoadedModel } from './model-cache.js';

const backgrounds = new WeakMap<LoadedModel, Frame | null>();

/** The reference sample of a loaded version as a frame; undefined when it has none that reads. */
export function linearBackground(ctx: ServeContext, loaded: LoadedModel): Frame | undefined {
  let frame = backgrounds.get(loaded);
  if (frame === undefined) {
    try {
      // Only a store that keeps artifacts as files (the embedded one) has the sample beside them.
      const store = ctx.store as ServeContext['store'] & { artifactPath?: (name: string, version: number) => string };
      const path = store.artifactPath?.(loaded.name, loaded.version);
      if (path === undefined) throw new Error('no artifact file');
      frame = sampleFrame(readReferenceSample(path, `'${loaded.name}'@${loaded.version}`, loaded.info.referenceSha256));
      // Only the model's features, so that a sample written by another version of the code still explains.
      if (!loaded.model.signature.features.every((f) => frame!.has(f.name))) frame = null;
    } catch {
      frame = null;
    }
    backgrounds.set(loaded, frame);
  }
  return frame ?? undefined;
}
