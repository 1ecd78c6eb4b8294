/** Small checked accessors for untrusted JSON (internal). */
import { MotionFormatError, type MotionFormatCode } from './errors.js';

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-negative safe integer. */
export function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Throws a {@link MotionFormatError} naming `path`. */
export function fail(code: MotionFormatCode, path: string, what: string): never {
  throw new MotionFormatError(code, `${path} ${what}`, path);
}

/** `obj[key]` as an array (required). */
export function reqArray(obj: JsonObject, key: string, path: string, code: MotionFormatCode): unknown[] {
  const v = obj[key];
  if (!Array.isArray(v)) fail(code, `${path}${path ? '.' : ''}${key}`, 'must be an array');
  return v;
}

/** `obj[key]` as an object (required). */
export function reqObject(v: unknown, path: string, code: MotionFormatCode): JsonObject {
  if (!isObject(v)) fail(code, path, 'must be an object');
  return v;
}

/** `obj[key]` as an index below `limit` (required). */
export function reqIndex(obj: JsonObject, key: string, path: string, limit: number, code: MotionFormatCode): number {
  const v = obj[key];
  const p = `${path}.${key}`;
  if (!isIndex(v)) fail(code, p, `must be a non-negative integer (got ${describe(v)})`);
  if (v >= limit) fail('out_of_bounds', p, `= ${v} is out of range (${limit} available)`);
  return v;
}

/** `obj[key]` as a non-negative integer, `dflt` when absent. */
export function optCount(obj: JsonObject, key: string, path: string, dflt: number, code: MotionFormatCode): number {
  const v = obj[key];
  if (v === undefined) return dflt;
  if (!isIndex(v)) fail(code, `${path}.${key}`, `must be a non-negative integer (got ${describe(v)})`);
  return v;
}

/** Short description of a JSON value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** Reads a fixed-length array of finite numbers, or `undefined` when absent. */
export function optNumbers(obj: JsonObject, key: string, n: number, path: string, code: MotionFormatCode): number[] | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  const p = `${path}.${key}`;
  if (!Array.isArray(v) || v.length !== n) fail(code, p, `must be an array of ${n} numbers`);
  for (let i = 0; i < n; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(code, `${p}[${i}]`, `must be a finite number (got ${describe(x)})`);
  }
  return v as number[];
}
