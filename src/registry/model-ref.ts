// Names in the registry: what a model or alias may be called (safe as a file name), and the
// NAME, NAME@3, NAME@champion references the CLI and server accept.

import { FramewiseError } from '../core/errors.js';
import type { ModelRef, ModelStore } from './store.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Throws INVALID_ARGUMENT unless `name` can name a model (it becomes a folder name). */
export function checkModelName(name: string): void {
  if (!NAME.test(name)) {
    throw new FramewiseError('INVALID_ARGUMENT', `'${name}' cannot name a model.`, {
      hint: 'Use letters, digits, dots, dashes and underscores (starting with a letter or digit), e.g. churn-model.',
      location: { field: 'name' },
    });
  }
}

/** Throws INVALID_ARGUMENT unless `alias` can name an alias (never all digits: NAME@3 is a version). */
export function checkAliasName(alias: string): void {
  if (!NAME.test(alias) || /^\d+$/.test(alias)) {
    throw new FramewiseError('INVALID_ARGUMENT', `'${alias}' cannot name an alias.`, {
      hint: 'Use a word such as champion, challenger or staging (letters, digits, dots, dashes, underscores; not only digits).',
      location: { field: 'alias' },
    });
  }
}

/** Parses NAME, NAME@VERSION or NAME@ALIAS. */
export function parseModelRef(text: string): ModelRef {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  checkModelName(name);
  if (at < 0) return { name };
  const rest = text.slice(at + 1);
  if (/^\d+$/.test(rest)) {
    const version = Number(rest);
    if (version >= 1 && Number.isSafeInteger(version)) return { name, version };
  }
  checkAliasName(rest);
  return { name, alias: rest };
}

/** Parses a version number given on its own (e.g. `models promote NAME 3`). */
export function parseVersion(text: string, field: string): number {
  const version = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(version >= 1 && Number.isSafeInteger(version))) {
    throw new FramewiseError('INVALID_ARGUMENT', `${field} must be a version number (1, 2, …), got '${text}'.`, { hint: 'List the versions with: framewise models show NAME', location: { field } });
  }
  return version;
}

/**
 * What a bare NAME means where a model is used on data (predict, monitor, models check): the
 * version the server answers with — its champion — when it has one, else its latest version.
 * NAME@VERSION and NAME@ALIAS mean what they say.
 */
export function usedRef(ref: ModelRef, store: Pick<ModelStore, 'list'>): ModelRef {
  if (ref.version !== undefined || ref.alias !== undefined) return ref;
  const champion = store.list().find((m) => m.name === ref.name)?.aliases['champion'];
  return champion === undefined ? ref : { name: ref.name, alias: 'champion' };
}

export function formatRef(ref: ModelRef): string {
  return ref.version !== undefined ? `${ref.name}@${ref.version}` : ref.alias !== undefined ? `${ref.name}@${ref.alias}` : ref.name;
}
