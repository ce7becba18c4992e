// Bearer-token checks for the server's write routes (and, when asked, its prediction routes):
// SHA-256 digests compared in constant time, so neither the token's length nor its bytes leak.

import { createHash, timingSafeEqual } from 'node:crypto';
import { FramewiseError } from '../core/errors.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class TokenCheck {
  private readonly expected: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expected = token === undefined || token === '' ? undefined : digest(token);
  }

  get configured(): boolean {
    return this.expected !== undefined;
  }

  /** Throws UNAUTHORIZED unless the Authorization header carries the token. */
  require(header: string | undefined): void {
    if (this.expected === undefined) {
      throw new FramewiseError('UNAUTHORIZED', 'This route needs a token and the server has none configured.', {
        hint: 'Start the server with FRAMEWISE_TOKEN set or --token-file.',
      });
    }
    const match = /^Bearer\s+(.+?)\s*$/i.exec(header ?? '');
    if (match === null || !timingSafeEqual(digest(match[1]!), this.expected)) {
      throw new FramewiseError('UNAUTHORIZED', 'Missing or wrong bearer token.', { hint: 'Send Authorization: Bearer <token>.' });
    }
  }
}
