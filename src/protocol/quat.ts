/** Quaternion interpolation on `[x,y,z,w]` stored in flat arrays (shared by the wire helpers and the clip operations). */

/** Writes `slerp(a, b, t)` along the shortest arc into `out[o..o+3]` (normalized lerp when nearly parallel). */
export function slerpInto(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number, t: number, out: { [i: number]: number }, o: number): void {
  const ax = a[ai] as number, ay = a[ai + 1] as number, az = a[ai + 2] as number, aw = a[ai + 3] as number;
  let bx = b[bi] as number, by = b[bi + 1] as number, bz = b[bi + 2] as number, bw = b[bi + 3] as number;
  let cos = ax * bx + ay * by + az * bz + aw * bw;
  if (cos < 0) {
    cos = -cos;
    bx = -bx; by = -by; bz = -bz; bw = -bw;
  }
  let k0: number, k1: number;
  if (cos > 0.9995) {
    k0 = 1 - t;
    k1 = t;
  } else {
    const theta = Math.acos(Math.min(1, cos));
    const s = Math.sin(theta);
    k0 = Math.sin((1 - t) * theta) / s;
    k1 = Math.sin(t * theta) / s;
  }
  let x = k0 * ax + k1 * bx, y = k0 * ay + k1 * by, z = k0 * az + k1 * bz, w = k0 * aw + k1 * bw;
  const n = Math.hypot(x, y, z, w) || 1;
  x /= n; y /= n; z /= n; w /= n;
  out[o] = x; out[o + 1] = y; out[o + 2] = z; out[o + 3] = w;
}
