// The brief's groups for clustering: how many, where k comes from, each group's size and share,
// and the silhouette the promise holds them to.

import type { Block } from './document.js';
import type { Brief } from './brief-data.js';
import { num, pct } from './format.js';

export function clusterBlocks(brief: Brief): Block[] {
  const c = brief.clusters;
  if (!c) return [];
  const s = c.silhouette;
  const interval = Number.isFinite(s.low) ? ` (95% interval ${s.low.toFixed(3)} to ${s.high.toFixed(3)})` : '';
  return [
    { kind: 'paragraph', text: `The model puts each row in one of ${c.k} groups (${c.kSource}); the decision for a row is its group, named afterwards by people. Every later stage (predict, the server, monitoring) decides the same way.` },
    { kind: 'table', headers: ['group', 'rows', 'share'], align: ['left', 'right', 'right'], rows: c.groups.map((g) => [g.cluster, num(g.rows), pct(g.share)]), caption: `The ${c.k} groups on the ${num(c.groups.reduce((n, g) => n + g.rows, 0))} training rows` },
    { kind: 'paragraph', text: `The promise monitoring holds the groups to: these shares, and a silhouette of ${s.mean.toFixed(3)}${interval} measured on ${num(c.sampledRows)} rows.` },
  ];
}
