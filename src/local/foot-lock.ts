/**
 * Contact-driven foot locking (foot-skate cleanup) for generated clips, run by the local runtime
 * after the root path is final and before encoding.
 *
 * Per leg (a contact joint whose parent and grandparent are the lower and upper leg, below a
 * non-root hip joint), with an optional toe (a contact joint whose parent is that foot):
 * 1. Contact spans from the decoder's contact logits ({@link contactMask}), grown over adjacent
 *    frames where the joint is still down and nearly still ({@link growMask}); a span over
 *    which the foot slides too far becomes several steps ({@link splitByDrift}).
 * 2. The foot joint gets one planted target per span: the mean ground position over the span,
 *    height the span's mean height, never below the joint's rest height. The correction
 *    (target − original) is fixed on the span and spread smoothly over the frames between spans
 *    ({@link fillOffsets}), with a small lift where it carries the foot to its next plant
 *    ({@link liftBridges}).
 * 3. The planted foot's orientation is steadied ({@link steadyFoot}); the toe is pinned too
 *    ({@link lockToe}): the foot turns toward the toe's target while both are down and rolls
 *    about the pinned toe when the heel is off.
 * 4. An analytic two-bone IK ({@link solveTwoBone}) moves the foot joint onto the corrected
 *    position; the foot gets its (steadied, turned) world orientation, so the toes follow.
 *
 * Only the upper leg, lower leg and foot rotations change. Deterministic; a 10 s clip costs
 * about a millisecond once the code is warm.
 */
import type { MotionSkeleton } from '../motion/types.js';
import { qConjMul, qMul, qNormalize, qRotate } from '../motion/math3d.js';
import { contactMask, growMask, splitByDrift, spansOf, DEFAULT_SPAN_RULES, type JointTrack, type SpanRules } from './foot-spans.js';
import { solveTwoBone, type TwoBoneSolution } from './leg-ik.js';
import { fillOffsets, liftBridges } from './lock-offsets.js';
import { lockToe } from './toe-lock.js';
import { steadyFoot } from './foot-smooth.js';
import { len3 } from './len3.js';
import { restHeights, worldPose } from './world-pose.js';

/** Input of {@link lockFeet}. `rotations` is modified in place. */
export interface FootLockInput {
  skeleton: MotionSkeleton;
  fps: number;
  frames: number;
  /** Frame-major local rotations `[T, J, 4]` (modified in place). */
  rotations: Float32Array;
  /** Root world positions `[T, 3]`. */
  rootPositions: Float32Array;
  /** Contact joint names, in the order of the logits. */
  contactJoints: readonly string[];
  /** Contact logit of contact joint `k` at frame `t` is `logits[offset + t * stride + k]`. */
  logits: ArrayLike<number>;
  offset: number;
  stride: number;
}

/** Tuning of {@link lockFeet} (defaults in {@link DEFAULT_FOOT_LOCK}). */
export interface FootLockRules {
  spans: SpanRules;
  /** Spans grow over frames within this height (m) above the span's mean height… */
  growMargin: number;
  /** …that move slower than this (m/s). */
  growSpeed: number;
  /** Longest gap (s) between locked spans over which the correction is carried across. */
  bridgeSeconds: number;
  /** Time (s) over which a correction eases out after, or in before, a longer gap. */
  easeSeconds: number;
  /** A planted span whose foot slides farther than this (m) is split into steps… */
  maxDrift: number;
  /** …with this many seconds between them to re-plant. */
  replantSeconds: number;
  /** Highest lift (m) added to a foot carried between two planted spans (half the distance it is carried). */
  maxLift: number;
}

/** Default tuning. */
export const DEFAULT_FOOT_LOCK: FootLockRules = { spans: DEFAULT_SPAN_RULES, growMargin: 0.02, growSpeed: 0.3, bridgeSeconds: 1, easeSeconds: 0.25, maxDrift: 0.1, replantSeconds: 0.15, maxLift: 0.04 };

/** What {@link lockFeet} did. */
export interface FootLockResult {
  /** Final contact flags per contact joint (the spans that were locked). */
  contacts: Record<string, Uint8Array>;
  /** Legs found and locked (foot joint names). */
  legs: string[];
  /** Largest correction applied to a foot joint, metres. */
  maxCorrection: number;
  /** Frames where a target was out of the leg's reach (clamped). */
  clampedFrames: number;
}

/** Joint indices of one leg (`toe`/`toeK` −1 when it has no toe contact). */
interface Leg {
  foot: number;
  lower: number;
  upper: number;
  hip: number;
  toe: number;
  footK: number;
  toeK: number;
  /** Knee bend direction in the upper leg's frame (pole hint for a straight leg). */
  pole: [number, number, number];
}

