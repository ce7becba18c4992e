// Reads a fitted tree model's feature columns out of frames, remembering the last column layout
// it checked so that frames built the same way (one request after another) skip the name lookups.

import type { Column } from '../../data/column.js';
import type { Frame } from '../../data/frame.js';
import type { InputSignature } from '../estimator.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { columnValues } from './features.js';

export class FrameReader {
  private checked = false;
  /** Names and kinds of the last frame that passed the check, in its column order. */
  private names: readonly string[] = [];
  private kinds: readonly Column['kind'][] = [];
  /** Position in that layout of each signature feature. */
  private positions: Int32Array = new Int32Array(0);

  constructor(
    private readonly signature: InputSignature,
    private readonly modelName: string,
  ) {}

  /**
   * One Float64Array per signature feature (as featureValues), after the signature check. A
   * frame whose columns have the same names and kinds in the same order as the last checked one
   * passes the same check, so it is not repeated.
   */
  values(frame: Frame): Float64Array[] {
    const columns = frame.columns;
    if (!this.checked || !this.sameLayout(columns)) {
      checkFrameAgainstSignature(frame, this.signature, this.modelName);
      const at = new Map(columns.map((c, i) => [c.name, i]));
      this.positions = Int32Array.from(this.signature.features, (f) => at.get(f.name)!);
      this.names = columns.map((c) => c.name);
      this.kinds = columns.map((c) => c.kind);
      this.checked = true;
    }
    const features = this.signature.features;
    const out = new Array<Float64Array>(features.length);
    for (let f = 0; f < features.length; f++) out[f] = columnValues(columns[this.positions[f]!]!, features[f]!);
    return out;
  }

  private sameLayout(columns: readonly Column[]): boolean {
    if (columns.length !== this.names.length) return false;
    for (let i = 0; i < columns.length; i++) if (columns[i]!.name !== this.names[i] || columns[i]!.kind !== this.kinds[i]) return false;
    return true;
  }
}
