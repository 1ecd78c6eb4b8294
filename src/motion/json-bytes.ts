/**
 * A validating JSON cursor over the UTF-8 bytes of one JSON object text, for schema-directed
 * readers that skip what they do not need (internal). Anything it cannot read exactly as
 * `JSON.parse` would — invalid JSON, invalid UTF-8, absurd nesting — throws
 * {@link FAST_JSON_BAIL}; the caller then falls back to `TextDecoder` + `JSON.parse`. Values it
 * returns are those `JSON.parse` would give, bit for bit.
 *
 * The text must end (before trailing whitespace) with `}`: that byte stops every scan for a
 * delimiter, so only string scans need a bounds check.
 */
import type { KeyTable, Literal } from './json-names.js';

/** Thrown (never escapes the codec) when the fast reader cannot continue: use the exact path. */
export const FAST_JSON_BAIL: unique symbol = Symbol('fast-json-bail');

/** Throws {@link FAST_JSON_BAIL}. */
export function bail(): never {
  throw FAST_JSON_BAIL;
}

const MAX_DEPTH = 128;
/** 10^0 … 10^22: exact doubles, so `m / 10^k` rounds once (Clinger's fast path). */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Cursor over one JSON object text. */
export class JsonBytes {
  /** Current byte offset. */
  i: number;
  /** End of the text without trailing whitespace (the byte before it is the final `}`). */
  readonly end: number;
  /** Raw span (between the quotes) of the last plain key read. */
  private keyStart = 0;
  private keyEnd = 0;
  /** The last key when it had escapes or non-ASCII bytes. */
  private keyDecoded: string | undefined;
  private depth = 0;
  private dv: DataView | undefined;

  /** Reads `b[start, end)`; throws {@link FAST_JSON_BAIL} unless it ends with `}` (+ whitespace). */
  constructor(
    readonly b: Uint8Array,
    start: number,
    end: number,
  ) {
    while (end > start && isWs(b[end - 1] as number)) end--;
    if (end <= start || b[end - 1] !== 0x7d) bail();
    this.i = start;
    this.end = end;
  }

  /** The next byte after whitespace (not consumed), or -1 at the end. */
  peek(): number {
    const b = this.b;
    let i = this.i;
    while (i < this.end) {
      const c = b[i] as number;
      if (!isWs(c)) {
        this.i = i;
        return c;
      }
      i++;
    }
    this.i = i;
    return -1;
  }

  /** Consumes `{`; true when a member follows (its key is then read), false after `{}`. */
  openObject(): boolean {
    if (this.peek() !== 0x7b) bail();
    this.i++;
    if (this.peek() === 0x7d) {
      this.i++;
      return false;
    }
    this.key();
    return true;
  }

  /** After a member value: consumes `,` and the next key (true) or the closing `}` (false). */
  nextMember(): boolean {
    const c = this.peek();
    this.i++;
    if (c === 0x2c) {
      this.key();
      return true;
    }
    if (c !== 0x7d) bail();
    return false;
  }

  /** Consumes `[`; true when an element follows, false after `[]`. */
  openArray(): boolean {
    if (this.peek() !== 0x5b) bail();
    this.i++;
    if (this.peek() === 0x5d) {
      this.i++;
      return false;
    }
    return true;
  }

  /** After an element: consumes `,` (true) or the closing `]` (false). */
  nextElement(): boolean {
    const c = this.peek();
    this.i++;
    if (c === 0x2c) return true;
    if (c !== 0x5d) bail();
    return false;
  }

  /** Reads a member name and the `:` after it. */
  private key(): void {
    if (this.peek() !== 0x22) bail();
    const start = this.i + 1;
    const plainEnd = this.scanString(start);
    if (plainEnd >= 0) {
      this.keyStart = start;
      this.keyEnd = plainEnd;
      this.keyDecoded = undefined;
    } else {
      this.keyDecoded = this.decodeString(start - 1, this.i);
    }
    if (this.peek() !== 0x3a) bail();
    this.i++;
  }

  /** The id of the current key in `table`, or -1. */
  keyId(table: KeyTable): number {
    if (this.keyDecoded !== undefined) return table.names.indexOf(this.keyDecoded);
    return table.match(this.b, this.keyStart, this.keyEnd);
  }

  /** The current key as a string. */
  keyString(): string {
    return this.keyDecoded ?? latin1(this.b, this.keyStart, this.keyEnd);
  }

  /**
   * Scans the string whose content starts at `start` and leaves the cursor after its closing
   * quote. Returns the end of the content when it is plain ASCII without escapes, else -1.
   */
  private scanString(start: number): number {
    const b = this.b, end = this.end;
    let plain = true;
    for (let i = start; i < end; i++) {
      const c = b[i] as number;
      if (c === 0x22) {
        this.i = i + 1;
        return plain ? i : -1;
      }
      if (c < 0x20) bail();
      if (c === 0x5c) {
        plain = false;
        i++; // the escaped byte cannot end the string; escapes are checked when decoding
      } else if (c >= 0x80) {
        plain = false;
      }
    }
    return bail();
  }

  /** Decodes the quoted string `b[from, to)` exactly (UTF-8 and escapes checked). */
  private decodeString(from: number, to: number): string {
    try {
      return JSON.parse(utf8.decode(this.b.subarray(from, to))) as string;
    } catch {
      return bail();
    }
  }

  /** Reads a string value. */
  string(): string {
    if (this.peek() !== 0x22) bail();
    const start = this.i + 1;
    const plainEnd = this.scanString(start);
    return plainEnd >= 0 ? latin1(this.b, start, plainEnd) : this.decodeString(start - 1, this.i);
  }

