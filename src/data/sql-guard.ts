// Checks SQL that a user or a card wrote before DuckDB runs any of it: a query must be exactly one
// SELECT (or WITH … SELECT) and a rule exactly one expression, as DuckDB's own parser reads them.

import type { DuckDBConnection } from '@duckdb/node-api';
import { FramewiseError } from '../core/errors.js';
import { capitalized } from '../core/capitalize.js';

/** Where a SQL text came from, as messages name it. */
export interface SqlOrigin {
  /** A noun phrase: "the --sql query", "the card's data.sql", "rule 'wet' in the card (rules[0].sql)". */
  readonly what: string;
  /** The flag or card field, for the error's location: --sql, data.sql, rules[0].sql. */
  readonly field?: string;
}

/**
 * The table functions SQL may call: they make rows from values (numbers, lists, JSON text) and
 * never from files, URLs, other SQL or DuckDB's own state. Every other one is refused, because
 * some change the session's settings even with its configuration locked (enable_logging does).
 */
export const ALLOWED_TABLE_FUNCTIONS: readonly string[] = ['range', 'generate_series', 'unnest', 'json_each', 'json_tree'];

export const ALLOWED_QUERY = 'one SELECT (or WITH … SELECT) over the table named data';
const ALLOWED_EXPRESSION = "one expression over a row's columns";
const QUERY_HINT = 'Write one SELECT over the table named data, e.g. SELECT *, a - b AS diff FROM data WHERE a > 0; framewise reads the data file itself.';
const EXPRESSION_HINT = "Write one DuckDB expression over a row's columns, e.g. precipitation > 0 or CASE WHEN wind > 5 THEN 'rain' ELSE 'sun' END.";

type Json = null | boolean | number | string | Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

type Parsed =
  | { readonly ok: true; readonly statements: readonly JsonObject[] }
  | { readonly ok: false; readonly kind: 'syntax' | 'not-select'; readonly message: string; readonly position: number | undefined };

/**
 * Refuses `sql` unless it is one SELECT (or WITH … SELECT) whose table functions are all
 * allowed. Only parses: nothing in `sql` runs here. A syntax error is SQL_INVALID, anything else
 * refused is SQL_REFUSED.
 */
export async function checkQuery(connection: DuckDBConnection, sql: string, origin: SqlOrigin): Promise<void> {
  const parsed = await parse(connection, sql);
  if (!parsed.ok) {
    if (parsed.kind === 'syntax') throw invalid(origin, `is not valid SQL: ${parsed.message}${near(sql, parsed.position)}`, QUERY_HINT);
    throw refused(origin, await notOneSelect(connection, sql), ALLOWED_QUERY, QUERY_HINT);
  }
  if (parsed.statements.length === 0) throw invalid(origin, 'holds no SQL statement', QUERY_HINT);
  if (parsed.statements.length > 1) throw refused(origin, await severalStatements(connection, sql, parsed.statements.length), ALLOWED_QUERY, QUERY_HINT);
  checkTableFunctions(parsed.statements[0]!, origin, ALLOWED_QUERY, QUERY_HINT);
}

/**
 * Refuses `expression` unless it is one SQL expression, as a team rule is: no FROM, WHERE, second
 * expression or statement around it, and no table function but the allowed ones in a subquery.
 * Errors are CARD_INVALID for a syntax error and SQL_REFUSED otherwise.
 */
export async function checkExpression(connection: DuckDBConnection, expression: string, origin: SqlOrigin): Promise<void> {
  // On lines of its own, so that a trailing -- comment in the rule cannot swallow the parenthesis.
  const wrapped = `SELECT (\n${expression}\n)`;
  const parsed = await parse(connection, wrapped);
  if (!parsed.ok) {
    if (parsed.kind === 'syntax') {
      throw new FramewiseError('CARD_INVALID', `${capitalized(origin.what)} is not a valid SQL expression: ${parsed.message}.`, { hint: EXPRESSION_HINT, ...located(origin) });
    }
    throw refused(origin, await statementsBeside(connection, wrapped), ALLOWED_EXPRESSION, EXPRESSION_HINT);
  }
  if (parsed.statements.length !== 1) throw refused(origin, await statementsBeside(connection, wrapped), ALLOWED_EXPRESSION, EXPRESSION_HINT);
  const statement = parsed.statements[0]!;
  const clause = extraClause(objectAt(statement, 'node'));
  if (clause !== undefined) throw refused(origin, `has ${clause}`, ALLOWED_EXPRESSION, EXPRESSION_HINT);
  checkTableFunctions(statement, origin, ALLOWED_EXPRESSION, EXPRESSION_HINT);
}

