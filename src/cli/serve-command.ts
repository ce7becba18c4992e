// `framewise serve`: the prediction server over a registry folder, on loopback unless told
// otherwise; SIGTERM or SIGINT drains requests in flight and flushes the prediction log.

import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { FramewiseError } from '../core/errors.js';
import { durationMs } from '../monitor/time-windows.js';
import { DEFAULT_REGISTRY_DIR, SqliteModelStore } from '../registry/sqlite-store.js';
import { startAlertSchedule } from '../serve/alert-schedule.js';
import { SHORT_TOKEN } from '../serve/auth.js';
import { DEFAULT_CONNECTION_LIMITS } from '../serve/connection-limits.js';
import { describeSkipped } from '../serve/model-cache.js';
import { buildServer, DEFAULT_MAX_ROWS, type RunningServer } from '../serve/server.js';
import { action } from './run-command.js';
import { framewiseVersion } from './version.js';

interface ServeFlags {
  readonly registry: string;
  readonly port: number;
  readonly host: string;
  readonly tokenFile?: string;
  readonly protectPredict?: boolean;
  readonly maxRows: number;
  readonly bodyLimit: number;
  readonly alertInterval?: number;
  readonly headerTimeout: number;
  readonly requestTimeout: number;
  readonly idleTimeout: number;
  readonly maxConnections: number;
  readonly logFsync?: boolean;
}

function positiveInt(name: string, min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
    return n;
  };
}

function seconds(name: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError(`${name} must be a number of seconds above 0 (at most 86400).`);
    return n;
  };
}

function interval(text: string): number {
  const ms = durationMs(text);
  if (ms === null) throw new InvalidArgumentError('--alert-interval must be a duration such as 30s, 15m, 1h or 1d.');
  return ms;
}

function readToken(flags: ServeFlags): string | undefined {
  if (flags.tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.tokenFile, 'utf8').trim();
    } catch (error) {
      throw new FramewiseError('FILE_UNREADABLE', `Cannot read the token file '${flags.tokenFile}'.`, { hint: 'Pass a readable file holding the token on one line.', cause: error });
    }
    if (text === '') throw new FramewiseError('INVALID_ARGUMENT', `The token file '${flags.tokenFile}' is empty.`, { hint: 'Write the token into it on one line.' });
    return text;
  }
  const env = process.env.FRAMEWISE_TOKEN;
  return env === undefined || env === '' ? undefined : env;
}

/** A failed listen as the operator's error: a busy port by name (PORT_IN_USE), else what the system said. */
function listenError(error: unknown, flags: ServeFlags): unknown {
  if (error instanceof FramewiseError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new FramewiseError('PORT_IN_USE', `Port ${flags.port} on ${flags.host} is already in use.`, { hint: 'Stop what is using it, or pick another port with --port.', location: { field: '--port' } });
  }
  return new FramewiseError('INVALID_ARGUMENT', `Cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}.`, { hint: 'Check --host and --port.', location: { field: '--port' } });
}

/**
 * Champions exist but none can be loaded: nothing could be answered, so start-up fails with the
 * first one's reason (one message, exit 2). With some loaded, the rest are skipped with a warning.
 */
function refuseWhenNothingLoads(server: RunningServer): void {
  const skipped = server.context.cache.skipped();
  if (skipped.length === 0 || server.context.cache.served().size > 0) return;
  const first = skipped[0]!;
  const others = skipped.length > 1 ? ` (and ${skipped.length - 1} other champion${skipped.length === 2 ? '' : 's'}: ${skipped.slice(1).map((s) => `'${s.name}'@${s.version}`).join(', ')})` : '';
  throw new FramewiseError(first.error.code, `No model can be served: ${first.error.message}${others}`, {
    hint: `${first.error.hint === undefined ? '' : `${first.error.hint} `}Or promote a version that loads: framewise models promote ${first.name} VERSION.`,
    ...(first.error.location === undefined ? {} : { location: first.error.location }),
  });
}

/**
 * A start-up failure ends the process within seconds even if something opened before it (a worker
 * thread, a timer) was not let go: the error is reported first, then the exit is forced. The timer
 * is unref'd, so a process that ends by itself never waits for it.
 */
