// The server's JSON body parser: keeps the request's text (the prediction log stores rows as sent
// without encoding them again) and turns an empty or malformed body into REQUEST_INVALID.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FramewiseError } from '../core/errors.js';

const texts = new WeakMap<FastifyRequest, string>();

/** The body's text as received (JSON requests only). */
export function bodyText(request: FastifyRequest): string | undefined {
  return texts.get(request);
}

export function useJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(new FramewiseError('REQUEST_INVALID', 'The request body is empty.', { hint: 'Send a JSON object.' }), undefined);
      return;
    }
    let value: unknown;
    try {
      // JSON.parse makes "__proto__" an own key, never a prototype: validation lists it as unknown.
      value = JSON.parse(text);
    } catch (error) {
      done(new FramewiseError('REQUEST_INVALID', `The request body is not valid JSON: ${(error as Error).message}`, { hint: 'Check the body with a JSON validator.' }), undefined);
      return;
    }
    texts.set(request, text);
    done(null, value);
  });
}
