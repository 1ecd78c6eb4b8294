/**
 * The analytic two-bone IK of the foot lock (src/local/leg-ik.ts) on synthetic chains, and
 * lockFeet on a synthetic sliding leg: targets within reach are met within 1 mm with the bone
 * lengths kept and the knee in its original bend plane side; unreachable targets clamp to the
 * reachable shell along the target direction; a planted foot stops sliding and keeps its world
 * orientation.
 */
import { describe, expect, it } from 'vitest';
import { solveTwoBone } from '../../src/local/leg-ik.js';
import { lockFeet } from '../../src/local/foot-lock.js';
import { qRotate } from '../../src/motion/math3d.js';
import type { MotionClip, MotionSkeleton } from '../../src/motion/types.js';
import { mulberry32 } from '../support/mulberry32.js';
import { worldPositions } from '../support/foot-skate.js';

type V = [number, number, number];
const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: V, b: V): V => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const len = (a: V) => Math.hypot(...a);
const rot = (q: Float64Array, v: V): V => {
  const o = new Float64Array(3);
  qRotate(o, 0, q, 0, v, 0);
  return [o[0]!, o[1]!, o[2]!];
};
const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: V, b: V) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Applies a solution: new knee and ankle positions (the chain rotates about the hip). */
function apply(hip: V, knee: V, ankle: V, sol: { upper: Float64Array; lower: Float64Array }): { knee: V; ankle: V } {
  const k = add(hip, rot(sol.upper, sub(knee, hip)));
  return { knee: k, ankle: add(k, rot(sol.lower, sub(ankle, knee))) };
}

function randomLeg(rnd: () => number): { hip: V; knee: V; ankle: V } {
  const hip: V = [rnd() - 0.5, 0.9 + rnd() * 0.2, rnd() - 0.5];
  const thigh = 0.35 + rnd() * 0.1, shin = 0.35 + rnd() * 0.1;
  const bend = 0.1 + rnd() * 1.2; // knee flexion, radians
  const yaw = rnd() * 2 * Math.PI;
  const pitch = (rnd() - 0.5) * 0.8;
  // Thigh tilted forward by `pitch`, shin bent back by `bend`, all turned by `yaw` about +Y.
  const dir = (a: number): V => [Math.sin(yaw) * Math.sin(a), -Math.cos(a), Math.cos(yaw) * Math.sin(a)];
  const knee = add(hip, dir(pitch).map((x) => x * thigh) as V);
  const ankle = add(knee, dir(pitch - bend).map((x) => x * shin) as V);
  return { hip, knee, ankle };
}

describe('two-bone IK', () => {
  it('reaches targets within reach to 1 mm and keeps bone lengths', () => {
    const rnd = mulberry32(11);
    for (let i = 0; i < 500; i++) {
      const { hip, knee, ankle } = randomLeg(rnd);
      const lab = len(sub(knee, hip)), lcb = len(sub(ankle, knee));
      // Target: a random point at 30–95 % of full reach, in a random direction below the hip.
      const d: V = [rnd() - 0.5, -0.6 - rnd(), rnd() - 0.5];
      const r = (Math.abs(lab - lcb) + 0.05 + rnd() * (0.95 * (lab + lcb) - Math.abs(lab - lcb) - 0.05)) / len(d);
      const target = add(hip, d.map((x) => x * r) as V);
      const sol = solveTwoBone(hip, knee, ankle, target, [0, 0, 1]);
      expect(sol.clamped).toBe(false);
      const out = apply(hip, knee, ankle, sol);
      expect(len(sub(out.ankle, target))).toBeLessThan(1e-3);
      expect(Math.abs(len(sub(out.knee, hip)) - lab)).toBeLessThan(1e-9);
      expect(Math.abs(len(sub(out.ankle, out.knee)) - lcb)).toBeLessThan(1e-9);
      for (const q of [sol.upper, sol.lower]) expect(Math.hypot(...q)).toBeCloseTo(1, 9);
    }
  });

  it('keeps the bend direction: a small target move barely turns the bend plane', () => {
    const rnd = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      const { hip, knee, ankle } = randomLeg(rnd);
      const n0 = cross(sub(ankle, hip), sub(knee, hip));
      const target = add(ankle, [(rnd() - 0.5) * 0.05, (rnd() - 0.5) * 0.05, (rnd() - 0.5) * 0.05]);
      const out = apply(hip, knee, ankle, solveTwoBone(hip, knee, ankle, target, [0, 0, 1]));
      const n1 = cross(sub(out.ankle, hip), sub(out.knee, hip));
      expect(dot(n0, n1) / (len(n0) * len(n1))).toBeGreaterThan(0.98);
    }
  });

  it('clamps unreachable targets: straight leg toward a far target, folded leg for one too close', () => {
    const hip: V = [0, 1, 0], knee: V = [0, 0.6, 0.05], ankle: V = [0, 0.3, 0];
    const lab = len(sub(knee, hip)), lcb = len(sub(ankle, knee));
    const far: V = [0.3, -1, 0.4];
    const sol = solveTwoBone(hip, knee, ankle, far, [0, 0, 1]);
    expect(sol.clamped).toBe(true);
    const out = apply(hip, knee, ankle, sol);
    const reach = len(sub(out.ankle, hip));
    expect(reach).toBeGreaterThan((lab + lcb) * 0.999);
    expect(reach).toBeLessThanOrEqual(lab + lcb + 1e-9);
    const u = sub(out.ankle, hip), w = sub(far, hip);
    expect(dot(u, w) / (len(u) * len(w))).toBeGreaterThan(0.99999);
    // Too close (inside the folded limit |lab − lcb|): the leg folds as far as it can, no NaN.
    const near = add(hip, [0, -0.001, 0.001]);
    const s2 = solveTwoBone(hip, knee, ankle, near, [0, 0, 1]);
    expect(s2.clamped).toBe(true);
    const o2 = apply(hip, knee, ankle, s2);
    expect(o2.ankle.every(Number.isFinite)).toBe(true);
    expect(len(sub(o2.ankle, hip))).toBeLessThan(Math.abs(lab - lcb) + 0.01);
  });

  it('bends a straight leg toward the pole hint', () => {
    const hip: V = [0, 1, 0], knee: V = [0, 0.6, 0], ankle: V = [0, 0.2, 0];
    const out = apply(hip, knee, ankle, solveTwoBone(hip, knee, ankle, [0, 0.4, 0], [0, 0, 1]));
    expect(len(sub(out.ankle, [0, 0.4, 0]))).toBeLessThan(1e-3);
    expect(out.knee[2]).toBeGreaterThan(0.1); // forward, toward +Z
  });
});

