/**
 * JSON members checked now and parsed on first use (internal): the per-frame arrays of
 * `MMCP_motion` samples (foot contacts, trajectory) are most of a response's JSON, and most
 * clients never read them. Their bytes are validated at parse time — by a byte scan without
 * building values for the compact array shapes servers write, element by element otherwise — so
 * a broken document still fails then; `JSON.parse` of the same bytes happens on first access.
 */
import type { JsonBytes } from './json-bytes.js';
import { KeyTable } from './json-names.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A validated JSON value kept as its bytes. */
export class DeferredJson {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** `JSON.parse` of the bytes (`undefined` if they changed since and no longer parse). */
  parse(): unknown {
    try {
      return JSON.parse(utf8.decode(this.bytes.subarray(this.start, this.end)));
    } catch {
      return undefined;
    }
  }
}

/**
 * A deferred `trajectory` object whose `position` is an array of `[number, number]` and whose
 * `yaw` an array of numbers, all finite (checked), with their element counts; -1 when absent.
 */
export class DeferredTrajectory extends DeferredJson {
  constructor(
    bytes: Uint8Array,
    start: number,
    end: number,
    /** Element count of `position`. */
    readonly positions: number,
    /** Element count of `yaw`. */
    readonly yaws: number,
  ) {
    super(bytes, start, end);
  }
}

/**
 * Consumes a compact JSON number (`-?(0|[1-9]\d{0,199})(\.\d+)?([eE][+-]?\d{1,2})?`: always a
 * finite double) at `i` and returns the index after it, or -1.
 */
function finiteNumber(b: Uint8Array, i: number): number {
  let c = b[i] as number;
  if (c === 0x2d) c = b[++i] as number;
  if (c === 0x30) {
    c = b[++i] as number;
  } else if (c >= 0x31 && c <= 0x39) {
    const start = i;
    do c = b[++i] as number;
    while (c >= 0x30 && c <= 0x39);
    if (i - start > 200) return -1;
  } else {
    return -1;
  }
  if (c === 0x2e) {
    c = b[++i] as number;
    if (c < 0x30 || c > 0x39) return -1;
    do c = b[++i] as number;
    while (c >= 0x30 && c <= 0x39);
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++i] as number;
    if (c === 0x2b || c === 0x2d) c = b[++i] as number;
    if (c < 0x30 || c > 0x39) return -1;
    c = b[++i] as number;
    if (c >= 0x30 && c <= 0x39) c = b[++i] as number;
    if (c >= 0x30 && c <= 0x39) return -1;
  }
  return i;
}

/** `true` and `fals` as little-endian 32-bit words. */
const TRUE = 0x65757274;
const FALS = 0x736c6166;

/** Element shapes of the compact arrays checked without parsing. */
const enum Shape {
  Flags,
  Numbers,
  Pairs,
}

/**
 * Consumes the compact array (no whitespace) of `shape` at the cursor and returns its element
 * count, else -1 with nothing consumed. Every byte is checked against the JSON grammar (the
 * text ends with `}`, which stops every scan in bounds).
 */
function compactArray(r: JsonBytes, shape: Shape): number {
  if (r.peek() !== 0x5b) return -1;
  const b = r.b;
  let i = r.i + 1;
  if (b[i] === 0x5d) {
    r.i = i + 1;
    return 0;
  }
  const dv = r.view(), end = r.end;
  for (let n = 1; ; n++) {
    if (shape === Shape.Flags) {
      if (i + 5 > end) return -1;
      const w = dv.getInt32(i, true);
      if (w === TRUE) i += 4;
      else if (w === FALS && b[i + 4] === 0x65) i += 5;
      else return -1;
    } else if (shape === Shape.Numbers) {
      if ((i = finiteNumber(b, i)) < 0) return -1;
    } else {
      if (b[i] !== 0x5b || (i = finiteNumber(b, i + 1)) < 0 || b[i] !== 0x2c) return -1;
      if ((i = finiteNumber(b, i + 1)) < 0 || b[i] !== 0x5d) return -1;
      i++;
    }
    const c = b[i++];
    if (c === 0x5d) {
      r.i = i;
      return n;
    }
    if (c !== 0x2c) return -1;
  }
}

const ACCESSOR_KEY = new KeyTable(['$accessor']);
const TRAJECTORY_KEYS = new KeyTable(['position', 'yaw']);

/** Validates (skips) one member value, fast for a compact array of booleans or numbers. */
function skipValue(r: JsonBytes): void {
  if (compactArray(r, Shape.Flags) < 0 && compactArray(r, Shape.Numbers) < 0) r.skip();
}

/**
 * Reads `foot_contacts` at the cursor: a {@link DeferredJson} for the `{joint: bool[]}` form
 * (form 1), the exact value for anything else (form 2 with `$accessor`, `null`, …).
 */
export function readFootContacts(r: JsonBytes): unknown {
  const start = r.peek() === 0x7b ? r.i : -1;
  if (start < 0) return r.value();
  if (r.openObject()) {
    do {
      if (r.keyId(ACCESSOR_KEY) === 0) {
        r.i = start;
        return r.value();
      }
      skipValue(r);
    } while (r.nextMember());
  }
  return new DeferredJson(r.b, start, r.i);
}

/**
 * Reads `trajectory` at the cursor: a {@link DeferredTrajectory} when it is an object whose
 * `position`/`yaw` are compact finite arrays, the exact value otherwise.
 */
export function readTrajectoryDeferred(r: JsonBytes): unknown {
  const start = r.peek() === 0x7b ? r.i : -1;
  if (start < 0) return r.value();
  let positions = -1, yaws = -1;
  if (r.openObject()) {
    do {
      const key = r.keyId(TRAJECTORY_KEYS);
      if (key === 0) {
        positions = compactArray(r, Shape.Pairs);
        if (positions < 0) return exact(r, start);
      } else if (key === 1) {
        yaws = compactArray(r, Shape.Numbers);
        if (yaws < 0) return exact(r, start);
      } else {
        skipValue(r);
      }
    } while (r.nextMember());
  }
  return new DeferredTrajectory(r.b, start, r.i, positions, yaws);
}

function exact(r: JsonBytes, start: number): unknown {
  r.i = start;
  return r.value();
}
