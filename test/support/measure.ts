/**
 * Independent retarget measurements: source segment directions by FK of the MMCP clip; target
 * directions read back from the real Babylon nodes after `AnimationGroup.goToFrame`.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { Node } from '@babylonjs/core/node.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { MotionClip, MotionSkeleton } from '../../src/motion/types.js';
import type { CharacterRig } from '../../src/babylon/bind.js';
import type { HumanoidMap } from '../../src/babylon/rig/humanoid.js';
import { CHILD_ROLE } from '../../src/babylon/rig/roles.js';
import { skeletonRestWorld } from '../../src/babylon/rig/retarget-core.js';
import { qMul, qNormalize, qRotate } from '../../src/motion/math3d.js';

/** World positions (MMCP) of a clip's joints at frame f. */
export function sourceFk(s: MotionSkeleton, clip: MotionClip, f: number): Float64Array {
  const J = s.names.length;
  const G = new Float64Array(4 * J), P = new Float64Array(3 * J), v = new Float64Array(3);
  const idx = s.names.map((n) => clip.jointNames.indexOf(n));
  const JC = clip.jointNames.length;
  for (let j = 0; j < J; j++) {
    const p = s.parents[j]!;
    const ci = idx[j]!;
    const q = ci >= 0 ? clip.rotations.subarray((f * JC + ci) * 4, (f * JC + ci) * 4 + 4) : s.restRotations.subarray(4 * j, 4 * j + 4);
    if (p < 0) { G.set(q, 4 * j); P.set(clip.rootPositions.subarray(3 * f, 3 * f + 3), 3 * j); }
    else {
      qMul(G, 4 * j, G, 4 * p, q, 0);
      qRotate(v, 0, G, 4 * p, s.restTranslations, 3 * j);
      for (let k = 0; k < 3; k++) P[3 * j + k] = P[3 * p + k]! + v[k]!;
    }
    qNormalize(G, 4 * j);
  }
  return P;
}

function refreshWorld(n: Node): void {
  n.computeWorldMatrix(true);
  for (const c of n.getChildren()) refreshWorld(c);
}

/** MMCP-space positions of the rig's joints as Babylon currently shows them. */
export function babylonPositions(rig: CharacterRig, roots: Node[]): Float64Array {
  for (const r of roots) refreshWorld(r);
  const inv = rig.top ? Matrix.Invert(rig.top.computeWorldMatrix(true)) : Matrix.Identity();
  const out = new Float64Array(3 * rig.names.length);
  rig.targets.forEach((t, j) => {
    const p = Vector3.TransformCoordinates((t as TransformNode).getAbsolutePosition(), inv);
    out[3 * j] = p.x; out[3 * j + 1] = p.y; out[3 * j + 2] = rig.mirror ? -p.z : p.z;
  });
  return out;
}

/** Per-segment direction errors for one frame. */
export interface SegmentError { role: string; deg: number }