function leaveSoon(error: unknown): unknown {
  setTimeout(() => process.exit(process.exitCode ?? 2), 5000).unref();
  return error;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description("serve every registered model's champion over HTTP: predictions, explanations, policies, metrics")
    .option('--registry <dir>', 'the registry folder', DEFAULT_REGISTRY_DIR)
    .option('--port <n>', 'port to listen on (0 picks a free one)', positiveInt('--port', 0), 8080)
    .option('--host <host>', 'address to bind (loopback unless told otherwise)', '127.0.0.1')
    .option('--token-file <file>', 'file holding the bearer token for write routes (default: env FRAMEWISE_TOKEN)')
    .option('--protect-predict', 'require the token on every route but /healthz and /readyz (predictions, models, OpenAPI, metrics)')
    .option('--max-rows <n>', 'most rows per request', positiveInt('--max-rows', 1), DEFAULT_MAX_ROWS)
    .option('--body-limit <bytes>', 'largest request body in bytes', positiveInt('--body-limit', 1024), 4 * 1024 * 1024)
    .option('--header-timeout <seconds>', "time a request's line and headers may take to arrive", seconds('--header-timeout'), DEFAULT_CONNECTION_LIMITS.headerTimeoutMs / 1000)
    .option('--request-timeout <seconds>', 'time a whole request, body included, may take to arrive', seconds('--request-timeout'), DEFAULT_CONNECTION_LIMITS.requestTimeoutMs / 1000)
    .option('--idle-timeout <seconds>', 'time a keep-alive connection may wait for its next request', seconds('--idle-timeout'), DEFAULT_CONNECTION_LIMITS.idleTimeoutMs / 1000)
    .option('--max-connections <n>', 'most connections held at once; more are closed as they arrive', positiveInt('--max-connections', 1), DEFAULT_CONNECTION_LIMITS.maxConnections)
    .option('--log-fsync', 'fsync the prediction log before each answer (survives a power cut, not only a killed process; slower)')
    .option('--alert-interval <duration>', "judge the champions' alert rules this often (e.g. 30s, 1h), whatever the cards' monitoring.schedule says", interval)
    .action(
      action(async (flags: ServeFlags) => {
        const token = readToken(flags);
        if (flags.protectPredict === true && token === undefined) {
          throw new FramewiseError('INVALID_ARGUMENT', '--protect-predict needs a token.', { hint: 'Set FRAMEWISE_TOKEN or pass --token-file.' });
        }
        if (flags.headerTimeout > flags.requestTimeout) {
          throw new FramewiseError('INVALID_ARGUMENT', `--header-timeout (${flags.headerTimeout} s) is longer than --request-timeout (${flags.requestTimeout} s).`, { hint: 'The headers are part of the request: give them at most its time.', location: { field: '--header-timeout' } });
        }
        if (token !== undefined && token.length < SHORT_TOKEN) {
          process.stderr.write(`warning: the token is ${token.length} character${token.length === 1 ? '' : 's'} long, short enough to guess; use ${SHORT_TOKEN} or more (e.g. openssl rand -hex 32).\n`);
        }
        // Checked whole at start-up: a damaged registry is one message and exit 2, not a failure later.
        const store = SqliteModelStore.open(flags.registry, { check: true });
        let server: RunningServer;
        try {
          server = buildServer({
            store,
            dataDir: store.dir,
            ...(token === undefined ? {} : { token }),
            protectPredict: flags.protectPredict === true,
            maxRows: flags.maxRows,
            bodyLimit: flags.bodyLimit,
            version: framewiseVersion(),
            limits: { headerTimeoutMs: flags.headerTimeout * 1000, requestTimeoutMs: flags.requestTimeout * 1000, idleTimeoutMs: flags.idleTimeout * 1000, maxConnections: flags.maxConnections },
            log: { fsync: flags.logFsync === true },
          });
        } catch (error) {
          store.close();
          throw leaveSoon(error);
        }
        let address: string;
        try {
          refuseWhenNothingLoads(server);
          address = await server.app.listen({ port: flags.port, host: flags.host });
        } catch (error) {
          const failure = leaveSoon(listenError(error, flags));
          // The log writer and the store are open: close them, or the process would wait on them
          // (a close that does not finish in time is left to the forced exit).
          await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
          store.close();
          throw failure;
        }
        for (const skipped of server.context.cache.skipped()) process.stderr.write(`warning: ${describeSkipped(skipped)}\n`);
        const served = [...server.context.cache.served().values()].map((m) => `${m.name}@${m.version}`);
        // The cards' alert rules, judged off the request path; stopped before the server closes.
        const alerts = startAlertSchedule({ registry: store.dir, served: () => server.context.cache.served().values(), ...(flags.alertInterval === undefined ? {} : { intervalMs: flags.alertInterval }) });
        process.stdout.write(`framewise serving on ${address} (${served.length === 0 ? 'no champion yet' : served.join(', ')})${token === undefined ? '; write routes disabled: no token' : ''}\n`);
        await new Promise<void>((resolve, reject) => {
          const stop = (): void => {
            process.off('SIGTERM', stop);
            process.off('SIGINT', stop);
            void alerts.stop().then(() => server.close()).then(() => {
              store.close();
              const n = server.context.log.written;
              process.stdout.write(`framewise stopped; ${n} prediction${n === 1 ? '' : 's'} logged\n`);
              // Exit 3 says the log had rows it could not write; each was refused with 503, none answered.
              const lost = server.context.log.unwritten;
              if (lost > 0) {
                process.stderr.write(`error: ${lost} predicted row${lost === 1 ? '' : 's'} could not be written to the prediction log; their requests were refused with 503 LOG_UNAVAILABLE, none was answered 200.\n`);
                process.exitCode = 3;
              }
              resolve();
            }, reject);
          };
          process.on('SIGTERM', stop);
          process.on('SIGINT', stop);
        });
      }),
    );
}
