// Writes one benchmark's section into bench/RESULTS.md, replacing that section's previous text
// and leaving every other section as it was.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeResultsSection(path: string, name: string, body: string): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n\nEach section is written by the command it names; ratios matter more than seconds on these shared machines.\n';
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
