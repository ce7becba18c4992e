// `framewise models list | show | promote | rollback | diff`: the registry from the terminal:
// what is registered, where each alias points and why it moved, and what changed between versions.

import { Command } from 'commander';
import { userInfo } from 'node:os';
import { FramewiseError } from '../core/errors.js';
import { parseModelRef, parseVersion, usedRef } from '../registry/model-ref.js';
import { loadVerifiedModel } from '../registry/verified-artifact.js';
import type { ReferenceProfile } from '../registry/reference-profile.js';
import { describeOverride, readForModel } from '../learn/read-for-model.js';
import { labelsAsLearned } from '../learn/target.js';
import { decisionPackageOf, describePolicy } from '../registry/decision-package.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import type { DataSettings } from '../data/data-settings.js';
import { type PolicyInForce, policyInForce } from '../registry/policy-in-force.js';
import { describeDifference, frameDifferences, guardReuse, labelExpectation } from '../registry/reuse-guard.js';
import { DEFAULT_REGISTRY_DIR, SqliteModelStore } from '../registry/sqlite-store.js';
import type { AliasMove, ModelVersion } from '../registry/store.js';
import { diffVersions, type VersionDiff } from '../registry/version-diff.js';
import { addDataOptions, type DataFlags, typedDataSettings } from './data-options.js';
import { action } from './run-command.js';
import { formatNumber, renderTable } from './table.js';

interface RegistryFlags {
  readonly registry: string;
  readonly json?: boolean;
}

interface MoveFlags extends RegistryFlags {
  readonly alias: string;
  readonly why?: string;
  readonly by?: string;
}