describe('lockFeet on a synthetic leg', () => {
  // Hips → UpperLeg → LowerLeg → Foot; the hips glide forward while the leg pose stays fixed,
  // so the foot slides at the hips' speed: slowly (within one planted step's drift) on 10..39,
  // where the contact logits say the foot is planted, fast elsewhere.
  const sk: MotionSkeleton = {
    names: ['Hips', 'UpperLeg', 'LowerLeg', 'Foot'],
    parents: Int32Array.from([-1, 0, 1, 2]),
    restTranslations: Float32Array.from([0, 0.9, 0, 0.1, -0.05, 0, 0, -0.4, 0.03, 0, -0.4, -0.03]),
    restRotations: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
  };
  const T = 50, J = 4;
  const rotations = new Float32Array(T * J * 4);
  const rootPositions = new Float32Array(T * 3);
  const s = Math.sin(0.15), c = Math.cos(0.15);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < J; j++) rotations[(t * J + j) * 4 + 3] = 1;
    // Knee slightly bent (about +X) so there is a bend plane; foot back to level.
    rotations.set([s, 0, 0, c], (t * J + 1) * 4);
    rotations.set([-2 * s * c, 0, 0, c * c - s * s], (t * J + 2) * 4);
    rotations.set([s, 0, 0, c], (t * J + 3) * 4);
    // 9 cm/s forward on 10..39, 0.9 m/s elsewhere (too fast to count as planted).
    const z = t < 10 ? 0.03 * (t - 10) : t < 40 ? 0.003 * (t - 10) : 0.087 + 0.03 * (t - 39);
    rootPositions.set([0, 0.9, z], 3 * t);
  }
  const logits = new Float32Array(T).map((_, t) => (t >= 10 && t < 40 ? 4 : -4));
  const clip = (rot: Float32Array): MotionClip => ({ name: 's', fps: 30, frameCount: T, jointNames: sk.names, rotations: rot, rootPositions, chunkBoundaries: [] });

  it('pins the planted foot (within 1 mm) and keeps its world orientation', () => {
    const before = worldPositions(sk, clip(rotations));
    const locked = Float32Array.from(rotations);
    const res = lockFeet({ skeleton: sk, fps: 30, frames: T, rotations: locked, rootPositions, contactJoints: ['Foot'], logits, offset: 0, stride: 1 });
    expect(res.legs).toEqual(['Foot']);
    const P = worldPositions(sk, clip(locked));
    const foot = (A: Float64Array, t: number): V => [A[(t * J + 3) * 3]!, A[(t * J + 3) * 3 + 1]!, A[(t * J + 3) * 3 + 2]!];
    const planted = Array.from(res.contacts.Foot!).flatMap((v, t) => (v ? [t] : []));
    expect(planted).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    for (const t of planted) expect(len(sub(foot(P, t), foot(P, planted[0]!)))).toBeLessThan(1e-3);
    // It was sliding 3 mm per frame before.
    expect(len(sub(foot(before, 39), foot(before, 10)))).toBeGreaterThan(0.08);
    // Foot world orientation unchanged: world = Hips·Upper·Lower·Foot (all about +X here).
    for (let t = 0; t < T; t++) {
      let angle = 0;
      for (let j = 0; j < J; j++) angle += 2 * Math.atan2(locked[(t * J + j) * 4]!, locked[(t * J + j) * 4 + 3]!);
      expect(Math.abs(angle)).toBeLessThan(1e-5);
      for (let j = 0; j < J; j++) expect(Math.abs(locked[(t * J + j) * 4 + 1]!) + Math.abs(locked[(t * J + j) * 4 + 2]!)).toBeLessThan(1e-5);
    }
    // Outside the span the foot returns to its own path (eased); nothing is NaN.
    expect(len(sub(foot(P, T - 1), foot(before, T - 1)))).toBeLessThan(1e-6);
    expect(locked.every(Number.isFinite)).toBe(true);
  });
});