/** Angles between source and target segment directions for every role segment both have. */
export function segmentErrors(sourceMap: HumanoidMap, rig: CharacterRig, Ps: Float64Array, Pt: Float64Array): SegmentError[] {
  const out: SegmentError[] = [];
  for (const [role, a] of Object.entries(rig.humanoid.roles)) {
    const s = sourceMap.roles[role];
    if (!s) continue;
    const cr = (CHILD_ROLE[role] ?? []).find((x) => sourceMap.roles[x] && rig.humanoid.roles[x]);
    if (!cr) continue;
    const se = sourceMap.roles[cr]!.joint, te = rig.humanoid.roles[cr]!.joint;
    const d1 = [Ps[3 * se]! - Ps[3 * s.joint]!, Ps[3 * se + 1]! - Ps[3 * s.joint + 1]!, Ps[3 * se + 2]! - Ps[3 * s.joint + 2]!];
    const d2 = [Pt[3 * te]! - Pt[3 * a.joint]!, Pt[3 * te + 1]! - Pt[3 * a.joint + 1]!, Pt[3 * te + 2]! - Pt[3 * a.joint + 2]!];
    const l1 = Math.hypot(d1[0]!, d1[1]!, d1[2]!), l2 = Math.hypot(d2[0]!, d2[1]!, d2[2]!);
    if (l1 < 1e-6 || l2 < 1e-6) continue;
    const c = (d1[0]! * d2[0]! + d1[1]! * d2[1]! + d1[2]! * d2[2]!) / (l1 * l2);
    out.push({ role, deg: (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI });
  }
  return out;
}

/** Result of measuring one clip on one rig. */
export interface RetargetFigures {
  /** Mean segment direction error (degrees) over sampled frames and segments. */
  meanDeg: number;
  /** Worst segment error (degrees). */
  maxDeg: number;
  /** Worst segment role. */
  worstRole: string;
  /** Mean / max planted-foot height error (metres), on frames where the source foot is planted. */
  footMeanM: number;
  footMaxM: number;
  plantedSamples: number;
}

/**
 * Plays `group` frame by frame (every `step`-th frame) and compares target segment directions read
 * from the Babylon nodes with the source's, and planted-foot heights with the scaled source's.
 */
export function measureRetarget(opts: {
  group: AnimationGroup; rig: CharacterRig; roots: Node[]; skeleton: MotionSkeleton; clip: MotionClip; sourceMap: HumanoidMap; scale: number; step?: number;
}): RetargetFigures {
  const { group, rig, roots, skeleton, clip, sourceMap, scale } = opts;
  const step = opts.step ?? 3;
  group.start(false, 1, 0, clip.frameCount - 1);
  group.pause();
  let sum = 0, n = 0, max = 0, worstRole = '';
  // Source planted frames per foot.
  const feet = (['left', 'right'] as const).map((side) => ({ s: sourceMap.roles[`${side}Foot`]?.joint ?? -1, t: rig.humanoid.roles[`${side}Foot`]?.joint ?? -1 })).filter((x) => x.s >= 0 && x.t >= 0);
  const srcY: number[][] = feet.map(() => []);
  const srcP: Float64Array[] = [];
  for (let f = 0; f < clip.frameCount; f++) {
    const P = sourceFk(skeleton, clip, f);
    srcP.push(P);
    feet.forEach((ft, i) => srcY[i]!.push(P[3 * ft.s + 1]!));
  }
  // The source's ground: its lowest rest foot (the retargeter scales heights above it).
  const rest = skeletonRestWorld(skeleton).positions;
  const groundS = Math.min(...feet.map((ft) => rest[3 * ft.s + 1]!));
  const ground = feet.map((_, i) => Math.min(...srcY[i]!));
  const restFootT = feet.map((ft) => rig.worldP[3 * ft.t + 1]!);
  let footSum = 0, footN = 0, footMax = 0;
  for (let f = 0; f < clip.frameCount; f += step) {
    group.goToFrame(f);
    const Pt = babylonPositions(rig, roots);
    const Ps = srcP[f]!;
    for (const e of segmentErrors(sourceMap, rig, Ps, Pt)) {
      sum += e.deg; n++;
      if (e.deg > max) { max = e.deg; worstRole = e.role; }
    }
    feet.forEach((ft, i) => {
      const prev = srcP[Math.max(0, f - 1)]!, next = srcP[Math.min(clip.frameCount - 1, f + 1)]!;
      const speed = (Math.hypot(next[3 * ft.s]! - prev[3 * ft.s]!, next[3 * ft.s + 2]! - prev[3 * ft.s + 2]!) * clip.fps) / 2;
      const ys = Ps[3 * ft.s + 1]!;
      if (ys < ground[i]! + 0.02 && speed < 0.2) {
        const expected = restFootT[i]! + scale * (ys - groundS);
        // Target ground: the target's rest ankle height (characters rest standing on the ground).
        const err = Math.abs(Pt[3 * ft.t + 1]! - expected);
        footSum += err; footN++; footMax = Math.max(footMax, err);
      }
    });
  }
  group.stop();
  return { meanDeg: n ? sum / n : NaN, maxDeg: max, worstRole, footMeanM: footN ? footSum / footN : 0, footMaxM: footMax, plantedSamples: footN };
}
