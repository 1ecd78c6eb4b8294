/**
 * Small allocation-free math on plain arrays for the rig core (no Babylon).
 * Quaternions are `[x, y, z, w]`; affine transforms are 12 numbers: a column-major 3×3 linear
 * part (`m[0..8]`, column c at `3c`) followed by the translation (`m[9..11]`).
 * @packageDocumentation
 */

/** Any indexable float storage. */
export type Arr = { [i: number]: number; length: number };

/** Writes `a * b` (apply b first, then a) into `out[o..o+3]`. Safe when out aliases a or b. */
export function qMul(out: Arr, o: number, a: Arr, ai: number, b: Arr, bi: number): void {
  const ax = a[ai]!, ay = a[ai + 1]!, az = a[ai + 2]!, aw = a[ai + 3]!;
  const bx = b[bi]!, by = b[bi + 1]!, bz = b[bi + 2]!, bw = b[bi + 3]!;
  out[o] = aw * bx + ax * bw + ay * bz - az * by;
  out[o + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[o + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[o + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** Writes `conj(a) * b` (= `a⁻¹ b` for unit a). */
export function qConjMul(out: Arr, o: number, a: Arr, ai: number, b: Arr, bi: number): void {
  const ax = -a[ai]!, ay = -a[ai + 1]!, az = -a[ai + 2]!, aw = a[ai + 3]!;
  const bx = b[bi]!, by = b[bi + 1]!, bz = b[bi + 2]!, bw = b[bi + 3]!;
  out[o] = aw * bx + ax * bw + ay * bz - az * by;
  out[o + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[o + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[o + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** Writes `a * conj(b)` (= `a b⁻¹` for unit b). */
export function qMulConj(out: Arr, o: number, a: Arr, ai: number, b: Arr, bi: number): void {
  const ax = a[ai]!, ay = a[ai + 1]!, az = a[ai + 2]!, aw = a[ai + 3]!;
  const bx = -b[bi]!, by = -b[bi + 1]!, bz = -b[bi + 2]!, bw = b[bi + 3]!;
  out[o] = aw * bx + ax * bw + ay * bz - az * by;
  out[o + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[o + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[o + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** Normalises `q[o..o+3]` in place (identity when degenerate). */
export function qNormalize(q: Arr, o: number): void {
  const x = q[o]!, y = q[o + 1]!, z = q[o + 2]!, w = q[o + 3]!;
  const l = Math.sqrt(x * x + y * y + z * z + w * w);
  if (l < 1e-12 || !Number.isFinite(l)) {
    q[o] = 0; q[o + 1] = 0; q[o + 2] = 0; q[o + 3] = 1;
    return;
  }
  q[o] = x / l; q[o + 1] = y / l; q[o + 2] = z / l; q[o + 3] = w / l;
}

/** Rotates vector `v[vi..]` by unit quaternion `q[qi..]` into `out[o..]`. */
export function qRotate(out: Arr, o: number, q: Arr, qi: number, v: Arr, vi: number): void {
  const qx = q[qi]!, qy = q[qi + 1]!, qz = q[qi + 2]!, qw = q[qi + 3]!;
  const vx = v[vi]!, vy = v[vi + 1]!, vz = v[vi + 2]!;
  const tx = 2 * (qy * vz - qz * vy), ty = 2 * (qz * vx - qx * vz), tz = 2 * (qx * vy - qy * vx);
  out[o] = vx + qw * tx + (qy * tz - qz * ty);
  out[o + 1] = vy + qw * ty + (qz * tx - qx * tz);
  out[o + 2] = vz + qw * tz + (qx * ty - qy * tx);
}

/** Shortest-arc rotation taking unit vector `u` to unit vector `v`, written to `out[o..]`. */
export function qFromTo(out: Arr, o: number, u: Arr, ui: number, v: Arr, vi: number): void {
  const ux = u[ui]!, uy = u[ui + 1]!, uz = u[ui + 2]!, vx = v[vi]!, vy = v[vi + 1]!, vz = v[vi + 2]!;
  const d = ux * vx + uy * vy + uz * vz;
  if (d < -0.999999) {
    // 180°: any axis perpendicular to u.
    let ax = 0, ay = -uz, az = uy;
    if (ay * ay + az * az < 1e-8) { ax = uz; ay = 0; az = -ux; }
    const l = Math.hypot(ax, ay, az);
    out[o] = ax / l; out[o + 1] = ay / l; out[o + 2] = az / l; out[o + 3] = 0;
    return;
  }
  out[o] = uy * vz - uz * vy;
  out[o + 1] = uz * vx - ux * vz;
  out[o + 2] = ux * vy - uy * vx;
  out[o + 3] = 1 + d;
  qNormalize(out, o);
}

/** Spherical interpolation between `a` and `b` (shortest path) into `out[o..]`. */
export function qSlerp(out: Arr, o: number, a: Arr, ai: number, b: Arr, bi: number, t: number): void {
  const ax = a[ai]!, ay = a[ai + 1]!, az = a[ai + 2]!, aw = a[ai + 3]!;
  let bx = b[bi]!, by = b[bi + 1]!, bz = b[bi + 2]!, bw = b[bi + 3]!;
  let cos = ax * bx + ay * by + az * bz + aw * bw;
  if (cos < 0) { cos = -cos; bx = -bx; by = -by; bz = -bz; bw = -bw; }
  let s0: number, s1: number;
  if (cos > 0.9995) {
    s0 = 1 - t; s1 = t;
  } else {
    const th = Math.acos(cos), sn = Math.sin(th);
    s0 = Math.sin((1 - t) * th) / sn; s1 = Math.sin(t * th) / sn;
  }
  out[o] = s0 * ax + s1 * bx; out[o + 1] = s0 * ay + s1 * by; out[o + 2] = s0 * az + s1 * bz; out[o + 3] = s0 * aw + s1 * bw;
  if (cos > 0.9995) qNormalize(out, o);
}

/** Mirrors a rotation through the z = 0 plane (the Babylon LH ↔ MMCP RH conversion): `(−x, −y, z, w)`. */
export function qMirrorZ(q: Arr, o: number): void {
  q[o] = -q[o]!; q[o + 1] = -q[o + 1]!;
}

/** Affine from translation / rotation / scale (each at offset `i*3`/`i*4`) into `out[o..o+11]`. */
export function affineFromTRS(out: Arr, o: number, t: Arr, ti: number, r: Arr, ri: number, s: Arr, si: number): void {
  const x = r[ri]!, y = r[ri + 1]!, z = r[ri + 2]!, w = r[ri + 3]!;
  const sx = s[si]!, sy = s[si + 1]!, sz = s[si + 2]!;
  const xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
  out[o] = (1 - 2 * (yy + zz)) * sx; out[o + 1] = 2 * (xy + wz) * sx; out[o + 2] = 2 * (xz - wy) * sx;
  out[o + 3] = 2 * (xy - wz) * sy; out[o + 4] = (1 - 2 * (xx + zz)) * sy; out[o + 5] = 2 * (yz + wx) * sy;
  out[o + 6] = 2 * (xz + wy) * sz; out[o + 7] = 2 * (yz - wx) * sz; out[o + 8] = (1 - 2 * (xx + yy)) * sz;
  out[o + 9] = t[ti]!; out[o + 10] = t[ti + 1]!; out[o + 11] = t[ti + 2]!;
}

/** `out = a * b` for affines (apply b first). `out` must not alias a or b. */
export function affineMul(out: Arr, o: number, a: Arr, ai: number, b: Arr, bi: number): void {
  for (let c = 0; c < 3; c++) {
    const b0 = b[bi + 3 * c]!, b1 = b[bi + 3 * c + 1]!, b2 = b[bi + 3 * c + 2]!;
    for (let r = 0; r < 3; r++) out[o + 3 * c + r] = a[ai + r]! * b0 + a[ai + 3 + r]! * b1 + a[ai + 6 + r]! * b2;
  }
  const tx = b[bi + 9]!, ty = b[bi + 10]!, tz = b[bi + 11]!;
  for (let r = 0; r < 3; r++) out[o + 9 + r] = a[ai + r]! * tx + a[ai + 3 + r]! * ty + a[ai + 6 + r]! * tz + a[ai + 9 + r]!;
}

/** Writes the inverse of affine `a` into `out` (must not alias). Returns false when singular. */
export function affineInvert(out: Arr, o: number, a: Arr, ai: number): boolean {
  const m00 = a[ai]!, m10 = a[ai + 1]!, m20 = a[ai + 2]!, m01 = a[ai + 3]!, m11 = a[ai + 4]!, m21 = a[ai + 5]!;
  const m02 = a[ai + 6]!, m12 = a[ai + 7]!, m22 = a[ai + 8]!;
  const c00 = m11 * m22 - m12 * m21, c01 = m02 * m21 - m01 * m22, c02 = m01 * m12 - m02 * m11;
  const det = m00 * c00 + m10 * c01 + m20 * c02;
  if (Math.abs(det) < 1e-20) return false;
  const id = 1 / det;
  const i00 = c00 * id, i01 = c01 * id, i02 = c02 * id;
  const i10 = (m12 * m20 - m10 * m22) * id, i11 = (m00 * m22 - m02 * m20) * id, i12 = (m02 * m10 - m00 * m12) * id;
  const i20 = (m10 * m21 - m11 * m20) * id, i21 = (m01 * m20 - m00 * m21) * id, i22 = (m00 * m11 - m01 * m10) * id;
  out[o] = i00; out[o + 1] = i10; out[o + 2] = i20; out[o + 3] = i01; out[o + 4] = i11; out[o + 5] = i21;
  out[o + 6] = i02; out[o + 7] = i12; out[o + 8] = i22;
  const tx = a[ai + 9]!, ty = a[ai + 10]!, tz = a[ai + 11]!;
  out[o + 9] = -(i00 * tx + i01 * ty + i02 * tz);
  out[o + 10] = -(i10 * tx + i11 * ty + i12 * tz);
  out[o + 11] = -(i20 * tx + i21 * ty + i22 * tz);
  return true;
}

/** Applies affine `m` to point `p` into `out[o..]`. */
export function affinePoint(out: Arr, o: number, m: Arr, mi: number, p: Arr, pi: number): void {
  const x = p[pi]!, y = p[pi + 1]!, z = p[pi + 2]!;
  const rx = m[mi]! * x + m[mi + 3]! * y + m[mi + 6]! * z + m[mi + 9]!;
  const ry = m[mi + 1]! * x + m[mi + 4]! * y + m[mi + 7]! * z + m[mi + 10]!;
  const rz = m[mi + 2]! * x + m[mi + 5]! * y + m[mi + 8]! * z + m[mi + 11]!;
  out[o] = rx; out[o + 1] = ry; out[o + 2] = rz;
}

/** Identity affine. */
export function affineIdentity(out: Arr, o: number): void {
  for (let i = 0; i < 12; i++) out[o + i] = i === 0 || i === 4 || i === 8 ? 1 : 0;
}

/** Angle in degrees between two vectors (0 when either is degenerate). */
export function angleDeg(a: Arr, ai: number, b: Arr, bi: number): number {
  const ax = a[ai]!, ay = a[ai + 1]!, az = a[ai + 2]!, bx = b[bi]!, by = b[bi + 1]!, bz = b[bi + 2]!;
  const la = Math.hypot(ax, ay, az), lb = Math.hypot(bx, by, bz);
  if (la < 1e-12 || lb < 1e-12) return 0;
  const c = Math.min(1, Math.max(-1, (ax * bx + ay * by + az * bz) / (la * lb)));
  return (Math.acos(c) * 180) / Math.PI;
}
