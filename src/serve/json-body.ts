// The server's JSON body parser: keeps the request's text (the prediction log stores rows as sent
// without encoding them again) and turns an empty or malformed body into REQUEST_INVALID.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FramewiseError } from '../core/errors.js';
import { hasLoneSurrogateEscape } from './request-values.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's text as received (set by the parser below). */
    framewiseBodyText: string | null;
  }
}

/** The body's text as received (JSON requests only). */
export function bodyText(request: FastifyRequest): string | undefined {
  return request.framewiseBodyText ?? undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function useJsonBodies(app: FastifyInstance): void {
  // Declared on every request up front, so setting it keeps the requests' shape (no WeakMap entry per request).
  app.decorateRequest('framewiseBodyText', null);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      // Bytes that are not UTF-8 would be read as U+FFFD and logged as a value nobody sent: refused instead.
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new FramewiseError('REQUEST_INVALID', 'The request body is not valid UTF-8.', { hint: 'Send JSON text encoded as UTF-8.' }), undefined);
      return;
    }
    let value: unknown;
    try {
      // JSON.parse makes "__proto__" an own key, never a prototype: validation lists it as unknown.
      value = JSON.parse(text);
    } catch (error) {
      // A blank body fails to parse too: it is only looked for then, not on every request.
      if (text.trim() === '') done(new FramewiseError('REQUEST_INVALID', 'The request body is empty.', { hint: 'Send a JSON object.' }), undefined);
      else done(new FramewiseError('REQUEST_INVALID', `The request body is not valid JSON: ${(error as Error).message}`, { hint: 'Check the body with a JSON validator.' }), undefined);
      return;
    }
    // A lone surrogate escape the parsed value may not hold (a key given twice) must not reach the log as written: such a body is logged from its parsed, validated value.
    request.framewiseBodyText = hasLoneSurrogateEscape(text) ? null : text;
    done(null, value);
  });
}
