// framewise's own version, read from its package.json.

import { readFileSync } from 'node:fs';

export function framewiseVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