/** DuckDB's parse tree of `sql` (json_serialize_sql serialises SELECT statements only). */
async function parse(connection: DuckDBConnection, sql: string): Promise<Parsed> {
  const prepared = await connection.prepare('SELECT json_serialize_sql(CAST($1 AS VARCHAR)) AS tree');
  let text: string;
  try {
    prepared.bindVarchar(1, sql);
    const reader = await prepared.runAndReadAll();
    text = String(reader.getRowObjectsJson()[0]!['tree']);
  } finally {
    prepared.destroySync();
  }
  const tree = JSON.parse(text) as JsonObject;
  if (tree['error'] === true) {
    const position = Number(tree['position']);
    return {
      ok: false,
      kind: tree['error_type'] === 'parser' ? 'syntax' : 'not-select',
      message: String(tree['error_message'] ?? 'unknown parser error'),
      position: Number.isFinite(position) ? position : undefined,
    };
  }
  const statements = Array.isArray(tree['statements']) ? tree['statements'] : [];
  return { ok: true, statements: statements.filter(isObject) };
}

/** How many statements DuckDB's parser finds in `sql`; 0 when it cannot parse it. */
async function statementCount(connection: DuckDBConnection, sql: string): Promise<number> {
  try {
    return (await connection.extractStatements(sql)).count;
  } catch {
    return 0;
  }
}

async function notOneSelect(connection: DuckDBConnection, sql: string): Promise<string> {
  const count = await statementCount(connection, sql);
  if (count > 1) return severalStatements(connection, sql, count);
  const kind = statementKind(sql);
  return kind === undefined ? 'is not a SELECT statement' : `is ${article(kind)} ${kind} statement`;
}

async function severalStatements(connection: DuckDBConnection, sql: string, count: number): Promise<string> {
  const texts = await splitStatements(connection, sql, count);
  if (texts === undefined) {
    // One statement as written that DuckDB runs as several (a PIVOT over values it must look up).
    const kind = statementKind(sql);
    return `${kind === undefined ? 'is not a single SELECT statement' : `is ${article(kind)} ${kind} statement`} (DuckDB reads ${count} statements in it)`;
  }
  const which = ` (${texts.map((t) => statementKind(t) ?? 'SELECT').join(', then ')})`;
  return count === 2 ? `holds a second statement${which}` : `holds ${count} statements${which}`;
}

/** What an expression that closes its parenthesis and adds statements adds, named by kind. */
async function statementsBeside(connection: DuckDBConnection, wrapped: string): Promise<string> {
  const count = await statementCount(connection, wrapped);
  const texts = count > 1 ? await splitStatements(connection, wrapped, count) : undefined;
  const added = (texts ?? []).slice(1).map((t) => statementKind(t) ?? 'SELECT');
  const named = added.filter((k) => k !== 'SELECT');
  const shown = (named.length > 0 ? named : added).map((k) => `${article(k)} ${k} statement`);
  return shown.length === 0 ? 'is not one expression' : `closes its expression and adds ${shown.join(' and ')}`;
}

/** The most ';' positions tried when splitting statements for a message. */
const MOST_SPLIT_TRIES = 200;

/**
 * The text of each statement, for naming them in a message: each cut is at a ';' where DuckDB's
 * parser reads one statement before it and the rest after it (so a ';' inside a string or a
 * comment is never a cut). Undefined when no such cuts are found.
 */
async function splitStatements(connection: DuckDBConnection, sql: string, count: number): Promise<string[] | undefined> {
  const texts: string[] = [];
  let start = 0;
  let tries = 0;
  while (texts.length < count - 1) {
    let cut = -1;
    for (let at = sql.indexOf(';', start); at >= 0 && tries < MOST_SPLIT_TRIES; at = sql.indexOf(';', at + 1), tries++) {
      if ((await statementCount(connection, sql.slice(start, at + 1))) !== 1) continue;
      if ((await statementCount(connection, sql.slice(at + 1))) !== count - texts.length - 1) continue;
      cut = at;
      break;
    }
    if (cut < 0) return undefined;
    texts.push(sql.slice(start, cut + 1));
    start = cut + 1;
  }
  texts.push(sql.slice(start));
  return texts;
}

/**
 * The keyword a refused statement starts with (COPY, ATTACH, INSTALL, PRAGMA…), to name it in the
 * message; the parser has already decided that it is refused. Undefined when it starts like a
 * SELECT (e.g. WITH … INSERT), which the message then calls "not a SELECT statement".
 */
