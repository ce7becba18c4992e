// Test helper: the committed iris fixture (fixtures/iris_kmeans.json) as a frame, with
// scikit-learn's k-means results for k = 2..6.

import { readFileSync } from 'node:fs';
import { fromRoot } from '../../core/paths.js';
import type { Column } from '../../data/column.js';
import { Frame } from '../../data/frame.js';

export interface IrisFixture {
  readonly frame: Frame;
  readonly kmeans: readonly { readonly k: number; readonly inertia: number; readonly silhouette: number }[];
}

export function readIris(): IrisFixture {
  const json = JSON.parse(readFileSync(fromRoot('src', 'learn', 'kmeans', 'fixtures', 'iris_kmeans.json'), 'utf8')) as {
    columns: Record<string, number[] | string[]>;
    kmeans: IrisFixture['kmeans'];
  };
  const columns: Column[] = Object.entries(json.columns).map(([name, values]) => {
    if (typeof values[0] === 'number') return { kind: 'numeric', name, values: Float64Array.from(values as number[]) };
    const dictionary = [...new Set(values as string[])].sort();
    return { kind: 'categorical', name, dictionary, codes: Int32Array.from(values as string[], (v) => dictionary.indexOf(v)) };
  });
  return { frame: new Frame(columns), kmeans: json.kmeans };
}
