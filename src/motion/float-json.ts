/** Shortest decimal that reads back as the same float32 (internal, for compact glTF JSON). */

/** Returns the shortest `number` whose `Math.fround` equals `Math.fround(v)` (NaN/±∞ become 0: JSON has none). */
export function shortestFloat32(v: number): number {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return 0;
  if (f === 0) return 0;
  for (let p = 1; p <= 9; p++) {
    const c = Number(f.toPrecision(p));
    if (Math.fround(c) === f) return c;
  }
  return f;
}
