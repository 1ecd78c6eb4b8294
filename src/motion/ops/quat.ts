/** Minimal quaternion helpers on `[x,y,z,w]` stored in flat arrays (internal to clip operations). */

/** Writes `slerp(a, b, t)` along the shortest arc into `out[o..o+3]` (normalized lerp when nearly parallel). */
export function slerpInto(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number, t: number, out: Float32Array, o: number): void {
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

/** Quaternion `[x,y,z,w]` for a rotation of `angle` radians about +Y. */
export function yawQuat(angle: number): [number, number, number, number] {
  return [0, Math.sin(angle / 2), 0, Math.cos(angle / 2)];
}

/** `a * b` (apply b first, then a). */
export function mul(a: readonly number[], b: readonly number[]): [number, number, number, number] {
  const [ax, ay, az, aw] = a as [number, number, number, number];
  const [bx, by, bz, bw] = b as [number, number, number, number];
  return [aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz];
}

/** Rotates vector `v` by unit quaternion `q`. */
export function rotate(q: readonly number[], v: readonly number[]): [number, number, number] {
  const [x, y, z, w] = q as [number, number, number, number];
  const [vx, vy, vz] = v as [number, number, number];
  const tx = 2 * (y * vz - z * vy), ty = 2 * (z * vx - x * vz), tz = 2 * (x * vy - y * vx);
  return [vx + w * tx + (y * tz - z * ty), vy + w * ty + (z * tx - x * tz), vz + w * tz + (x * ty - y * tx)];
}

/** Angle in radians between two unit quaternions (0..π), sign-insensitive. */
export function angleBetween(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number): number {
  const d = Math.abs((a[ai] as number) * (b[bi] as number) + (a[ai + 1] as number) * (b[bi + 1] as number) + (a[ai + 2] as number) * (b[bi + 2] as number) + (a[ai + 3] as number) * (b[bi + 3] as number));
  return 2 * Math.acos(Math.min(1, d));
}

/** Heading (radians about +Y) of the +Z axis rotated by `q`. */
export function headingOf(q: readonly number[]): number {
  const [x, , z] = rotate(q, [0, 0, 1]);
  return Math.atan2(x, z);
}

/** Wraps an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  const r = a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
  return r <= -Math.PI ? r + 2 * Math.PI : r;
}
