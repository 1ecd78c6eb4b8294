/**
 * Canonical JSON for cache keys: one text per value, whatever key order, number spelling or
 * Unicode normalisation the caller used. No I/O.
 */
import { MmcpError } from '../protocol/errors.js';

/**
 * Serialise `value` canonically:
 * - object keys sorted by UTF-16 code units (after NFC normalisation), `undefined` members dropped;
 * - numbers in the shortest round-trip form (ECMAScript `Number#toString`), `-0` written as `0`;
 * - strings NFC-normalised;
 * - non-finite numbers, bigints, functions, symbols and cycles rejected with an
 *   {@link MmcpError} of code `invalid_cache_key` (phase `cache`).
 *
 * Typed arrays are written as plain number arrays, so a request holding a `Float32Array` and one
 * holding the same numbers as an array get the same text.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, [], '$');
  return out.join('');
}

function fail(path: string, what: string): never {
  throw new MmcpError('invalid_cache_key', `Cannot build a cache key: ${what} at ${path}. Send plain JSON data (finite numbers, strings, booleans, null, arrays, objects).`, {
    phase: 'cache',
    details: { path },
  });
}

/** The canonical text of one number (`-0` → `0`, shortest round-trip digits). */
export function canonicalNumber(n: number, path = '$'): string {
  if (!Number.isFinite(n)) fail(path, `the non-finite number ${String(n)}`);
  return Object.is(n, -0) ? '0' : String(n);
}

function write(value: unknown, out: string[], stack: object[], path: string): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value.normalize('NFC')));
      return;
    case 'number':
      out.push(canonicalNumber(value, path));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'undefined':
      out.push('null');
      return;
    case 'object':
      break;
    default:
      fail(path, `a value of type ${typeof value}`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (stack.includes(value)) fail(path, 'a circular reference');
  stack.push(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number | bigint>;
    out.push('[');
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) out.push(',');
      const v = arr[i];
      if (typeof v !== 'number') fail(`${path}[${i}]`, 'a bigint');
      out.push(canonicalNumber(v, `${path}[${i}]`));
    }
    out.push(']');
  } else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(value[i], out, stack, `${path}[${i}]`);
    }
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) fail(path, `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}`);
    const members = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const nk = k.normalize('NFC');
      if (members.has(nk)) fail(`${path}.${k}`, 'two keys that are equal after Unicode NFC normalisation');
      members.set(nk, v);
    }
    const keys = [...members.keys()].sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      write(members.get(k), out, stack, `${path}.${k}`);
    });
    out.push('}');
  }
  stack.pop();
}
