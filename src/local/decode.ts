/**
 * Feature decoding (MODEL-CONTRACT.md): integrate heading rate and heading-frame root velocity
 * into a world root path, and turn 6D rotations (first two columns of the local rotation matrix,
 * Gram–Schmidt) into `[x,y,z,w]` quaternions. The root joint's rotation is relative to the
 * heading frame: world root = R_y(heading) · root_local.
 */
import type { ModelManifest } from './manifest.js';

/** The root's ground path and height per frame, in the response frame. */
export interface RootTrack {
  /** Ground position, `[x0, z0, x1, z1, …]`. */
  xz: Float64Array;
  /** Heading (radians, counter-clockwise seen from +Y; 0 faces +Z) per frame. */
  heading: Float64Array;
  /** Root (Hips) world height per frame. */
  height: Float64Array;
}

/** Integrates one sample's features `[T, F]` into a root track starting at the origin facing +Z. */
export function integrateRoot(m: ModelManifest, features: Float32Array, T: number): RootTrack {
  const F = m.features.dim;
  const L = m.features.layout;
  const [hy] = L.root_height;
  const [vx0] = L.root_velocity_xz;
  const [hr] = L.heading_rate;
  const dt = 1 / m.fps;
  const xz = new Float64Array(2 * T);
  const heading = new Float64Array(T);
  const height = new Float64Array(T);
  let x = 0;
  let z = 0;
  let h = 0;
  for (let t = 0; t < T; t++) {
    const o = t * F;
    xz[2 * t] = x;
    xz[2 * t + 1] = z;
    heading[t] = h;
    height[t] = features[o + hy]!;
    const lx = features[o + vx0]!;
    const lz = features[o + vx0 + 1]!;
    const c = Math.cos(h);
    const s = Math.sin(h);
    // R_y(h) · (lx, 0, lz): local +Z forward, local +X = the character's left.
    x += (c * lx + s * lz) * dt;
    z += (-s * lx + c * lz) * dt;
    h += features[o + hr]! * dt;
  }
  return { xz, heading, height };
}

/** 6D (two matrix columns) → unit quaternion `[x,y,z,w]`, written at `out[o..o+3]`. */
export function sixDToQuat(a: ArrayLike<number>, i: number, out: Float32Array, o: number): void {
  let ax = a[i]!, ay = a[i + 1]!, az = a[i + 2]!;
  let bx = a[i + 3]!, by = a[i + 4]!, bz = a[i + 5]!;
  let n = Math.hypot(ax, ay, az) || 1;
  ax /= n; ay /= n; az /= n;
  const d = ax * bx + ay * by + az * bz;
  bx -= d * ax; by -= d * ay; bz -= d * az;
  n = Math.hypot(bx, by, bz);
  if (n < 1e-8) {
    // Degenerate: pick any vector orthogonal to a.
    if (Math.abs(ax) < 0.9) { bx = 0; by = -az; bz = ay; } else { bx = az; by = 0; bz = -ax; }
    n = Math.hypot(bx, by, bz);
  }
  bx /= n; by /= n; bz /= n;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  // Columns a, b, c → matrix m[row][col]: m00=ax m01=bx m02=cx; m10=ay m11=by m12=cy; m20=az m21=bz m22=cz
  matToQuat(ax, bx, cx, ay, by, cy, az, bz, cz, out, o);
}

function matToQuat(
  m00: number, m01: number, m02: number,
  m10: number, m11: number, m12: number,
  m20: number, m21: number, m22: number,
  out: Float32Array, o: number,
): void {
  const tr = m00 + m11 + m22;
  let x: number, y: number, z: number, w: number;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    w = 0.25 * s; x = (m21 - m12) / s; y = (m02 - m20) / s; z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    w = (m21 - m12) / s; x = 0.25 * s; y = (m01 + m10) / s; z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    w = (m02 - m20) / s; x = (m01 + m10) / s; y = 0.25 * s; z = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    w = (m10 - m01) / s; x = (m02 + m20) / s; y = (m12 + m21) / s; z = 0.25 * s;
  }
  if (w < 0) { x = -x; y = -y; z = -z; w = -w; }
  out[o] = x; out[o + 1] = y; out[o + 2] = z; out[o + 3] = w;
}

/** Decoded arrays of one sample, ready for a `MotionClip`. */
export interface DecodedSample {
  rotations: Float32Array;
  rootPositions: Float32Array;
  contacts: Record<string, Uint8Array>;
}

/**
 * Builds the clip arrays from features and a (possibly warped) root track: joint rotations
 * (root turned by the track's heading), absolute root positions and contact flags.
 */
export function decodeSample(m: ModelManifest, features: Float32Array, T: number, root: RootTrack): DecodedSample {
  const F = m.features.dim;
  const J = m.canonical_skeleton.joints.length;
  const [r0] = m.features.layout.rotations_6d;
  const [c0] = m.features.layout.contacts;
  const rotations = new Float32Array(T * J * 4);
  const rootPositions = new Float32Array(T * 3);
  const contacts: Record<string, Uint8Array> = {};
  const contactJoints = m.features.contact_joints;
  for (const name of contactJoints) contacts[name] = new Uint8Array(T);
  const q = new Float32Array(4);
  for (let t = 0; t < T; t++) {
    const o = t * F;
    for (let j = 0; j < J; j++) sixDToQuat(features, o + r0 + 6 * j, rotations, (t * J + j) * 4);
    // Root: world = R_y(heading) · local. q_y = (0, sin(h/2), 0, cos(h/2)).
    const ro = t * J * 4;
    q[0] = rotations[ro]!; q[1] = rotations[ro + 1]!; q[2] = rotations[ro + 2]!; q[3] = rotations[ro + 3]!;
    const h = root.heading[t]!;
    const sy = Math.sin(h / 2);
    const cy = Math.cos(h / 2);
    rotations[ro] = cy * q[0]! + sy * q[2]!;
    rotations[ro + 1] = cy * q[1]! + sy * q[3]!;
    rotations[ro + 2] = cy * q[2]! - sy * q[0]!;
    rotations[ro + 3] = cy * q[3]! - sy * q[1]!;
    rootPositions[3 * t] = root.xz[2 * t]!;
    rootPositions[3 * t + 1] = root.height[t]!;
    rootPositions[3 * t + 2] = root.xz[2 * t + 1]!;
    for (let k = 0; k < contactJoints.length; k++) contacts[contactJoints[k]!]![t] = features[o + c0 + k]! > 0 ? 1 : 0;
  }
  return { rotations, rootPositions, contacts };
}
