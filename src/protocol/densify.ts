/**
 * Densifying key poses client-side (MMCP SHOULD 11): one `pose_keyframe` per frame between two
 * key poses, rotations slerped, root position lerped, `fill_mode: "generate"`.
 */
import { slerpInto } from './quat.js';
import type { PoseKeyframeConstraint, Quat, Vec3 } from './types.js';

/** Spherical interpolation of `[x,y,z,w]` quaternions (inputs normalised, shortest arc, normalised output). */
export function slerpQuat(a: Quat, b: Quat, t: number): Quat {
  const na = Math.hypot(...a) || 1;
  const nb = Math.hypot(...b) || 1;
  const out: Quat = [0, 0, 0, 1];
  slerpInto([a[0] / na, a[1] / na, a[2] / na, a[3] / na], 0, [b[0] / nb, b[1] / nb, b[2] / nb, b[3] / nb], 0, t, out, 0);
  return out;
}

/** Options for {@link densifyPoseKeyframes}. */
export interface DensifyOptions {
  /** Round every number to this many decimals (MMCP SHOULD 13: ~4). Default 4; `null` = no rounding. */
  decimals?: number | null;
}

/**
 * One keyframe per frame from `a.frame` to `b.frame` inclusive. Joints present in both are
 * slerped; a joint present in only one is held at its value; `root_position` is lerped when both
 * have one. Every result uses `fill_mode: "generate"`.
 */
export function densifyPoseKeyframes(a: PoseKeyframeConstraint, b: PoseKeyframeConstraint, options: DensifyOptions = {}): PoseKeyframeConstraint[] {
  const [first, last] = a.frame <= b.frame ? [a, b] : [b, a];
  const span = last.frame - first.frame;
  const decimals = options.decimals === undefined ? 4 : options.decimals;
  const r = (x: number): number => (decimals === null ? x : Number(x.toFixed(decimals)) + 0);
  const joints = [...new Set([...Object.keys(first.joint_rotations), ...Object.keys(last.joint_rotations)])];
  const out: PoseKeyframeConstraint[] = [];
  for (let f = first.frame; f <= last.frame; f++) {
    const t = span === 0 ? 0 : (f - first.frame) / span;
    const rotations: Record<string, Quat> = {};
    for (const j of joints) {
      const qa = first.joint_rotations[j];
      const qb = last.joint_rotations[j];
      const q = qa && qb ? slerpQuat(qa, qb, t) : (qa ?? qb)!;
      rotations[j] = q.map(r) as Quat;
    }
    const k: PoseKeyframeConstraint = { type: 'pose_keyframe', frame: f, joint_rotations: rotations, fill_mode: 'generate' };
    const pa = first.root_position;
    const pb = last.root_position;
    if (pa && pb) k.root_position = [0, 1, 2].map((i) => r(pa[i]! + (pb[i]! - pa[i]!) * t)) as Vec3;
    else if (pa ?? pb) k.root_position = (pa ?? pb)!.map(r) as Vec3;
    out.push(k);
  }
  return out;
}