/** The legs of a skeleton for its contact joints. */
function findLegs(sk: MotionSkeleton, contactJoints: readonly string[]): Leg[] {
  const idx = contactJoints.map((n) => sk.names.indexOf(n));
  const legs: Leg[] = [];
  idx.forEach((foot, footK) => {
    if (foot < 0 || idx.includes(sk.parents[foot]!)) return; // a toe, or absent
    const lower = sk.parents[foot]!;
    const upper = lower >= 0 ? sk.parents[lower]! : -1;
    const hip = upper >= 0 ? sk.parents[upper]! : -1;
    if (hip < 0) return;
    const rt = sk.restTranslations;
    const len = (j: number) => len3(rt[3 * j]!, rt[3 * j + 1]!, rt[3 * j + 2]!);
    if (len(lower) < 0.05 || len(foot) < 0.05) return;
    const toeK = idx.findIndex((j) => j >= 0 && sk.parents[j] === foot);
    // Pole: the rest knee's offset from the hip→ankle line (forward for a human knee).
    const kx = rt[3 * lower]!, ky = rt[3 * lower + 1]!, kz = rt[3 * lower + 2]!;
    const ax = kx + rt[3 * foot]!, ay = ky + rt[3 * foot + 1]!, az = kz + rt[3 * foot + 2]!;
    const s = (kx * ax + ky * ay + kz * az) / (ax * ax + ay * ay + az * az);
    let pole: [number, number, number] = [kx - s * ax, ky - s * ay, kz - s * az];
    const pl = len3(...pole);
    pole = pl > 1e-4 ? [pole[0] / pl, pole[1] / pl, pole[2] / pl] : [0, 0, 1];
    legs.push({ foot, lower, upper, hip, toe: toeK >= 0 ? idx[toeK]! : -1, footK, toeK, pole });
  });
  return legs;
}

/** Locks planted feet of one clip in place; returns the contacts that were locked. */
export function lockFeet(input: FootLockInput, rules: FootLockRules = DEFAULT_FOOT_LOCK): FootLockResult {
  const { skeleton: sk, frames: T, fps, rotations } = input;
  const J = sk.names.length;
  const contacts: Record<string, Uint8Array> = {};
  input.contactJoints.forEach((name, k) => {
    contacts[name] = contactMask(input.logits, input.offset + k, input.stride, T, rules.spans);
  });
  const result: FootLockResult = { contacts, legs: [], maxCorrection: 0, clampedFrames: 0 };
  const legs = findLegs(sk, input.contactJoints);
  if (legs.length === 0 || T < 2) return result;
  const { pos, q } = worldPose(sk, T, rotations, input.rootPositions, legs.flatMap((l) => (l.toe >= 0 ? [l.toe] : [l.foot])));
  const rest = restHeights(sk);
  const bridge = Math.round(rules.bridgeSeconds * fps);
  const ease = Math.max(1, Math.round(rules.easeSeconds * fps));
  const replant = Math.max(1, Math.round(rules.replantSeconds * fps));
  const P = (j: number, t: number, k: number) => pos[(t * J + j) * 3 + k]!;

  for (const leg of legs) {
    const maskA = contacts[input.contactJoints[leg.footK]!]!;
    const ankle: JointTrack = (t, k) => P(leg.foot, t, k);
    const maskB = leg.toe >= 0 ? contacts[input.contactJoints[leg.toeK]!]! : undefined;
    // A heel barely off the floor over a planted toe counts as planted (no speed check there).
    growMask(maskA, ankle, fps, rules.growMargin, rules.growSpeed, maskB);
    splitByDrift(maskA, ankle, rules.maxDrift, replant, rules.spans.minFrames, maskB);
    // 2. Foot-joint correction.
    const off = new Float64Array(T * 3);
    for (const s of spansOf(maskA)) {
      let x = 0, y = 0, z = 0;
      for (let t = s.start; t < s.end; t++) { x += P(leg.foot, t, 0); y += P(leg.foot, t, 1); z += P(leg.foot, t, 2); }
      const n = s.end - s.start;
      const target = [x / n, Math.max(y / n, rest[leg.foot]!), z / n];
      for (let t = s.start; t < s.end; t++) for (let k = 0; k < 3; k++) off[3 * t + k] = target[k]! - P(leg.foot, t, k);
    }
    fillOffsets(off, maskA, bridge, ease);
    liftBridges(off, maskA, bridge, rules.maxLift);
    // 3. Toe: the foot turns so the toe stays on its target, or rolls about it when the heel is off.
    const footQ = new Float64Array(T * 4);
    for (let t = 0; t < T; t++) for (let k = 0; k < 4; k++) footQ[4 * t + k] = q[(t * J + leg.foot) * 4 + k]!;
    if (maskB) {
      // The toe as the corrected foot carries it (a toe under a locked foot is still).
      const toe: JointTrack = (t, k) => P(leg.toe, t, k) + off[3 * t + k]!;
      growMask(maskB, toe, fps, rules.growMargin, rules.growSpeed, maskA);
      splitByDrift(maskB, toe, rules.maxDrift, replant, rules.spans.minFrames);
    }
    steadyFoot(footQ, maskB ? maskA.map((v, i) => v | maskB[i]!) : maskA);
    if (maskB) {
      const ankle = new Float64Array(T * 3);
      for (let t = 0; t < T; t++) for (let k = 0; k < 3; k++) ankle[3 * t + k] = P(leg.foot, t, k) + off[3 * t + k]!;
      const extra = lockToe({ maskA, maskB, ankle, footQ, toeOffset: sk.restTranslations.subarray(3 * leg.toe, 3 * leg.toe + 3), floor: rest[leg.toe]!, bridge, ease, maxShift: rules.maxDrift });
      for (let i = 0; i < off.length; i++) off[i] = off[i]! + extra[i]!;
    }
    // 4. IK onto the corrected foot position, foot orientation kept.
    applyIk(leg, sk, T, pos, q, footQ, rotations, off, result);
    result.legs.push(sk.names[leg.foot]!);
  }
  return result;
}

