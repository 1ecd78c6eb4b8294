/** Shortest decimal that reads back as the same float32 (internal, for compact glTF JSON). */

/** Returns the shortest `number` whose `Math.fround` equals `Math.fround(v)` (NaN/±∞ become 0: JSON has none). */
export function shortestFloat32(v: number): number {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return 0;
  if (f === 0) return f; // keeps -0
  for (let p = 1; p <= 9; p++) {
    const c = Number(f.toPrecision(p));
    if (Math.fround(c) === f) return c;
  }
  return f;
}

/**
 * `JSON.stringify` for glTF documents that keeps negative zero (`-0.0`, as Python writes it), so
 * float32 arrays in the JSON (trajectory, rest poses) survive a text round trip bit for bit.
 * Non-finite numbers become `null`, like `JSON.stringify`.
 */
export function stringifyGltfJson(value: unknown): string {
  try {
    return write(value);
  } catch (e) {
    if (e instanceof RangeError) return JSON.stringify(value); // absurd nesting: plain stringify
    throw e;
  }
}

function write(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0.0' : Number.isFinite(v) ? String(v) : 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (ArrayBuffer.isView(v)) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : write(x))).join(',')}]`;
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return JSON.stringify(v);
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) if (x !== undefined && typeof x !== 'function') parts.push(`${JSON.stringify(k)}:${write(x)}`);
  return `{${parts.join(',')}}`;
}
