// Bearer-token checks for the server's write routes (and, when asked, every route that reads models,
// predictions or metrics): SHA-256 digests compared in constant time, so neither the token's length
// nor its bytes leak. Tokens shorter than SHORT_TOKEN get a warning at start-up.

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

  /** Whether the Authorization header carries the token (never, when none is configured). */
  accepts(header: string | undefined): boolean {
    if (this.expected === undefined) return false;
    const match = /^Bearer\s+(.+?)\s*$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), this.expected);
  }

  /** Throws UNAUTHORIZED unless the Authorization header carries the token. */
  require(header: string | undefined): void {
    if (this.expected === undefined) {
      throw new FramewiseError('UNAUTHORIZED', 'This route needs a token and the server has none configured.', {
        hint: 'Start the server with FRAMEWISE_TOKEN set or --token-file.',
      });
    }
    if (!this.accepts(header)) {
      throw new FramewiseError('UNAUTHORIZED', 'Missing or wrong bearer token.', { hint: 'Send Authorization: Bearer <token>.' });
    }
  }
}

/** Tokens shorter than this are easy to guess: the server warns at start-up. */
export const SHORT_TOKEN = 16;

/** What stands in for who made a change (an operating-system user, a name) in answers to requests without the token. */
export const WITHHELD = 'withheld';