function statementKind(sql: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < sql.length && (/\s/.test(sql[i]!) || sql[i] === '(' || sql[i] === ';')) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else break;
  }
  const word = /^[A-Za-z_]+/.exec(sql.slice(i))?.[0]?.toUpperCase();
  if (word === undefined || ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE'].includes(word)) return undefined;
  return word;
}

/** The first clause that makes a parsed `SELECT (expression)` more than one expression. */
function extraClause(node: JsonObject | undefined): string | undefined {
  if (node === undefined) return 'no expression';
  if (node['type'] !== 'SELECT_NODE') return `${article(String(node['setop_type'] ?? 'set'))} ${String(node['setop_type'] ?? 'set')} of queries`;
  const ctes = objectAt(node, 'cte_map')?.['map'];
  if (Array.isArray(ctes) && ctes.length > 0) return 'a WITH clause';
  const list = node['select_list'];
  if (!Array.isArray(list) || list.length !== 1) return 'a second expression (a comma outside parentheses)';
  if (objectAt(node, 'from_table')?.['type'] !== 'EMPTY') return 'a FROM clause';
  if (node['where_clause'] !== null) return 'a WHERE clause';
  const groups = node['group_expressions'];
  if (Array.isArray(groups) && groups.length > 0) return 'a GROUP BY clause';
  if (node['having'] !== null) return 'a HAVING clause';
  if (node['qualify'] !== null) return 'a QUALIFY clause';
  if (node['sample'] !== null) return 'a USING SAMPLE clause';
  const modifiers = node['modifiers'];
  if (Array.isArray(modifiers) && modifiers.length > 0) {
    const type = isObject(modifiers[0]!) ? modifiers[0]['type'] : undefined;
    return type === 'ORDER_MODIFIER' ? 'an ORDER BY clause' : type === 'LIMIT_MODIFIER' || type === 'LIMIT_PERCENT_MODIFIER' ? 'a LIMIT clause' : 'a DISTINCT clause';
  }
  return undefined;
}

/** Refuses any table function in the tree (anywhere: FROM, joins, subqueries, CTEs) that is not allowed. */
function checkTableFunctions(statement: JsonObject, origin: SqlOrigin, allowed: string, hint: string): void {
  const stack: Json[] = [statement];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    if (!isObject(value)) continue;
    if (value['type'] === 'TABLE_FUNCTION') {
      const name = String(objectAt(value, 'function')?.['function_name'] ?? '').toLowerCase();
      if (!ALLOWED_TABLE_FUNCTIONS.includes(name)) throw refused(origin, `calls ${name}(…), ${whatItDoes(name)}`, allowed, hint);
    }
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
  }
}

function whatItDoes(name: string): string {
  if (/^(read_|parquet_|sniff_|glob$|.*_scan$|iceberg|delta)/.test(name)) return 'which reads files';
  if (name === 'query' || name === 'query_table' || name === 'json_execute_serialized_sql') return 'which runs other SQL';
  return `a table function SQL may not call here (allowed: ${ALLOWED_TABLE_FUNCTIONS.join(', ')})`;
}

function refused(origin: SqlOrigin, finding: string, allowed: string, hint: string): FramewiseError {
  return new FramewiseError('SQL_REFUSED', `${capitalized(origin.what)} ${finding}; only ${allowed} is allowed, so nothing was run.`, { hint, ...located(origin) });
}

function invalid(origin: SqlOrigin, finding: string, hint: string): FramewiseError {
  return new FramewiseError('SQL_INVALID', `${capitalized(origin.what)} ${finding}.`, { hint, ...located(origin) });
}

function located(origin: SqlOrigin): { location?: { field: string } } {
  return origin.field === undefined ? {} : { location: { field: origin.field } };
}

/** " near '…'" around a parser error's position, when DuckDB gives one. */
function near(sql: string, position: number | undefined): string {
  if (position === undefined || position < 0 || position > sql.length) return '';
  const shown = sql.slice(position, position + 30).split('\n')[0]!;
  return shown === '' ? ' (at the end)' : ` (at character ${position + 1}: '${shown}')`;
}

function objectAt(value: JsonObject, key: string): JsonObject | undefined {
  const child = value[key];
  return child !== undefined && isObject(child) ? child : undefined;
}

function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function article(word: string): string {
  // UNION and USE start with a "you" sound.
  return /^[AEIOU]/i.test(word) && !/^(UNI|USE)/i.test(word) ? 'an' : 'a';
}

