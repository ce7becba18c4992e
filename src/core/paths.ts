// Locates files that ship with framewise (examples, fixtures) from the running module, whether
// it runs compiled from dist/ or from source.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding framewise's package.json. */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'framewise') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('framewise package root not found');
    dir = parent;
  }
}

/** A path inside the package, e.g. fromRoot('examples', 'penguins.csv'). */
export function fromRoot(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The folder the running code was compiled into (dist/ normally; it holds src/ and bench/). */
export function buildRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** A compiled file, e.g. fromBuild('src', 'cli', 'main.js'), from the same build as the caller. */
export function fromBuild(...parts: string[]): string {
  return join(buildRoot(), ...parts);
}
