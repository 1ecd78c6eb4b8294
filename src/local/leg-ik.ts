/**
 * Analytic two-bone IK (hip → knee → ankle) in world space, for foot locking. The bend plane of
 * the pose is kept: the knee opens or closes about the plane's normal (from the current knee
 * position, or from a pole hint when the leg is straight), then the whole chain turns by the
 * shortest arc that points it at the target. Targets out of reach are clamped to the reachable
 * shell (the leg straightens, or folds no further than the bone lengths allow) along the same
 * direction.
 */
import { qFromTo, qMul, qNormalize, qRotate, type Arr } from '../motion/math3d.js';
import { len3 } from './len3.js';

/** Result of {@link solveTwoBone}: world-space rotations to pre-multiply onto the bones. */
export interface TwoBoneSolution {
  /** Applied to the upper bone's world rotation: `Q'upper = upper · Qupper`. */
  upper: Float64Array;
  /** Applied to the lower bone's world rotation: `Q'lower = lower · Qlower`. */
  lower: Float64Array;
  /** True when the target was out of reach and the chain was clamped. */
  clamped: boolean;
}

/** Slack kept from a fully straight or fully folded leg, as a fraction of the bones' total length. */
const REACH_SLACK = 1e-4;

function axisAngle(out: Arr, o: number, ax: number, ay: number, az: number, angle: number): void {
  const s = Math.sin(angle / 2);
  out[o] = ax * s; out[o + 1] = ay * s; out[o + 2] = az * s; out[o + 3] = Math.cos(angle / 2);
}

const clamp1 = (x: number) => Math.max(-1, Math.min(1, x));

// Scratch (the solver runs per frame; no allocation in the loop).
const r0 = new Float64Array(4);
const r1 = new Float64Array(4);
const r2 = new Float64Array(4);
const v = new Float64Array(3);
const w = new Float64Array(3);

/** Angle at the origin between vectors u and v (radians). */
function angleBetween(ux: number, uy: number, uz: number, vx: number, vy: number, vz: number): number {
  const lu = len3(ux, uy, uz), lv = len3(vx, vy, vz);
  if (lu < 1e-12 || lv < 1e-12) return 0;
  return Math.acos(clamp1((ux * vx + uy * vy + uz * vz) / (lu * lv)));
}

/**
 * Solves hip `a`, knee `b`, ankle `c` (world positions, 3 numbers each) for ankle target `t`.
 * `pole` (world direction the knee bends toward) is used only when the leg is too straight to
 * define a bend plane. Rotations are written into reusable `out` buffers when given.
 */
export function solveTwoBone(a: Arr, b: Arr, c: Arr, t: Arr, pole: Arr, out?: TwoBoneSolution): TwoBoneSolution {
  const res = out ?? { upper: new Float64Array(4), lower: new Float64Array(4), clamped: false };
  const abx = b[0]! - a[0]!, aby = b[1]! - a[1]!, abz = b[2]! - a[2]!;
  const bcx = c[0]! - b[0]!, bcy = c[1]! - b[1]!, bcz = c[2]! - b[2]!;
  const acx = c[0]! - a[0]!, acy = c[1]! - a[1]!, acz = c[2]! - a[2]!;
  const atx = t[0]! - a[0]!, aty = t[1]! - a[1]!, atz = t[2]! - a[2]!;
  const lab = len3(abx, aby, abz);
  const lcb = len3(bcx, bcy, bcz);
  const rawLat = len3(atx, aty, atz);
  const slack = REACH_SLACK * (lab + lcb);
  const lo = Math.abs(lab - lcb) + slack, hi = lab + lcb - slack;
  const lat = Math.max(lo, Math.min(hi, rawLat));
  res.clamped = rawLat < lo || rawLat > hi;

  // Bend-plane normal: (c−a) × (b−a); the pole stands in for b−a when the leg is straight.
  let nx = acy * abz - acz * aby, ny = acz * abx - acx * abz, nz = acx * aby - acy * abx;
  let nl = len3(nx, ny, nz);
  if (nl < 1e-6 * lab * len3(acx, acy, acz)) {
    nx = acy * pole[2]! - acz * pole[1]!; ny = acz * pole[0]! - acx * pole[2]!; nz = acx * pole[1]! - acy * pole[0]!;
    nl = len3(nx, ny, nz);
  }
  if (nl > 1e-12) {
    nx /= nl; ny /= nl; nz /= nl;
    // Law of cosines: angle at the hip between chain and upper bone, and the knee's interior angle.
    const hip0 = angleBetween(acx, acy, acz, abx, aby, abz);
    const knee0 = angleBetween(-abx, -aby, -abz, bcx, bcy, bcz);
    const hip1 = Math.acos(clamp1((lab * lab + lat * lat - lcb * lcb) / (2 * lab * lat)));
    const knee1 = Math.acos(clamp1((lab * lab + lcb * lcb - lat * lat) / (2 * lab * lcb)));
    axisAngle(r0, 0, nx, ny, nz, hip1 - hip0);
    axisAngle(r1, 0, nx, ny, nz, knee1 - knee0);
  } else {
    r0.set([0, 0, 0, 1]);
    r1.set([0, 0, 0, 1]);
  }
  // New ankle after bending: a + r0·((b−a) + r1·(c−b)).
  w[0] = bcx; w[1] = bcy; w[2] = bcz;
  qRotate(v, 0, r1, 0, w, 0);
  v[0] = v[0]! + abx; v[1] = v[1]! + aby; v[2] = v[2]! + abz;
  qRotate(v, 0, r0, 0, v, 0);
  const vl = len3(v[0]!, v[1]!, v[2]!);
  r2[0] = 0; r2[1] = 0; r2[2] = 0; r2[3] = 1;
  if (vl > 1e-12 && rawLat > 1e-12) {
    v[0] = v[0]! / vl; v[1] = v[1]! / vl; v[2] = v[2]! / vl;
    w[0] = atx / rawLat; w[1] = aty / rawLat; w[2] = atz / rawLat;
    qFromTo(r2, 0, v, 0, w, 0);
  }
  qMul(res.upper, 0, r2, 0, r0, 0);
  qNormalize(res.upper, 0);
  qMul(res.lower, 0, res.upper, 0, r1, 0);
  qNormalize(res.lower, 0);
  return res;
}
