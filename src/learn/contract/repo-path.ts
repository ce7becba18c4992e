// Finds files of the repository (fixtures, examples) from compiled code, wherever it runs from:
// walks up from this module to the folder holding package.json.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The absolute path of `parts` under the repository root. */
export function repoPath(...parts: string[]): string {
  if (root === undefined) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) {
      const up = dirname(dir);
      if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
      dir = up;
    }
    root = dir;
  }
  return join(root, ...parts);
}
