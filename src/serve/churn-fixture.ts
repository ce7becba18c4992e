// A generated churn table read through a card, as `brief --register` reads it, for the tests of
// serving against its registered decision package: an id, a free-text note, a signup time, a
// region where "NA" is North America, a zone coded 1–3 kept as categories, a last-login time, a
// leaky cancellation reason marked unavailable, a team rule, and a yes/no target.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import { loadProblem, type Problem } from '../frame/problem.js';

export const CHURN_CARD = `data:
  file: churn.csv
  missing: [""]
  types:
    zone: categorical
    churned: categorical
target: churned
id: customer_id
time: signup_date
features:
  notes:
    cancellation_reason:
      availableAtPrediction: false
      note: filled in when the customer leaves
rules:
  - name: unhappy
    sql: support_tickets_90d >= 4
decision:
  positiveClass: "yes"
  threshold: 0.5
`;

const WORDS = ['app', 'slow', 'billing', 'invoice', 'login', 'great', 'support', 'call', 'refund', 'price', 'upgrade', 'crash', 'mobile', 'report', 'export', 'team'];

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the table and card to a fresh folder and reads them as a framed problem. */
export async function churnProblem(rows = 600): Promise<{ dir: string; problem: Problem; fitFrame: Frame }> {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-churn-'));
  const rng = new Rng(14);
  const lines = ['customer_id,signup_date,region,tenure_months,support_tickets_90d,zone,last_login,note,cancellation_reason,churned'];
  const day = 86_400_000;
  for (let i = 0; i < rows; i++) {
    const tenure = 1 + rng.int(72);
    const tickets = rng.int(9);
    const region = ['NA', 'EU', 'APAC'][rng.int(3)]!;
    const zone = 1 + rng.int(3);
    const risk = -1.5 + 0.45 * tickets - 0.04 * tenure + (region === 'NA' ? 0.4 : 0) + 0.5 * rng.normal();
    const churned = risk > 0;
    const signup = new Date(Date.UTC(2023, 0, 1) + rng.int(365) * day).toISOString().slice(0, 10);
    const login = new Date(Date.UTC(2024, 0, 1) + rng.int(180) * day + rng.int(day)).toISOString();
    const words = Array.from({ length: 6 + rng.int(8) }, () => WORDS[rng.int(WORDS.length)]!);
    const note = `Ticket ${1000 + i}: ${words.join(' ')}, spoke with agent ${rng.int(40)}.`;
    const reason = churned ? ['price', 'moved', 'competitor'][rng.int(3)]! : '';
    lines.push([`C${String(i).padStart(5, '0')}`, signup, region, tenure, tickets, zone, login, csvField(note), reason, churned ? 'yes' : 'no'].join(','));
  }
  writeFileSync(join(dir, 'churn.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'framewise.yaml'), CHURN_CARD);
  const problem = await loadProblem({ card: join(dir, 'framewise.yaml') });
  return { dir, problem, fitFrame: problem.frame.select([...problem.features, 'churned']) };
}

/** A request row for the churn models: the features only. */
export const CHURN_ROW = { region: 'NA', tenure_months: 5, support_tickets_90d: 6, zone: '2', last_login: '2024-03-05T10:00:00.000Z' } as const;
