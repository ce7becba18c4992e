// The decision package as a file beside a model file (`decision.json` next to the brief's
// `model.json`), so `predict model.json data.csv` reads the data and decides as the brief did
// without a registry. The file holds the package as JSON with a `kind` to recognise it by.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { DecisionPackage } from './decision-package.js';

export const DECISION_FILE_NAME = 'decision.json';
const KIND = 'framewise.decision';

/** The JSON text of `decision.json` for a package. */
export function decisionFileText(pkg: DecisionPackage): string {
  return `${JSON.stringify({ kind: KIND, ...pkg }, null, 2)}\n`;
}

/** The `decision.json` beside a model file, when there is one; a file that is not a package is refused by name. */
export function readDecisionFileBeside(modelPath: string): { readonly path: string; readonly pkg: DecisionPackage } | null {
  const path = join(dirname(modelPath), DECISION_FILE_NAME);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FramewiseError('INVALID_ARGUMENT', `'${path}' is not valid JSON: ${(error as Error).message}.`, {
      hint: `It should be the decision package the brief wrote beside the model; write the brief again, or remove '${path}' to predict without it.`,
      location: { file: path },
    });
  }
  const o = parsed as Partial<DecisionPackage> & { kind?: unknown };
  if (typeof o !== 'object' || o === null || o.kind !== KIND || typeof o.data !== 'object' || typeof o.policy !== 'object' || typeof o.promise !== 'object') {
    throw new FramewiseError('INVALID_ARGUMENT', `'${path}' is not a framewise decision package (kind '${KIND}' with data, policy and promise).`, {
      hint: `Write the brief again, or remove '${path}' to predict without it.`,
      location: { file: path },
    });
  }
  const { kind: _kind, ...pkg } = o as DecisionPackage & { kind: string };
  return { path, pkg };
}