  /**
   * Reads a string value and returns its id in `table` without building it, or -1 when it is
   * not one of the names (the cursor is after the string either way).
   */
  stringId(table: KeyTable): number {
    if (this.peek() !== 0x22) bail();
    const start = this.i + 1;
    const plainEnd = this.scanString(start);
    if (plainEnd < 0) {
      this.decodeString(start - 1, this.i);
      return -1;
    }
    return table.match(this.b, start, plainEnd);
  }

  /** True when the next value is a number. */
  atNumber(): boolean {
    const c = this.peek();
    return c === 0x2d || (c >= 0x30 && c <= 0x39);
  }

  /** Reads a number at the cursor (no whitespace before it) exactly as `JSON.parse` does. */
  number(): number {
    const b = this.b;
    const start = this.i;
    let i = start;
    let c = b[i] as number;
    const neg = c === 0x2d;
    if (neg) c = b[++i] as number;
    let m = 0, digits = 0, exp = 0;
    if (c === 0x30) {
      c = b[++i] as number;
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        m = m * 10 + (c - 0x30);
        digits++;
        c = b[++i] as number;
      } while (c >= 0x30 && c <= 0x39);
    } else {
      bail();
    }
    if (c === 0x2e) {
      c = b[++i] as number;
      if (c < 0x30 || c > 0x39) bail();
      do {
        m = m * 10 + (c - 0x30);
        if (m !== 0) digits++;
        exp--;
        c = b[++i] as number;
      } while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      c = b[++i] as number;
      const expNeg = c === 0x2d;
      if (expNeg || c === 0x2b) c = b[++i] as number;
      if (c < 0x30 || c > 0x39) bail();
      let e = 0;
      do {
        if (e < 1e6) e = e * 10 + (c - 0x30);
        c = b[++i] as number;
      } while (c >= 0x30 && c <= 0x39);
      exp += expNeg ? -e : e;
    }
    this.i = i;
    // Both operands exact and one IEEE operation: correctly rounded, as JSON.parse.
    if (digits <= 15 && exp >= -22 && exp <= 22) {
      const v = exp === 0 ? m : exp < 0 ? m / (POW10[-exp] as number) : m * (POW10[exp] as number);
      return neg ? -v : v;
    }
    return Number(latin1(b, start, i)); // the correctly rounded conversion JSON.parse uses
  }

  /** A DataView over the text's bytes (for 4-byte compares). */
  view(): DataView {
    return (this.dv ??= new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength));
  }

  /** Consumes `l` when the text at the cursor spells it exactly (no whitespace), else false. */
  lit(l: Literal): boolean {
    const i = this.i, bytes = l.bytes, words = l.words, n = bytes.length;
    if (i + n > this.end) return false;
    const dv = this.view();
    let k = 0;
    for (; k < words.length; k++) if (dv.getInt32(i + 4 * k, true) !== words[k]) return false;
    for (k *= 4; k < n; k++) if (this.b[i + k] !== bytes[k]) return false;
    this.i = i + n;
    return true;
  }

  /**
   * Consumes an unsigned integer in plain form (`0` or `[1-9][0-9]*`, up to 15 digits) and
   * returns it, else -1 (nothing consumed). What follows is the caller's to check: `1.5` reads 1.
   */
  uint(): number {
    const b = this.b;
    let i = this.i;
    let c = b[i] as number;
    if (c === 0x30) {
      this.i = i + 1;
      return 0;
    }
    if (c < 0x31 || c > 0x39) return -1;
    let v = 0;
    const start = i;
    do {
      v = v * 10 + (c - 0x30);
      c = b[++i] as number;
    } while (c >= 0x30 && c <= 0x39);
    if (i - start > 15) return -1;
    this.i = i;
    return v;
  }

  /** Consumes the literal `bytes` (`true`, `false`, `null`) at the cursor. */
  private literal(bytes: Uint8Array): void {
    const b = this.b, i = this.i;
    for (let k = 0; k < bytes.length; k++) if (b[i + k] !== bytes[k]) bail();
    this.i = i + bytes.length;
  }

  /** Skips any value, checking that it is valid JSON. */
  skip(): void {
    const c = this.peek();
    if (c === 0x22) {
      const from = this.i;
      if (this.scanString(from + 1) < 0) this.decodeString(from, this.i);
    } else if (c === 0x7b || c === 0x5b) {
      if (++this.depth > MAX_DEPTH) bail();
      if (c === 0x7b) {
        if (this.openObject()) do this.skip();
          while (this.nextMember());
      } else if (this.openArray()) {
        do this.skip();
        while (this.nextElement());
      }
      this.depth--;
    } else if (c === 0x74) {
      this.literal(TRUE);
    } else if (c === 0x66) {
      this.literal(FALSE);
    } else if (c === 0x6e) {
      this.literal(NULL);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.number();
    } else {
      bail();
    }
  }

  /** Reads any value as `JSON.parse` would (for small or unexpected members). */
  value(): unknown {
    const start = this.peek() < 0 ? bail() : this.i;
    this.skip();
    return JSON.parse(utf8.decode(this.b.subarray(start, this.i)));
  }
}

/** `true`, `false`, `null` as bytes. */
const TRUE = Uint8Array.of(0x74, 0x72, 0x75, 0x65);
const FALSE = Uint8Array.of(0x66, 0x61, 0x6c, 0x73, 0x65);
const NULL = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);

/** Builds a string from ASCII bytes `b[start, end)`. */
function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start > 32) return utf8.decode(b.subarray(start, end));
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i] as number);
  return s;
}
