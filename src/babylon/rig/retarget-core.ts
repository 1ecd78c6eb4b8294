/**
 * Retargeting math (Babylon-free): MMCP clip rotations (local-from-rest in world-aligned frames on
 * the source skeleton) → local rotations for a target rig whose rest pose, bone axes, proportions
 * and handedness differ. Each mapped limb segment's world direction follows the source's; twist
 * follows the source joint's world rotation carried through a per-joint rest alignment.
 * @packageDocumentation
 */
import type { MotionClip, MotionSkeleton } from '../../motion/types.js';
import { affineInvert, affinePoint, qConjMul, qFromTo, qMirrorZ, qMul, qMulConj, qNormalize, qRotate } from '../../motion/math3d.js';
import type { RigData } from './core.js';
import type { HumanoidMap } from './humanoid.js';
import { CHILD_ROLE, PARENT_ROLE } from './roles.js';

/** A source → target joint pairing. */
export interface JointPair {
  source: number;
  target: number;
  /** The humanoid role through which they were paired (absent for by-name pairs). */
  role?: string;
}

/** Root-motion handling. */
export type RootMotionMode = 'generated' | 'inPlace' | 'locked';

/** Retargeted motion for one rig, as typed arrays (engine-local values). */
export interface RetargetedTracks {
  name: string;
  fps: number;
  frameCount: number;
  /** One rotation track per mapped target joint: `[x,y,z,w]` per frame, engine-local. */
  rotations: { joint: number; values: Float32Array }[];
  /** Position tracks (the root/hips node, and joints detached from their limb such as IK feet), engine-local. */
  positions: { joint: number; values: Float32Array }[];
  /** The target joint carrying root motion (the hips). */
  rootJoint: number;
  /** Root translation scale applied (target leg length / source leg length). */
  scale: number;
  /** Foot contacts keyed by target joint names. */
  footContacts?: Record<string, Uint8Array>;
  /** Target world positions per frame (MMCP space, 3 per joint per frame), only when requested. */
  worldPositions?: Float32Array;
}

/** Options for {@link retargetTracks}. */
export interface RetargetCoreOptions {
  /** Explicit pairs; default: through the humanoid roles of both maps. */
  pairs?: JointPair[];
  /** Root motion: as generated (default), locked (horizontal travel removed, height kept). `inPlace` is applied to the clip before this step. */
  rootMotion?: RootMotionMode;
  /** Also return target world positions per frame (for measurements). */
  withWorldPositions?: boolean;
  /**
   * Keep the support foot (the lower source foot) at the scaled source height above the ground
   * by adjusting the root height per frame, which absorbs thigh/shin proportion differences.
   * Default true.
   */
  groundFeet?: boolean;
  /**
   * Also give every other joint constant tracks holding its reference-pose local rotation and
   * translation (needed when the reference pose is not the nodes' own rest, e.g. `pose: 'bind'`).
   */
  holdUnmapped?: boolean;
}

/** World rest positions of a MotionSkeleton (cumulative rest translations, rest rotations applied). */
export function skeletonRestWorld(s: MotionSkeleton): { positions: Float64Array; rotations: Float64Array } {
  const J = s.names.length;
  const P = new Float64Array(3 * J), W = new Float64Array(4 * J), v = new Float64Array(3);
  for (let j = 0; j < J; j++) {
    const p = s.parents[j]!;
    if (p < 0) {
      for (let k = 0; k < 3; k++) P[3 * j + k] = s.restTranslations[3 * j + k]!;
      for (let k = 0; k < 4; k++) W[4 * j + k] = s.restRotations[4 * j + k]!;
    } else {
      qRotate(v, 0, W, 4 * p, s.restTranslations, 3 * j);
      for (let k = 0; k < 3; k++) P[3 * j + k] = P[3 * p + k]! + v[k]!;
      qMul(W, 4 * j, W, 4 * p, s.restRotations, 4 * j);
    }
    qNormalize(W, 4 * j);
  }
  return { positions: P, rotations: W };
}