export function modelsCommand(): Command {
  // Set before the subcommands are made, so they inherit it: a usage mistake reaches main (exit 2).
  const models = new Command('models').description('list, inspect, promote, roll back and compare registered models').exitOverride();
  const registryOption = (c: Command): Command => c.option('--registry <dir>', 'the registry folder', DEFAULT_REGISTRY_DIR);

  registryOption(models.command('list').description('every registered model: latest version and aliases').option('--json', 'print JSON')).action(
    action(async (flags: RegistryFlags) => {
      await withStore(flags.registry, (store) => {
        const rows = store.list().map((m) => ({ ...m, latestVersion: store.get({ name: m.name, version: m.latest }) }));
        if (flags.json === true) return print(JSON.stringify(rows.map((r) => ({ name: r.name, latest: r.latest, aliases: r.aliases, estimator: r.latestVersion.estimator, task: r.latestVersion.task, createdAt: r.latestVersion.createdAt })), null, 2));
        if (rows.length === 0) return print(`The registry at ${flags.registry} holds no models yet.`);
        print(
          renderTable(
            [{ header: 'model' }, { header: 'latest', align: 'right' }, { header: 'aliases' }, { header: 'estimator' }, { header: 'task' }, { header: 'registered' }],
            rows.map((r) => [r.name, String(r.latest), aliasList(r.aliases), r.latestVersion.estimator, r.latestVersion.task, r.latestVersion.createdAt.slice(0, 19).replace('T', ' ')]),
          ),
        );
      });
    }),
  );

  registryOption(models.command('show').description('one version with its lineage (latest unless NAME@VERSION or NAME@ALIAS)').argument('<ref>', 'NAME, NAME@VERSION or NAME@ALIAS').option('--json', 'print JSON')).action(
    action(async (ref: string, flags: RegistryFlags) => {
      const parsed = parseModelRef(ref);
      await withStore(flags.registry, (store) => {
        const version = store.get(parsed);
        // Reading the artifact checks it is whole; a damaged file is reported here, not at serving time.
        store.artifact(version.name, version.version);
        const history = store.aliasHistory(version.name);
        const all = store.versions(version.name).map((v) => v.version);
        if (flags.json === true) return print(JSON.stringify({ ...version, artifact: store.artifactPath(version.name, version.version), versions: all, aliasHistory: history }, null, 2));
        print(renderVersion(version, store.artifactPath(version.name, version.version), all, history, policyInForce(flags.registry, version.name, decisionPackageOf(version).policy, version.task)));
      });
    }),
  );

  registryOption(
    models
      .command('promote')
      .description('point an alias at a version (recording who, when and why)')
      .argument('<name>', 'the model')
      .argument('<version>', 'the version to point at')
      .option('--alias <alias>', 'the alias to move', 'champion')
      .option('--why <text>', 'why it moves (kept in the history)')
      .option('--by <who>', 'who moves it (default: the OS user)'),
  ).action(
    action(async (name: string, versionText: string, flags: MoveFlags) => {
      const version = parseVersion(versionText, 'VERSION');
      await withStore(flags.registry, (store) => {
        // The version must be able to answer before the alias points at it: a server would skip it.
        verifiedForAlias(store, name, flags.alias, version);
        print(renderMove(store.setAlias(name, flags.alias, version, who(flags), flags.why ?? '')));
      });
    }),
  );

  registryOption(
    models
      .command('rollback')
      .description('move an alias back to where it pointed before its last promotion')
      .argument('<name>', 'the model')
      .option('--alias <alias>', 'the alias to move back', 'champion')
      .option('--why <text>', 'why it moves back (kept in the history)')
      .option('--by <who>', 'who moves it (default: the OS user)'),
  ).action(
    action(async (name: string, flags: MoveFlags) => {
      await withStore(flags.registry, (store) => {
        const target = store.rollbackTarget(name, flags.alias);
        if (target !== undefined) verifiedForAlias(store, name, flags.alias, target);
        print(renderMove(store.rollback(name, flags.alias, who(flags), flags.why ?? '')));
      });
    }),
  );

  registryOption(
    models
      .command('diff')
      .description('parameters, metrics, signature and training data of two versions side by side')
      .argument('<name>', 'the model')
      .argument('<v1>', 'the older version (number or alias)')
      .argument('<v2>', 'the newer version (number or alias)')
      .option('--json', 'print JSON'),
  ).action(
    action(async (name: string, v1: string, v2: string, flags: RegistryFlags) => {
      await withStore(flags.registry, (store) => {
        const diff = diffVersions(store.get(parseModelRef(`${name}@${v1}`)), store.get(parseModelRef(`${name}@${v2}`)));
        print(flags.json === true ? JSON.stringify(diff, null, 2) : renderDiff(diff));
      });
    }),
  );
  const check = registryOption(
    models
      .command('check')
      .description('whether a version can be applied to a data file: same feature columns, types and categories (and label, with --evaluate)')
      .argument('<ref>', 'NAME, NAME@VERSION or NAME@ALIAS')
      .argument('<data>', 'the data file')
      .option('--evaluate', "also check the label column the model was trained to predict")
      .option('--force', 'report the differences without refusing'),
  );
  addDataOptions(check).action(
    action(async (ref: string, dataPath: string, flags: RegistryFlags & DataFlags & { readonly evaluate?: boolean; readonly force?: boolean }, cmd: Command) => {
      const parsed = parseModelRef(ref);
      // The version and its artifact first: a wrong name fails before the data is read.
      const { version, artifact } = await withStoreResult(flags.registry, (store) => {
        const v = store.get(usedRef(parsed, store));
        return { version: v, artifact: store.artifact(v.name, v.version) };
      });
      const label = flags.evaluate === true ? labelExpectation(artifact) : undefined;
      // Read as predict reads it: the version's data settings and feature types, typed flags over them.
      const read = await readForModel(dataPath, {
        registered: decisionPackageOf(version).data,
        signature: version.signature,
        typed: typedDataSettings(flags, cmd),
        model: `'${version.name}'@${version.version}`,
        onTypeMismatch: 'infer',
        onSqlMisfit: 'refuse',
      });
      for (const o of read.overrides) process.stderr.write(`${describeOverride(o)}\n`);
      const frame = label === undefined ? read.frame : labelsAsLearned(read.frame, label.name, label.categories ?? null);
      const differences = frameDifferences(version.signature, frame, label);
      const forced = guardReuse(differences, { force: flags.force === true, subject: `The data '${dataPath}'`, against: `the signature of '${version.name}'@${version.version}` });
      const what = `${version.signature.features.length} features${label === undefined ? '' : ` and the label '${label.name}'`}`;
      print(forced === null ? `${version.name}@${version.version} can be applied to ${dataPath}: its ${what} match by name, type and categories.` : `${version.name}@${version.version} on ${dataPath}: ${forced}.`);
    }),
  );

  models.addHelpText('after', '\nExamples:\n  framewise models list\n  framewise models show churn@champion\n  framewise models promote churn 3 --why "beats v2 on last month"\n  framewise models rollback churn --why "alerts after deploy"\n  framewise models diff churn 2 3\n  framewise models check churn@champion new-customers.csv');
  return models;
}

