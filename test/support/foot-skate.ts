/**
 * Foot-skating measurement for tests, exactly the evaluation's rule (`model/eval_metrics.py`
 * `foot_stats`): world joint positions by forward kinematics from a returned clip (local
 * rotations, root positions, the document skeleton's rest translations); a contact joint is
 * planted on a frame when its height is below its contact height (Foot-type joints 0.15 m, Toe
 * joints 0.08 m) and its 3D speed (forward differences at the clip's fps, last frame repeats the
 * previous speed) is below 0.3 m/s; skating = mean horizontal speed over planted frames, cm/s.
 */
import type { MotionClip, MotionSkeleton } from '../../src/motion/types.js';

/** Contact height per joint name (the evaluation's CONTACT_HEIGHT). */
export function contactHeight(name: string): number {
  return /toe/i.test(name) ? 0.08 : 0.15;
}

/** The evaluation's CONTACT_SPEED, m/s. */
export const CONTACT_SPEED = 0.3;

/** World joint positions `[T, J, 3]` of a clip (frame-major). */
export function worldPositions(skeleton: MotionSkeleton, clip: MotionClip): Float64Array {
  const T = clip.frameCount;
  const J = skeleton.names.length;
  const P = new Float64Array(T * J * 3);
  const Q = new Float64Array(J * 4);
  const R = clip.rotations;
  const t3 = skeleton.restTranslations;
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < J; j++) {
      const p = skeleton.parents[j]!;
      const o = (t * J + j) * 4;
      const lx = R[o]!, ly = R[o + 1]!, lz = R[o + 2]!, lw = R[o + 3]!;
      const po = (t * J + j) * 3;
      if (p < 0) {
        Q[4 * j] = lx; Q[4 * j + 1] = ly; Q[4 * j + 2] = lz; Q[4 * j + 3] = lw;
        P[po] = clip.rootPositions[3 * t]!; P[po + 1] = clip.rootPositions[3 * t + 1]!; P[po + 2] = clip.rootPositions[3 * t + 2]!;
        continue;
      }
      const px = Q[4 * p]!, py = Q[4 * p + 1]!, pz = Q[4 * p + 2]!, pw = Q[4 * p + 3]!;
      // Parent world rotation applied to the rest translation.
      const vx = t3[3 * j]!, vy = t3[3 * j + 1]!, vz = t3[3 * j + 2]!;
      const cx = 2 * (py * vz - pz * vy), cy = 2 * (pz * vx - px * vz), cz = 2 * (px * vy - py * vx);
      const pp = (t * J + p) * 3;
      P[po] = P[pp]! + vx + pw * cx + (py * cz - pz * cy);
      P[po + 1] = P[pp + 1]! + vy + pw * cy + (pz * cx - px * cz);
      P[po + 2] = P[pp + 2]! + vz + pw * cz + (px * cy - py * cx);
      Q[4 * j] = pw * lx + px * lw + py * lz - pz * ly;
      Q[4 * j + 1] = pw * ly - px * lz + py * lw + pz * lx;
      Q[4 * j + 2] = pw * lz + px * ly - py * lx + pz * lw;
      Q[4 * j + 3] = pw * lw - px * lx - py * ly - pz * lz;
    }
  }
  return P;
}

/** Skating sums of one clip (add several clips' sums before dividing). */
export interface SkateSums {
  /** Sum of horizontal speeds over planted frames, cm/s. */
  sum: number;
  /** Planted joint-frames. */
  planted: number;
  /** Joint-frames measured. */
  frames: number;
}

/** Skating sums of a clip over `contactJoints` (names of the skeleton). */
export function skateSums(skeleton: MotionSkeleton, clip: MotionClip, contactJoints: readonly string[]): SkateSums {
  const P = worldPositions(skeleton, clip);
  const T = clip.frameCount;
  const J = skeleton.names.length;
  const out: SkateSums = { sum: 0, planted: 0, frames: 0 };
  if (T < 2) return out;
  for (const name of contactJoints) {
    const j = skeleton.names.indexOf(name);
    if (j < 0) throw new Error(`no joint ${name}`);
    const h = contactHeight(name);
    for (let t = 0; t < T; t++) {
      const a = Math.min(t, T - 2);
      const o0 = (a * J + j) * 3;
      const o1 = ((a + 1) * J + j) * 3;
      const vx = (P[o1]! - P[o0]!) * clip.fps, vy = (P[o1 + 1]! - P[o0 + 1]!) * clip.fps, vz = (P[o1 + 2]! - P[o0 + 2]!) * clip.fps;
      out.frames++;
      if (P[(t * J + j) * 3 + 1]! < h && Math.hypot(vx, vy, vz) < CONTACT_SPEED) {
        out.sum += Math.hypot(vx, vz) * 100;
        out.planted++;
      }
    }
  }
  return out;
}

/** Mean skating (cm/s) over several clips' sums. */
export function skating(sums: readonly SkateSums[]): number {
  const s = sums.reduce((a, b) => a + b.sum, 0);
  const n = sums.reduce((a, b) => a + b.planted, 0);
  return s / Math.max(n, 1);
}