/** Pairs joints through humanoid roles present in both maps. */
export function pairsByRole(source: HumanoidMap, target: HumanoidMap): JointPair[] {
  const out: JointPair[] = [];
  for (const [role, a] of Object.entries(target.roles)) {
    const s = source.roles[role];
    if (s) out.push({ source: s.joint, target: a.joint, role });
  }
  return out;
}

function bodyFrame(P: ArrayLike<number>, map: HumanoidMap, out: Float64Array): boolean {
  const j = (r: string): number => map.roles[r]?.joint ?? -1;
  const hips = j('hips');
  const top = j('head') >= 0 ? j('head') : j('neck') >= 0 ? j('neck') : j('spine');
  let l = j('leftUpperLeg'), r = j('rightUpperLeg');
  if (l < 0 || r < 0) { l = j('leftUpperArm'); r = j('rightUpperArm'); }
  if (hips < 0 || top < 0 || l < 0 || r < 0) return false;
  const y = [P[3 * top]! - P[3 * hips]!, P[3 * top + 1]! - P[3 * hips + 1]!, P[3 * top + 2]! - P[3 * hips + 2]!];
  const x = [P[3 * l]! - P[3 * r]!, P[3 * l + 1]! - P[3 * r + 1]!, P[3 * l + 2]! - P[3 * r + 2]!];
  const ny = Math.hypot(y[0]!, y[1]!, y[2]!);
  y[0] = y[0]! / ny; y[1] = y[1]! / ny; y[2] = y[2]! / ny;
  const d = x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
  x[0] = x[0]! - d * y[0]!; x[1] = x[1]! - d * y[1]!; x[2] = x[2]! - d * y[2]!;
  const nx = Math.hypot(x[0]!, x[1]!, x[2]!);
  if (nx < 1e-9 || ny < 1e-9) return false;
  x[0] = x[0]! / nx; x[1] = x[1]! / nx; x[2] = x[2]! / nx;
  const z = [x[1]! * y[2]! - x[2]! * y[1]!, x[2]! * y[0]! - x[0]! * y[2]!, x[0]! * y[1]! - x[1]! * y[0]!];
  // Rotation matrix with columns x, y, z → quaternion.
  const m00 = x[0]!, m10 = x[1]!, m20 = x[2]!, m01 = y[0]!, m11 = y[1]!, m21 = y[2]!, m02 = z[0]!, m12 = z[1]!, m22 = z[2]!;
  const tr = m00 + m11 + m22;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    out[3] = 0.25 * s; out[0] = (m21 - m12) / s; out[1] = (m02 - m20) / s; out[2] = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    out[3] = (m21 - m12) / s; out[0] = 0.25 * s; out[1] = (m01 + m10) / s; out[2] = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    out[3] = (m02 - m20) / s; out[0] = (m01 + m10) / s; out[1] = 0.25 * s; out[2] = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    out[3] = (m10 - m01) / s; out[0] = (m02 + m20) / s; out[1] = (m12 + m21) / s; out[2] = 0.25 * s;
  }
  qNormalize(out, 0);
  return true;
}

function isAncestor(parents: ArrayLike<number>, a: number, j: number): boolean {
  for (let k = parents[j]!; k >= 0; k = parents[k]!) if (k === a) return true;
  return false;
}

function legLength(P: ArrayLike<number>, map: HumanoidMap): number {
  const j = (r: string): number => map.roles[r]?.joint ?? -1;
  const hips = j('hips');
  if (hips < 0) return 0;
  const ends = ['left', 'right'].map((s) => (j(`${s}Foot`) >= 0 ? j(`${s}Foot`) : j(`${s}LowerLeg`) >= 0 ? j(`${s}LowerLeg`) : j(`${s}UpperLeg`))).filter((k) => k >= 0);
  if (!ends.length) return 0;
  let y = 0;
  for (const k of ends) y += P[3 * k + 1]!;
  return P[3 * hips + 1]! - y / ends.length;
}

/**
 * Retargets `clip` (on `source`) onto a rig. `sourceMap`/`targetMap` give the humanoid roles.
 */
