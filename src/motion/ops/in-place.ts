/** Playing a clip in place (MMCP.md §8.4). */
import type { MotionClip } from '../types.js';
import { mul, rotate, yawQuat } from './quat.js';

/** Options for {@link clipInPlace}. */
export interface InPlaceOptions {
  /** Half-width in seconds of the local line fit used when there is no trajectory (default 0.5 s). */
  smoothingSeconds?: number;
}

/**
 * Returns a copy of `clip` that plays in place. The root is joint 0 of `rotations`' order when
 * it is the document root (as in every MMCP document); only the root's position and rotation change.
 *
 * - With a `trajectory`: frame t gets the inverse of `T(position[t])·Ry(yaw[t])`, then
 *   `T(position[0])` (MMCP.md §8.4): the root ends where it began, facing the way it began, and
 *   the body's own sway, surge, height and twist are kept. The result's trajectory is `still`.
 * - Without: the root's ground travel (x, z) along a smoothed path (local line fit over ±0.5 s)
 *   is removed; height and the sway around that path are kept; heading is left as it is.
 */
export function clipInPlace(clip: MotionClip, options: InPlaceOptions = {}, rootJoint = 0): MotionClip {
  const T = clip.frameCount;
  const J = clip.jointNames.length;
  const rotations = clip.rotations.slice();
  const root = clip.rootPositions.slice();
  const tr = clip.trajectory;
  if (tr && tr.position.length === T * 2 && tr.yaw.length === T) {
    const x0 = tr.position[0] as number, z0 = tr.position[1] as number;
    for (let t = 0; t < T; t++) {
      const inv = yawQuat(-(tr.yaw[t] as number));
      const local = rotate(inv, [(root[t * 3] as number) - (tr.position[2 * t] as number), 0, (root[t * 3 + 2] as number) - (tr.position[2 * t + 1] as number)]);
      root[t * 3] = local[0] + x0;
      root[t * 3 + 2] = local[2] + z0;
      const o = (t * J + rootJoint) * 4;
      rotations.set(mul(inv, Array.from(rotations.subarray(o, o + 4))), o);
    }
    const position = new Float32Array(T * 2);
    for (let t = 0; t < T; t++) position.set([x0, z0], 2 * t);
    return { ...clip, jointNames: clip.jointNames.slice(), rotations, rootPositions: root, chunkBoundaries: clip.chunkBoundaries.slice(), trajectory: { model: 'still', loop: tr.loop, params: {}, position, yaw: new Float32Array(T) } };
  }
  const h = Math.max(1, Math.round((options.smoothingSeconds ?? 0.5) * clip.fps));
  const sx = smoothLine(root, 0, T, h);
  const sz = smoothLine(root, 2, T, h);
  for (let t = 0; t < T; t++) {
    root[t * 3] = (root[t * 3] as number) - ((sx[t] as number) - (sx[0] as number));
    root[t * 3 + 2] = (root[t * 3 + 2] as number) - ((sz[t] as number) - (sz[0] as number));
  }
  const out: MotionClip = { ...clip, jointNames: clip.jointNames.slice(), rotations, rootPositions: root, chunkBoundaries: clip.chunkBoundaries.slice() };
  delete out.trajectory;
  return out;
}

/** Local least-squares line fit of component `c` of a VEC3 series over `[t−h, t+h]`, evaluated at t. */
function smoothLine(v: Float32Array, c: number, T: number, h: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const a = Math.max(0, t - h), b = Math.min(T - 1, t + h);
    let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let k = a; k <= b; k++) {
      const y = v[k * 3 + c] as number;
      const x = k - t;
      n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
    }
    const den = n * sxx - sx * sx;
    const slope = den > 0 ? (n * sxy - sx * sy) / den : 0;
    out[t] = (sy - slope * sx) / n;
  }
  return out;
}
