// DuckDB hands each result chunk to JavaScript as a small wrapper around native memory that is
// freed only when the wrapper is garbage-collected. V8 sees a tiny heap and so rarely collects,
// and the native chunks pile up (hundreds of MiB on a large file). A young-generation collection
// every few chunks frees them for about a tenth of a millisecond each time.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Frees the native memory of chunk wrappers that are no longer referenced. */
export function releaseNativeChunks(): void {
  collector()?.({ type: 'minor' });
}