export function retargetTracks(
  clip: MotionClip, source: MotionSkeleton, sourceMap: HumanoidMap,
  rig: RigData, targetMap: HumanoidMap, options: RetargetCoreOptions = {},
): RetargetedTracks {
  const F = clip.frameCount, JS = source.names.length, JT = rig.names.length, JC = clip.jointNames.length;
  // Clip joint order → source joint order.
  const clipIndex = new Int32Array(JS).fill(-1);
  const byName = new Map(clip.jointNames.map((n, i) => [n, i]));
  for (let j = 0; j < JS; j++) clipIndex[j] = byName.get(source.names[j]!) ?? -1;
  const srcRoot = Array.from(source.parents).indexOf(-1);

  const pairs = options.pairs ?? pairsByRole(sourceMap, targetMap);
  const srcOf = new Int32Array(JT).fill(-1);
  const roleOf: (string | undefined)[] = new Array(JT).fill(undefined);
  for (const p of pairs) { srcOf[p.target] = p.source; roleOf[p.target] = p.role; }
  const tgtRole = (r: string): number => targetMap.roles[r]?.joint ?? -1;
  const srcRole = (r: string): number => sourceMap.roles[r]?.joint ?? -1;

  const srcRest = skeletonRestWorld(source);
  const Ps0 = srcRest.positions, Ws = srcRest.rotations;
  const Pt0 = rig.worldP, Wt = rig.worldR;

  // Body alignment.
  const Bs = new Float64Array(4), Bt = new Float64Array(4), Cbody = new Float64Array([0, 0, 0, 1]);
  if (bodyFrame(Ps0, sourceMap, Bs) && bodyFrame(Pt0, targetMap, Bt)) qMulConj(Cbody, 0, Bs, 0, Bt, 0);

  // Segments and per-joint rest alignment.
  const segSrcEnd = new Int32Array(JT).fill(-1), segTgtEnd = new Int32Array(JT).fill(-1);
  const v0 = new Float64Array(3 * JT);
  const C = new Float64Array(4 * JT);
  const tmp = new Float64Array(4), a = new Float64Array(3), b = new Float64Array(3);
  for (let t = 0; t < JT; t++) {
    C[4 * t + 3] = 1;
    const s = srcOf[t]!;
    if (s < 0) continue;
    const role = roleOf[t];
    let se = -1, te = -1;
    if (role) {
      for (const cr of CHILD_ROLE[role] ?? []) {
        if (srcRole(cr) >= 0 && tgtRole(cr) >= 0) { se = srcRole(cr); te = tgtRole(cr); break; }
      }
    } else {
      // By-name pairs: the first mapped child on both sides.
      for (let k = 0; k < JT && se < 0; k++) if (rig.parents[k] === t && srcOf[k]! >= 0 && source.parents[srcOf[k]!] === s) { se = srcOf[k]!; te = k; }
    }
    if (se >= 0) {
      for (let k = 0; k < 3; k++) { a[k] = Pt0[3 * te + k]! - Pt0[3 * t + k]!; b[k] = Ps0[3 * se + k]! - Ps0[3 * s + k]!; }
      const la = Math.hypot(a[0]!, a[1]!, a[2]!), lb = Math.hypot(b[0]!, b[1]!, b[2]!);
      if (la > 1e-9 && lb > 1e-9) {
        for (let k = 0; k < 3; k++) { a[k] = a[k]! / la; b[k] = b[k]! / lb; v0[3 * t + k] = a[k]!; }
        qRotate(a, 0, Cbody, 0, a, 0);
        qFromTo(tmp, 0, a, 0, b, 0);
        qMul(C, 4 * t, tmp, 0, Cbody, 0);
        segSrcEnd[t] = se; segTgtEnd[t] = te;
        continue;
      }
    }
    // Rotation-only joint: inherit the nearest mapped ancestor's alignment.
    let k = rig.parents[t]!;
    while (k >= 0 && srcOf[k]! < 0) k = rig.parents[k]!;
    const from = k >= 0 ? C.subarray(4 * k, 4 * k + 4) : Cbody;
    for (let q = 0; q < 4; q++) C[4 * t + q] = from[q]!;
  }

  // Root and scale.
  const hipsT = tgtRole('hips') >= 0 ? tgtRole('hips') : Array.from(rig.parents).indexOf(-1);
  const hipsS = srcRole('hips') >= 0 ? srcRole('hips') : srcRoot;
  const ls = legLength(Ps0, sourceMap), lt = legLength(Pt0, targetMap);
  const scale = ls > 1e-6 && lt > 1e-6 ? lt / ls : 1;

  // Detached joints: mapped joints whose anatomical parent role is mapped but is not an ancestor (IK feet).
  const detachedFrom = new Int32Array(JT).fill(-1);
  for (let t = 0; t < JT; t++) {
    const role = roleOf[t];
    if (!role || t === hipsT) continue;
    for (const pr of PARENT_ROLE[role] ?? []) {
      const pj = tgtRole(pr);
      if (pj < 0) continue;
      if (!isAncestor(rig.parents, pj, t)) detachedFrom[t] = pj;
      break;
    }
  }
  // Offsets of each target joint from its parent joint, in the parent's rest frame.
  const off = new Float64Array(3 * JT);
  for (let t = 0; t < JT; t++) {
    const p = rig.parents[t]!;
    const ref = detachedFrom[t]! >= 0 ? detachedFrom[t]! : p;
    if (ref < 0) continue;
    for (let k = 0; k < 3; k++) a[k] = Pt0[3 * t + k]! - Pt0[3 * ref + k]!;
    qRotateInv(off, 3 * t, Wt, 4 * ref, a);
  }
  const rotTracks: { joint: number; values: Float32Array }[] = [];
  const trackOf = new Int32Array(JT).fill(-1);
  for (let t = 0; t < JT; t++) if (srcOf[t]! >= 0 && clipIndex[srcOf[t]!]! >= 0) { trackOf[t] = rotTracks.length; rotTracks.push({ joint: t, values: new Float32Array(4 * F) }); }
  const posTracks: { joint: number; values: Float32Array }[] = [{ joint: hipsT, values: new Float32Array(3 * F) }];
  if (options.holdUnmapped) {
    const q = new Float64Array(4);
    for (let t = 0; t < JT; t++) {
      if (trackOf[t]! < 0) {
        for (let k = 0; k < 4; k++) q[k] = rig.localR[4 * t + k]!;
        if (rig.mirror) qMirrorZ(q, 0);
        const values = new Float32Array(4 * F);
        for (let f = 0; f < F; f++) values.set(q, 4 * f);
        rotTracks.push({ joint: t, values });
      }
    }
  }
  const detachedTrack = new Int32Array(JT).fill(-1);
  for (let t = 0; t < JT; t++) if (detachedFrom[t]! >= 0 && trackOf[t]! >= 0) { detachedTrack[t] = posTracks.length; posTracks.push({ joint: t, values: new Float32Array(3 * F) }); }
  if (options.holdUnmapped) {
    for (let t = 0; t < JT; t++) {
      if (t === hipsT || detachedTrack[t]! >= 0) continue;
      const values = new Float32Array(3 * F);
      const x = rig.localT[3 * t]!, y = rig.localT[3 * t + 1]!, z = rig.mirror ? -rig.localT[3 * t + 2]! : rig.localT[3 * t + 2]!;
      for (let f = 0; f < F; f++) { values[3 * f] = x; values[3 * f + 1] = y; values[3 * f + 2] = z; }
      posTracks.push({ joint: t, values });
    }
  }

  // Feet used to ground the root (support-foot height follows the scaled source).
  const groundFeet: { s: number; t: number; restY: number }[] = [];
  let groundS = Infinity;
  if (options.groundFeet ?? true) {
    for (const side of ['left', 'right']) {
      const sf = srcRole(`${side}Foot`), tf = tgtRole(`${side}Foot`);
      if (sf >= 0 && tf >= 0) { groundFeet.push({ s: sf, t: tf, restY: Pt0[3 * tf + 1]! }); groundS = Math.min(groundS, Ps0[3 * sf + 1]!); }
    }
  }
  const movesWithHips = new Uint8Array(JT);
  for (let t = 0; t < JT; t++) movesWithHips[t] = t === hipsT || detachedFrom[t]! >= 0 || (rig.parents[t]! >= 0 && movesWithHips[rig.parents[t]!]) ? 1 : 0;
  // Float64 copies keep the math monomorphic (and fast).
  const clipRot = Float64Array.from(clip.rotations), srcRestR = Float64Array.from(source.restRotations), srcRestT = Float64Array.from(source.restTranslations);
  const parentInv = new Float64Array(12 * JT);
  for (let t = 0; t < JT; t++) affineInvert(parentInv, 12 * t, rig.parentAffine, 12 * t);
  const Gs = new Float64Array(4 * JS), Ps = new Float64Array(3 * JS), Ds = new Float64Array(4 * JS);
  const Gt = new Float64Array(4 * JT), Pt = new Float64Array(3 * JT);
  const R = new Float64Array(4), L = new Float64Array(4), w = new Float64Array(3), u = new Float64Array(3), v = new Float64Array(3), pn = new Float64Array(4);
  const worldPositions = options.withWorldPositions ? new Float32Array(3 * JT * F) : undefined;
  const locked = options.rootMotion === 'locked';
  for (let f = 0; f < F; f++) {
    // Source FK.
    for (let j = 0; j < JS; j++) {
      const p = source.parents[j]!;
      const ci = clipIndex[j]!;
      const q = ci >= 0 ? clipRot : srcRestR;
      const qo = ci >= 0 ? (f * JC + ci) * 4 : 4 * j;
      if (p < 0) {
        for (let k = 0; k < 4; k++) Gs[4 * j + k] = q[qo + k]!;
        for (let k = 0; k < 3; k++) Ps[3 * j + k] = clip.rootPositions[3 * f + k]!;
      } else {
        qMul(Gs, 4 * j, Gs, 4 * p, q, qo);
        qRotate(v, 0, Gs, 4 * p, srcRestT, 3 * j);
        for (let k = 0; k < 3; k++) Ps[3 * j + k] = Ps[3 * p + k]! + v[k]!;
      }
      qNormalize(Gs, 4 * j);
      qMulConj(Ds, 4 * j, Gs, 4 * j, Ws, 4 * j);
    }
    // Target world rotations and positions.
    for (let t = 0; t < JT; t++) {
      const p = rig.parents[t]!;
      const s = srcOf[t]!;
      // Parent node world rotation.
      if (p >= 0) qMul(pn, 0, Gt, 4 * p, rig.preRot, 4 * t);
      else { for (let k = 0; k < 4; k++) pn[k] = rig.preRot[4 * t + k]!; }
      if (s >= 0 && clipIndex[s]! >= 0) {
        qMul(R, 0, Ds, 4 * s, C, 4 * t);
        const se = segSrcEnd[t]!;
        if (se >= 0) {
          for (let k = 0; k < 3; k++) u[k] = Ps[3 * se + k]! - Ps[3 * s + k]!;
          const lu = Math.sqrt(u[0]! * u[0]! + u[1]! * u[1]! + u[2]! * u[2]!);
          if (lu > 1e-9) {
            for (let k = 0; k < 3; k++) u[k] = u[k]! / lu;
            qRotate(w, 0, R, 0, v0, 3 * t);
            qFromTo(L, 0, w, 0, u, 0);
            qMul(R, 0, L, 0, R, 0);
          }
        }
        qMul(Gt, 4 * t, R, 0, Wt, 4 * t);
        qNormalize(Gt, 4 * t);
        const tr = trackOf[t]!;
        qConjMul(L, 0, pn, 0, Gt, 4 * t);
        qNormalize(L, 0);
        if (rig.mirror) qMirrorZ(L, 0);
        const vals = rotTracks[tr]!.values;
        if (f > 0 && L[0]! * vals[4 * f - 4]! + L[1]! * vals[4 * f - 3]! + L[2]! * vals[4 * f - 2]! + L[3]! * vals[4 * f - 1]! < 0) { L[0] = -L[0]!; L[1] = -L[1]!; L[2] = -L[2]!; L[3] = -L[3]!; }
        vals[4 * f] = L[0]!; vals[4 * f + 1] = L[1]!; vals[4 * f + 2] = L[2]!; vals[4 * f + 3] = L[3]!;
      } else {
        qMul(Gt, 4 * t, pn, 0, rig.localR, 4 * t);
      }
    }
    // Positions: joints in order (parents first), then joints detached from their limb and whatever hangs below them.
    const pending = new Uint8Array(JT);
    for (let pass = 0; pass < 2; pass++) {
      for (let t = 0; t < JT; t++) {
        const p = rig.parents[t]!;
        if (pass === 1 && !(detachedFrom[t]! >= 0 || (p >= 0 && pending[p]))) continue;
        if (pass === 1) pending[t] = 1;
        if (t === hipsT) {
          for (let k = 0; k < 3; k++) Pt[3 * t + k] = Pt0[3 * t + k]! + scale * (Ps[3 * hipsS + k]! - Ps0[3 * hipsS + k]!);
          if (locked) { Pt[3 * t] = Pt0[3 * t]!; Pt[3 * t + 2] = Pt0[3 * t + 2]!; }
          continue;
        }
        const ref = detachedFrom[t]! >= 0 ? detachedFrom[t]! : p;
        if (ref < 0) { for (let k = 0; k < 3; k++) Pt[3 * t + k] = Pt0[3 * t + k]!; continue; }
        qRotate(v, 0, Gt, 4 * ref, off, 3 * t);
        for (let k = 0; k < 3; k++) Pt[3 * t + k] = Pt[3 * ref + k]! + v[k]!;
      }
    }
    // Ground the support foot: the lower source foot's height above its rest ground, scaled.
    if (groundFeet.length) {
      let best = -1, bestY = Infinity;
      for (const gf of groundFeet) { const y = Ps[3 * gf.s + 1]!; if (y < bestY) { bestY = y; best = gf.t; } }
      const gfBest = groundFeet.find((g) => g.t === best)!;
      const delta = gfBest.restY + scale * (bestY - groundS) - Pt[3 * best + 1]!;
      for (let t = 0; t < JT; t++) if (movesWithHips[t]) Pt[3 * t + 1] = Pt[3 * t + 1]! + delta;
    }
    for (let t = 0; t < JT; t++) {
      const pt = t === hipsT ? 0 : detachedTrack[t]!;
      if (pt < 0) continue;
      // Into the parent node's local space (its rest world affine).
      affinePoint(v, 0, parentInv, 12 * t, Pt, 3 * t);
      if (rig.mirror) v[2] = -v[2]!;
      const vals = posTracks[pt]!.values;
      vals[3 * f] = v[0]!; vals[3 * f + 1] = v[1]!; vals[3 * f + 2] = v[2]!;
    }
    if (worldPositions) for (let k = 0; k < 3 * JT; k++) worldPositions[3 * JT * f + k] = Pt[k]!;
  }

  // Foot contacts onto the target's foot joints.
  let footContacts: Record<string, Uint8Array> | undefined;
  if (clip.footContacts) {
    footContacts = {};
    for (const [name, flags] of Object.entries(clip.footContacts)) {
      const sj = source.names.indexOf(name);
      let role = sj >= 0 ? sourceMap.jointRoles[sj] : undefined;
      if (role && tgtRole(role) < 0 && role.endsWith('Toes')) role = role.replace('Toes', 'Foot');
      const tj = role ? tgtRole(role) : -1;
      if (tj < 0) continue;
      const key = rig.names[tj]!;
      const prev = footContacts[key];
      if (prev) { const merged = new Uint8Array(prev.length); for (let i = 0; i < prev.length; i++) merged[i] = prev[i]! | (flags[i] ?? 0); footContacts[key] = merged; }
      else footContacts[key] = flags.slice();
    }
  }
  const out: RetargetedTracks = { name: clip.name, fps: clip.fps, frameCount: F, rotations: rotTracks, positions: posTracks, rootJoint: hipsT, scale };
  if (footContacts) out.footContacts = footContacts;
  if (worldPositions) out.worldPositions = worldPositions;
  return out;
}

function qRotateInv(out: Float64Array, o: number, q: ArrayLike<number>, qi: number, v: ArrayLike<number>): void {
  const c = [-q[qi]!, -q[qi + 1]!, -q[qi + 2]!, q[qi + 3]!];
  qRotate(out, o, c, 0, v, 0);
}