/** Loads the version's artifact (hash and a real load); a damaged one is refused naming where the alias stays. */
function verifiedForAlias(store: SqliteModelStore, name: string, alias: string, version: number): void {
  try {
    loadVerifiedModel(store, name, version);
  } catch (error) {
    if (!(error instanceof FramewiseError) || error.code !== 'ARTIFACT_CORRUPT') throw error;
    const now = store.list().find((m) => m.name === name)?.aliases[alias];
    throw new FramewiseError('ARTIFACT_CORRUPT', `Not moving '${alias}' of '${name}' to version ${version}: ${error.message}`, {
      hint: `${error.hint ?? ''} '${alias}' ${now === undefined ? 'stays unset' : `still points at version ${now}`}.`.trim(),
      ...(error.location === undefined ? {} : { location: error.location }),
      cause: error,
    });
  }
}

async function withStore(dir: string, use: (store: SqliteModelStore) => void): Promise<void> {
  const store = SqliteModelStore.open(dir);
  try {
    use(store);
  } finally {
    store.close();
  }
}

async function withStoreResult<T>(dir: string, use: (store: SqliteModelStore) => T): Promise<T> {
  const store = SqliteModelStore.open(dir);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function who(flags: MoveFlags): string {
  if (flags.by !== undefined && flags.by.trim() !== '') return flags.by;
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

function aliasList(aliases: Readonly<Record<string, number>>): string {
  const entries = Object.entries(aliases);
  return entries.length === 0 ? '-' : entries.map(([a, v]) => `${a}→${v}`).join(', ');
}

function renderMove(move: AliasMove): string {
  const verb = move.kind === 'rollback' ? 'Rolled back' : 'Moved';
  return `${verb} ${move.name}@${move.alias}: ${move.from === null ? 'new' : `version ${move.from}`} → version ${move.to} (by ${move.by}${move.why === '' ? '' : `: ${move.why}`})`;
}

function renderVersion(v: ModelVersion, artifactPath: string, versions: readonly number[], history: readonly AliasMove[], inForce: PolicyInForce): string {
  const l = v.lineage;
  const lines = [`${v.name}@${v.version}${v.aliases.length > 0 ? ` (${v.aliases.join(', ')})` : ''}: ${v.estimator}, ${v.task}${v.target === null ? '' : ` of '${v.target}'`}`];
  const row = (label: string, value: string): void => void lines.push(`  ${label.padEnd(17)}${value}`);
  row('registered', v.createdAt);
  row('versions', versions.join(', '));
  row('artifact', artifactPath);
  row('data', `${l.dataFingerprint.slice(0, 16)}… (schema ${l.schemaHash.slice(0, 12)}…)${rowsOf(l.referenceProfile)}`);
  row('card', l.cardHash === null ? 'none (trained from a data file)' : `sha256 ${l.cardHash.slice(0, 16)}…`);
  row('seed', l.seed === null ? '-' : String(l.seed));
  row('framewise', l.framewiseVersion);
  if (l.verdict !== null) row('verdict', l.verdict);
  if (v.forcedReason !== null) row('FORCED', v.forcedReason);
  // The decision package every later stage reads: the policy with its source, the promised value, the data settings.
  const pkg = decisionPackageOf(v);
  row('decision', describePolicy(pkg.policy));
  // A policy set on the server replaces the registered one for predict, monitor and retrain too.
  if (inForce.serving !== null) row('in force', inForce.description);
  const value = pkg.promise.value;
  row('promised value', value === null ? 'none (no business figures, or registered without a brief)' : `${interval(value.perDecision)} ${value.currency} per decision${value.decisionsPerMonth === null ? '' : ` at ${formatNumber(value.decisionsPerMonth)} decisions a month`}`);
  row('data settings', describeSettings(pkg.data));
  const metrics = Object.entries(l.metrics);
  row('metrics', metrics.length === 0 ? 'none recorded' : metrics.map(([m, i]) => `${metricInfo(m).label} ${interval(i)}`).join('; '));
  row('params', Object.entries(l.params).map(([k, p]) => `${k}=${typeof p === 'string' ? p : JSON.stringify(p)}`).join(', ') || '-');
  row('features', `${v.signature.features.length}: ${v.signature.features.map((f) => `${f.name} (${f.type}${f.categories ? `, ${f.categories.length} categories` : ''})`).join(', ')}`);
  if (history.length > 0) {
    lines.push('', 'Alias history:');
    lines.push(renderTable([{ header: 'when' }, { header: 'alias' }, { header: 'move' }, { header: 'by' }, { header: 'why' }], history.map((m) => [m.at.slice(0, 19).replace('T', ' '), m.alias, `${m.from ?? '-'} → ${m.to}${m.kind === 'rollback' ? ' (rollback)' : ''}`, m.by, m.why])));
  }
  return lines.join('\n');
}

/** The data settings in one line: only what differs from reading the file plainly. */
function describeSettings(d: DataSettings): string {
  const parts = [
    ...(d.sql === null ? [] : [`sql ${JSON.stringify(d.sql.replace(/\s+/g, ' ').trim().slice(0, 60))}${d.sql.length > 60 ? '…' : ''}`]),
    ...(d.missing === null ? [] : [`missing ${JSON.stringify(d.missing)}`]),
    ...(Object.keys(d.types).length === 0 ? [] : [`types ${Object.entries(d.types).map(([k, t]) => `${k}=${t}`).join(', ')}`]),
    ...(d.format === null ? [] : [`format ${d.format}`]),
    ...(d.delimiter === null ? [] : [`delimiter ${JSON.stringify(d.delimiter)}`]),
    ...(d.header ? [] : ['no header']),
  ];
  return parts.length === 0 ? 'as the file reads (default missing words "" and NA)' : parts.join('; ');
}

function rowsOf(profile: unknown): string {
  const p = profile as Partial<ReferenceProfile> | null;
  return p !== null && typeof p === 'object' && typeof p.rows === 'number' ? `, ${formatNumber(p.rows)} rows` : '';
}

function interval(i: { readonly mean: number; readonly low: number; readonly high: number }): string {
  return i.low === i.high || !Number.isFinite(i.low) ? formatNumber(i.mean) : `${formatNumber(i.mean)} [${formatNumber(i.low)}, ${formatNumber(i.high)}]`;
}

function cell(value: string | number | boolean | null): string {
  if (value === null) return '-';
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

export function renderDiff(d: VersionDiff): string {
  const a = `v${d.from}`;
  const b = `v${d.to}`;
  const out = [`${d.name}: version ${d.from} → ${d.to}`, ''];
  const mark = (changed: boolean): string => (changed ? '*' : '');
  out.push(renderTable([{ header: '' }, { header: 'field' }, { header: a }, { header: b }], d.fields.map((f) => [mark(f.changed), f.field, short(cell(f.from)), short(cell(f.to))])));
  out.push('', 'Parameters:');
  out.push(d.params.length === 0 ? '  none' : renderTable([{ header: '' }, { header: 'parameter' }, { header: a, align: 'right' }, { header: b, align: 'right' }], d.params.map((p) => [mark(p.changed), p.field, cell(p.from), cell(p.to)])));
  out.push('', 'Metrics:');
  out.push(
    d.metrics.length === 0
      ? '  none recorded'
      : renderTable(
          [{ header: 'metric' }, { header: a, align: 'right' }, { header: b, align: 'right' }, { header: 'change', align: 'right' }],
          d.metrics.map((m) => [m.metric, m.from === null ? '-' : interval(m.from), m.to === null ? '-' : interval(m.to), m.change === null ? '-' : `${m.change >= 0 ? '+' : ''}${formatNumber(m.change)}`]),
        ),
  );
  out.push('', 'Signature:');
  out.push(d.signature.length === 0 ? '  same features, types and categories' : d.signature.map((s) => `  ${describeDifference(s)}`).join('\n'));
  out.push('', 'Training data:');
  out.push(d.data.length === 0 ? '  no change in missing shares, ranges or category sets' : renderTable([{ header: 'feature' }, { header: 'what' }, { header: a, align: 'right' }, { header: b, align: 'right' }], d.data.map((c) => [c.feature, c.field, cell(c.from), cell(c.to)])));
  out.push('', '* differs');
  return out.join('\n');
}

/** Hashes shortened so that the table fits a terminal. */
function short(text: string): string {
  return /^[0-9a-f]{64}$/.test(text) ? `${text.slice(0, 12)}…` : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
