// Writes the brief's files into its folder: brief.md with its SVG charts, brief.html (one
// self-contained file), and brief.json. Each file is written whole or not at all.

import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Brief } from './brief-data.js';
import { buildBriefDocument } from './brief-builder.js';
import { renderHtml } from './render-html.js';
import { renderMarkdownWithCharts } from './render-markdown.js';

export interface BriefPaths {
  readonly markdown: string;
  readonly html: string;
  readonly json: string;
}

export function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

export async function writeBriefFiles(brief: Brief, dir: string): Promise<BriefPaths> {
  const doc = buildBriefDocument(brief);
  const markdown = await renderMarkdownWithCharts(doc);
  for (const file of markdown.files) writeAtomically(join(dir, file.name), file.content);
  const paths = { markdown: join(dir, 'brief.md'), html: join(dir, 'brief.html'), json: join(dir, 'brief.json') };
  writeAtomically(paths.markdown, markdown.markdown);
  writeAtomically(paths.html, await renderHtml(doc));
  writeAtomically(paths.json, `${JSON.stringify(brief, null, 2)}\n`);
  return paths;
}
