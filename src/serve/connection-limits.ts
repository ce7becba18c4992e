// How long a connection may take to send its request's headers and body, how long it may sit idle
// between requests, and how many connections the server holds at once: the defaults, and the
// Fastify/Node options that enforce them.

import type { FastifyServerOptions } from 'fastify';

export interface ConnectionLimits {
  /** Time from the connection (or the end of the previous request) to the end of the request's headers. */
  readonly headerTimeoutMs: number;
  /** Time from the start of a request to the last byte of its body (the handler's own time does not count). */
  readonly requestTimeoutMs: number;
  /** Time a keep-alive connection may wait for its next request. */
  readonly idleTimeoutMs: number;
  /** Connections held at once; more are closed as they arrive. */
  readonly maxConnections: number;
}

/**
 * Defaults. Headers are small and come first: 10 s is plenty on any link. A 4 MiB body in 30 s
 * needs about 140 KB/s. Idle keep-alive connections get Node's own 5 s (behind a load balancer
 * that keeps connections open longer, set the idle timeout above the balancer's). 1024
 * connections leave room for a flood of slow clients while normal ones still connect.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headerTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  maxConnections: 1024,
};

/** The limits with any given ones in place of the defaults; a header timeout longer than the request's is cut to it (Node refuses it otherwise). */
export function connectionLimitsOf(given: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...given };
  return { ...limits, headerTimeoutMs: Math.min(limits.headerTimeoutMs, limits.requestTimeoutMs) };
}

/**
 * Fastify's options for the limits. Node checks header and request times on a timer, not per
 * byte: checking a few times per shortest timeout keeps the overshoot small without a timer per
 * connection. Fastify leaves the request timeout off unless told; here it is always on.
 */
export function fastifyTimeoutOptions(limits: ConnectionLimits): Pick<FastifyServerOptions, 'requestTimeout' | 'keepAliveTimeout'> & { http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } } {
  const shortest = Math.min(limits.headerTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    // Node checks the header timeout against the request timeout it is given here, not Fastify's.
    http: { headersTimeout: limits.headerTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shortest / 5))) },
  };
}
