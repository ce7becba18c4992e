// A small WebAssembly binary writer: function bodies assembled from opcodes, and a module that
// imports one memory and exports its functions. Enough for the histogram and partition kernels.

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Opcodes used by the kernels (one byte each; SIMD ones follow the 0xfd prefix). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load8u: 0x2d,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f64Add: 0xa0,
  f64Sub: 0xa1,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0x00,
  v128Store: 0x0b,
  i8x16Shuffle: 0x0d,
  i64x2Splat: 0x12,
  f64x2Splat: 0x14,
  f64x2Ge: 0x4c,
  v128Bitselect: 0x52,
  f64x2Nearest: 0x94,
  i64x2ExtendLowI32x4S: 0xc7,
  i64x2Shl: 0xcb,
  i64x2Add: 0xce,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Pmin: 0xf6,
  i32x4TruncSatF64x2SZero: 0xfc,
} as const;

/** The empty block type. */
const VOID = 0x40;

function unsignedLeb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function signedLeb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** A function body under construction: each method appends one instruction. */
export class Code {
  readonly bytes: number[] = [];

  op(code: number): this {
    this.bytes.push(code);
    return this;
  }

  simd(code: number): this {
    this.bytes.push(0xfd);
    unsignedLeb(code, this.bytes);
    return this;
  }

  /** A load or store: opcode, log2 of the alignment, constant byte offset. */
  mem(code: number, alignLog2: number, offset: number): this {
    this.bytes.push(code, alignLog2);
    unsignedLeb(offset, this.bytes);
    return this;
  }

  simdMem(code: number, offset: number): this {
    this.simd(code);
    // v128 accesses here are only 8-byte aligned (bins are 24 bytes apart).
    this.bytes.push(3);
    unsignedLeb(offset, this.bytes);
    return this;
  }

  get(local: number): this {
    this.bytes.push(OP.localGet);
    unsignedLeb(local, this.bytes);
    return this;
  }

  set(local: number): this {
    this.bytes.push(OP.localSet);
    unsignedLeb(local, this.bytes);
    return this;
  }

  tee(local: number): this {
    this.bytes.push(OP.localTee);
    unsignedLeb(local, this.bytes);
    return this;
  }

  i32(value: number): this {
    this.bytes.push(OP.i32Const);
    signedLeb(value, this.bytes);
    return this;
  }

  /** A small 64-bit integer constant. */
  i64(value: number): this {
    this.bytes.push(0x42);
    signedLeb(value, this.bytes);
    return this;
  }

  /** i8x16.shuffle: the 16 byte lanes picked from the two operands (0-15 first, 16-31 second). */
  shuffle(lanes: readonly number[]): this {
    this.simd(SIMD.i8x16Shuffle);
    for (const l of lanes) this.bytes.push(l);
    return this;
  }

  f64(value: number): this {
    this.bytes.push(OP.f64Const);
    const b = new Uint8Array(new Float64Array([value]).buffer);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  block(): this {
    this.bytes.push(OP.block, VOID);
    return this;
  }

  loop(): this {
    this.bytes.push(OP.loop, VOID);
    return this;
  }

  if(): this {
    this.bytes.push(OP.if, VOID);
    return this;
  }

  br(depth: number): this {
    this.bytes.push(OP.br);
    unsignedLeb(depth, this.bytes);
    return this;
  }

  brIf(depth: number): this {
    this.bytes.push(OP.brIf);
    unsignedLeb(depth, this.bytes);
    return this;
  }

  end(): this {
    this.bytes.push(OP.end);
    return this;
  }
}

export interface FunctionSpec {
  readonly name: string;
  readonly params: readonly ValueType[];
  /** Locals after the parameters, in order. */
  readonly locals: readonly ValueType[];
  readonly result?: ValueType;
  readonly body: Code;
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  unsignedLeb(content.length, out);
  for (const b of content) out.push(b);
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  unsignedLeb(bytes.length, out);
  for (const b of bytes) out.push(b);
}

/**
 * A module importing `env.memory` (pages of 64 KiB; shared memories need a maximum) and
 * exporting the given functions by name.
 */
export function assembleModule(functions: readonly FunctionSpec[], memory: { readonly pages: number; readonly shared: boolean }): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  unsignedLeb(functions.length, types);
  for (const f of functions) {
    types.push(0x60);
    unsignedLeb(f.params.length, types);
    types.push(...f.params);
    if (f.result === undefined) types.push(0);
    else types.push(1, f.result);
  }
  section(1, types, out);
  const imports: number[] = [1];
  name('env', imports);
  name('memory', imports);
  imports.push(0x02, memory.shared ? 0x03 : 0x00);
  unsignedLeb(memory.pages, imports);
  if (memory.shared) unsignedLeb(memory.pages, imports);
  section(2, imports, out);
  const declared: number[] = [];
  unsignedLeb(functions.length, declared);
  functions.forEach((_, i) => unsignedLeb(i, declared));
  section(3, declared, out);
  const exports: number[] = [];
  unsignedLeb(functions.length, exports);
  functions.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    unsignedLeb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  unsignedLeb(functions.length, code);
  for (const f of functions) {
    const body: number[] = [];
    // Locals as runs of one type.
    const runs: [number, number][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    unsignedLeb(runs.length, body);
    for (const [count, t] of runs) {
      unsignedLeb(count, body);
      body.push(t);
    }
    for (const b of f.body.bytes) body.push(b);
    body.push(OP.end);
    unsignedLeb(body.length, code);
    for (const b of body) code.push(b);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}

/** An opaque compiled module. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The few parts of the global WebAssembly object used here (the ES library types omit it). */
export interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  readonly Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { readonly exports: object };
}

/** The runtime's WebAssembly, or undefined where there is none (e.g. node --jitless). */
export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' ? api : undefined;
}
