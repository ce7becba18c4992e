// Growable typed buffers that receive a column chunk by chunk while data streams out of DuckDB,
// then hand over a right-sized array without a second full copy when the estimate was close.

export class Float64Builder {
  private buffer: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Float64Array(Math.max(16, capacity));
  }

  /** Room for `extra` more values, growing by half again when the estimate was short. */
  reserve(extra: number): Float64Array {
    const needed = this.length + extra;
    if (needed > this.buffer.length) {
      const grown = new Float64Array(Math.max(needed, Math.ceil(this.buffer.length * 1.5)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    return this.buffer;
  }

  finish(): Float64Array {
    return trim(this.buffer, this.length);
  }
}

export class Int8Builder {
  private buffer: Int8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Int8Array(Math.max(16, capacity));
  }

  reserve(extra: number): Int8Array {
    const needed = this.length + extra;
    if (needed > this.buffer.length) {
      const grown = new Int8Array(Math.max(needed, Math.ceil(this.buffer.length * 1.5)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    return this.buffer;
  }

  finish(): Int8Array {
    return trim(this.buffer, this.length);
  }
}

/** Strings dictionary-encoded as they arrive: codes in first-seen order, -1 for null. */
export class DictionaryBuilder {
  private codes: Int32Array;
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];
  length = 0;

  constructor(capacity: number) {
    this.codes = new Int32Array(Math.max(16, capacity));
  }

  push(value: string | null): void {
    if (this.length === this.codes.length) {
      const grown = new Int32Array(Math.ceil(this.codes.length * 1.5));
      grown.set(this.codes);
      this.codes = grown;
    }
    if (value === null) {
      this.codes[this.length++] = -1;
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(value, code);
      this.dictionary.push(value);
    }
    this.codes[this.length++] = code;
  }

  finish(): Int32Array {
    return trim(this.codes, this.length);
  }
}

/** A view when the buffer is mostly used; a compact copy when most of it would be wasted. */
function trim<T extends Float64Array | Int32Array | Int8Array>(buffer: T, length: number): T {
  if (length === buffer.length) return buffer;
  if (length >= buffer.length * 0.8) return buffer.subarray(0, length) as T;
  return buffer.slice(0, length) as T;
}