/** Two-bone IK per frame onto `foot + off`, writing upper leg, lower leg and foot local rotations. */
function applyIk(leg: Leg, sk: MotionSkeleton, T: number, pos: Float64Array, q: Float64Array, footQ: Float64Array, rotations: Float32Array, off: Float64Array, result: FootLockResult): void {
  const J = sk.names.length;
  const sol: TwoBoneSolution = { upper: new Float64Array(4), lower: new Float64Array(4), clamped: false };
  const target = new Float64Array(3);
  const pole = new Float64Array(3);
  const qu = new Float64Array(4), ql = new Float64Array(4);
  for (let t = 0; t < T; t++) {
    const ox = off[3 * t]!, oy = off[3 * t + 1]!, oz = off[3 * t + 2]!;
    const mag = len3(ox, oy, oz);
    let turned = false;
    for (let k = 0; k < 4; k++) turned ||= footQ[4 * t + k] !== q[(t * J + leg.foot) * 4 + k];
    if (mag < 1e-6 && !turned) continue;
    result.maxCorrection = Math.max(result.maxCorrection, mag);
    const o = (j: number) => (t * J + j) * 3;
    const r = (j: number) => (t * J + j) * 4;
    target[0] = pos[o(leg.foot)]! + ox; target[1] = pos[o(leg.foot) + 1]! + oy; target[2] = pos[o(leg.foot) + 2]! + oz;
    qRotate(pole, 0, q, r(leg.upper), leg.pole, 0);
    solveTwoBone(pos.subarray(o(leg.upper)), pos.subarray(o(leg.lower)), pos.subarray(o(leg.foot)), target, pole, sol);
    if (sol.clamped) result.clampedFrames++;
    qMul(qu, 0, sol.upper, 0, q, r(leg.upper));
    qMul(ql, 0, sol.lower, 0, q, r(leg.lower));
    writeLocal(rotations, r(leg.upper), q, r(leg.hip), qu, 0);
    writeLocal(rotations, r(leg.lower), qu, 0, ql, 0);
    writeLocal(rotations, r(leg.foot), ql, 0, footQ, 4 * t);
  }
}

const tmpQ = new Float64Array(4);

/** rotations[o..] = normalise(conj(parentWorld) · childWorld), sign kept continuous with the old value. */
function writeLocal(rotations: Float32Array, o: number, parent: Float64Array, pi: number, child: Float64Array, ci: number): void {
  qConjMul(tmpQ, 0, parent, pi, child, ci);
  qNormalize(tmpQ, 0);
  const dot = tmpQ[0]! * rotations[o]! + tmpQ[1]! * rotations[o + 1]! + tmpQ[2]! * rotations[o + 2]! + tmpQ[3]! * rotations[o + 3]!;
  const s = dot < 0 ? -1 : 1;
  for (let k = 0; k < 4; k++) rotations[o + k] = s * tmpQ[k]!;
}
