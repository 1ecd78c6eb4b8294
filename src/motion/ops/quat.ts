/** Minimal quaternion helpers on `[x,y,z,w]` stored in flat arrays (internal to clip operations). */
export { slerpInto } from '../../protocol/quat.js';

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
