/** Loop-seam measurement: how well the last frame of a clip joins its first. */
import type { MotionClip } from '../types.js';
import { angleBetween, headingOf, wrapAngle } from './quat.js';

/** Mismatch between a clip's last and first frame. Angles in radians, distances in metres. */
export interface LoopSeamError {
  /** Largest local-rotation angle difference over all joints except the root. */
  pose: number;
  /** Joint with the largest pose difference. */
  worstJoint: string | undefined;
  /** Root rotation difference (full 3-D angle). */
  rootRotation: number;
  /** Root heading difference about +Y, signed, (−π, π]. */
  heading: number;
  /** Root height difference (last − first). */
  height: number;
  /** Root ground travel between first and last frame (informational: a walk cycle travels). */
  travel: number;
}

/** Measures the seam between frame `frameCount−1` and frame 0 (root = `rootJoint`, default 0). */
export function loopSeamError(clip: MotionClip, rootJoint = 0): LoopSeamError {
  const J = clip.jointNames.length;
  const T = clip.frameCount;
  const r = clip.rotations;
  const last = (T - 1) * J * 4;
  let pose = 0;
  let worstJoint: string | undefined;
  for (let j = 0; j < J; j++) {
    if (j === rootJoint) continue;
    const a = angleBetween(r, j * 4, r, last + j * 4);
    if (a > pose) {
      pose = a;
      worstJoint = clip.jointNames[j];
    }
  }
  const q0 = Array.from(r.subarray(rootJoint * 4, rootJoint * 4 + 4));
  const q1 = Array.from(r.subarray(last + rootJoint * 4, last + rootJoint * 4 + 4));
  const p = clip.rootPositions;
  const e = (T - 1) * 3;
  return {
    pose,
    worstJoint,
    rootRotation: angleBetween(q0, 0, q1, 0),
    heading: wrapAngle(headingOf(q1) - headingOf(q0)),
    height: (p[e + 1] as number) - (p[1] as number),
    travel: Math.hypot((p[e] as number) - (p[0] as number), (p[e + 2] as number) - (p[2] as number)),
  };
}

/** Tolerances for {@link isSeamless}. */
export interface LoopSeamTolerance {
  /** Max joint angle difference, radians (default 10° ≈ 0.1745). */
  pose?: number;
  /** Max |heading| difference, radians (default 10°). */
  heading?: number;
  /** Max |height| difference, metres (default 0.03). */
  height?: number;
  /** Max ground travel, metres (default `Infinity`: a walk cycle may travel; set 0.05 for in-place loops). */
  travel?: number;
}

/** True when every part of `err` is within `tol` (defaults: 10°, 10°, 3 cm, travel ignored). */
export function isSeamless(err: LoopSeamError, tol: LoopSeamTolerance = {}): boolean {
  const deg10 = (10 * Math.PI) / 180;
  return err.pose <= (tol.pose ?? deg10) && Math.abs(err.heading) <= (tol.heading ?? deg10) && Math.abs(err.height) <= (tol.height ?? 0.03) && err.travel <= (tol.travel ?? Infinity);
}
