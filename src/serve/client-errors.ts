// The answers to requests Fastify never routes, in the server's error shape: what Node's HTTP
// parser refuses before Fastify sees a request (headers too large, a malformed request line, a
// request whose headers or body did not arrive in time), written raw on the socket, and the URLs
// Fastify's router cannot decode.

import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, FramewiseError } from '../core/errors.js';
import type { ConnectionLimits } from './connection-limits.js';
import { type ErrorBody, errorReply } from './http-errors.js';

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** What a connection-level error means for the client; undefined when there is no one to answer (the client went away). */
export function clientErrorOf(error: { readonly code?: string }, headersDone: boolean, limits: ConnectionLimits): FramewiseError | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return headersDone
        ? new FramewiseError('REQUEST_TIMEOUT', `The request's body did not arrive within ${seconds(limits.requestTimeoutMs)} of its start.`, {
            hint: 'Send the whole body at once, or start the server with a longer --request-timeout.',
          })
        : new FramewiseError('REQUEST_TIMEOUT', `The request's headers did not arrive within ${seconds(limits.headerTimeoutMs)}.`, {
            hint: 'Send the request line and headers at once, or start the server with a longer --header-timeout.',
          });
    case 'HPE_HEADER_OVERFLOW':
      // Node's limit (16 KiB unless node runs with --max-http-header-size).
      return new FramewiseError('HEADERS_TOO_LARGE', `The request line and headers are larger than the server accepts (${maxHeaderSize / 1024} KiB).`, {
        hint: 'Send fewer or shorter headers; the rows go in the JSON body.',
      });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new FramewiseError('REQUEST_TOO_LARGE', "The body's chunk extensions are larger than the server accepts.", { hint: 'Send the body without chunk extensions.' });
    case 'HPE_INVALID_URL':
      return new FramewiseError('URL_INVALID', 'The request line carries a URL that is not valid.', { hint: 'Percent-encode spaces and special characters in the path.' });
    default:
      return new FramewiseError('REQUEST_INVALID', `The request is not valid HTTP/1.1 (${error.code ?? 'unreadable'}).`, { hint: 'Send a request line, headers and a body as HTTP/1.1 defines them.' });
  }
}

/** A whole HTTP/1.1 response with a JSON error body, closing the connection. */
export function rawErrorResponse(status: number, body: ErrorBody): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`;
}

/**
 * Fastify's `clientErrorHandler`: answers in the error shape where nothing was sent on the socket
 * yet (as Node's own handler does), then closes it. `count` sees each answered code.
 */
export function clientErrorHandler(limits: ConnectionLimits, count: (code: ErrorCode) => void): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (socket.destroyed) return;
    // Node has made the response object once the headers were parsed: then a timeout is the body's.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    const problem = clientErrorOf(error, inFlight !== undefined && inFlight !== null, limits);
    if (problem !== undefined && socket.writable && inFlight?.headersSent !== true) {
      const { status, body } = errorReply(problem);
      count(problem.code);
      socket.write(rawErrorResponse(status, body));
    }
    socket.destroy(error);
  };
}

/** The error for a URL Fastify's router could not take (a malformed percent-encoding, a path segment over 100 characters). */
export function badUrlError(error: { readonly code?: string }, url: string): FramewiseError {
  const path = url.split('?')[0] ?? url;
  const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new FramewiseError('URL_INVALID', `A segment of the path '${shown}' is longer than 100 characters.`, { hint: 'Model names and versions are short: check the path.' });
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return new FramewiseError('URL_INVALID', `The path '${shown}' is not valid percent-encoded UTF-8.`, { hint: 'Encode each character of a name as UTF-8 bytes written %XX (e.g. with encodeURIComponent).' });
  }
  return new FramewiseError('INTERNAL', 'The server hit an unexpected problem.');
}
