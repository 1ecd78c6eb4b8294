/**
 * The toe half of foot locking. Given the foot joint's corrected positions and the foot's world
 * rotations, every toe contact span gets one planted toe target and:
 * - where the foot joint is planted too, the foot turns (shortest arc, world space) so the toe
 *   points at its target — the foot is rigid, so the toe then stays put while the foot joint is
 *   locked; the turn is spread smoothly over the other frames like any correction;
 * - where only the toe is planted (heel off), the whole foot is translated so the toe sits on
 *   its target: the foot rolls about a fixed toe.
 * The toe target of a span that overlaps a planted foot span is where the (rigid) toe points on
 * average, at the foot's length from the planted foot joint; a span next to one starts or ends
 * where the toe is on that neighbouring frame; a lone span uses its mean position. A toe-only
 * run between two planted-foot spans (the foot re-plants there) and toe-only frames that would
 * drag the foot too far are let go.
 */
import { qFromTo, qMul, qNormalize, qRotate } from '../motion/math3d.js';
import { spansOf } from './foot-spans.js';
import { fillOffsets } from './lock-offsets.js';
import { len3 } from './len3.js';

/** Input of {@link lockToe}. */
export interface ToeLockInput {
  /** Foot-joint planted mask and toe planted mask. */
  maskA: Uint8Array;
  maskB: Uint8Array;
  /** Corrected foot-joint world positions `[T, 3]`. */
  ankle: Float64Array;
  /** Foot world rotations `[T, 4]` (turned in place toward the toe targets). */
  footQ: Float64Array;
  /** The toe joint's rest translation in the foot's frame. */
  toeOffset: ArrayLike<number>;
  /** Lowest toe target height (m). */
  floor: number;
  /** Gap (frames) over which corrections are carried between locked frames ({@link fillOffsets}). */
  bridge: number;
  /** Frames over which a correction eases out before/after a longer gap. */
  ease: number;
  /** Toe-only frames that would need the foot moved farther than this (m) are let go. */
  maxShift: number;
}

function toePositions(ankle: Float64Array, footQ: Float64Array, off: ArrayLike<number>, T: number): Float64Array {
  const toe = new Float64Array(T * 3);
  for (let t = 0; t < T; t++) {
    qRotate(toe, 3 * t, footQ, 4 * t, off, 0);
    for (let k = 0; k < 3; k++) toe[3 * t + k] = toe[3 * t + k]! + ankle[3 * t + k]!;
  }
  return toe;
}

/**
 * Writes per-frame toe targets into `tgt` for the toe spans that overlap a planted-foot span
 * (`overlapping`), or for the others.
 */
function toeTargets(inp: ToeLockInput, toe: Float64Array, tgt: Float64Array, overlapping: boolean): void {
  const { maskA, maskB, ankle } = inp;
  const T = maskA.length;
  const L = len3(inp.toeOffset[0]!, inp.toeOffset[1]!, inp.toeOffset[2]!);
  const aSpans = spansOf(maskA);
  for (const s of spansOf(maskB)) {
    // The planted-foot piece this toe span overlaps most.
    let best = -1, bestN = 0;
    aSpans.forEach((a, i) => {
      const n = Math.min(a.end, s.end) - Math.max(a.start, s.start);
      if (n > bestN) { best = i; bestN = n; }
    });
    const n = s.end - s.start;
    if ((best >= 0) !== overlapping) continue;
    if (best >= 0) {
      const a = aSpans[best]!;
      const from = Math.max(a.start, s.start), to = Math.min(a.end, s.end);
      const m = [0, 0, 0];
      for (let t = from; t < to; t++) for (let k = 0; k < 3; k++) m[k] = m[k]! + (toe[3 * t + k]! - ankle[3 * from + k]!) / (to - from);
      const ml = len3(m[0]!, m[1]!, m[2]!) || 1;
      for (let t = s.start; t < s.end; t++) for (let k = 0; k < 3; k++) tgt[3 * t + k] = ankle[3 * from + k]! + (L * m[k]!) / ml;
      continue;
    }
    const left = s.start > 0 && maskA[s.start - 1] ? s.start - 1 : -1;
    const right = s.end < T && maskA[s.end] ? s.end : -1;
    const mean = [0, 0, 0];
    for (let t = s.start; t < s.end; t++) for (let k = 0; k < 3; k++) mean[k] = mean[k]! + toe[3 * t + k]! / n;
    mean[1] = Math.max(mean[1]!, inp.floor);
    for (let t = s.start; t < s.end; t++) {
      const u = (t - s.start + 1) / (n + 1);
      for (let k = 0; k < 3; k++) {
        tgt[3 * t + k] = left >= 0 && right >= 0 ? (1 - u) * toe[3 * left + k]! + u * toe[3 * right + k]!
          : left >= 0 ? toe[3 * left + k]! : right >= 0 ? toe[3 * right + k]! : mean[k]!;
      }
    }
  }
}

/**
 * Turns the foot toward the toe targets (in place on `footQ`) and returns the extra foot-joint
 * translation `[T, 3]` that pins the toe where only the toe is planted.
 */
export function lockToe(inp: ToeLockInput): Float64Array {
  const { maskA, maskB, ankle, footQ } = inp;
  const T = maskA.length;
  // A toe-only run between two planted-foot spans is where the foot re-plants: let it go.
  const only = maskB.map((v, i) => (v && !maskA[i] ? 1 : 0));
  for (const r of spansOf(only)) if (r.start > 0 && maskA[r.start - 1] && r.end < T && maskA[r.end]) maskB.fill(0, r.start, r.end);
  const tgt = new Float64Array(T * 3);
  const toe = toePositions(ankle, footQ, inp.toeOffset, T);
  toeTargets(inp, toe, tgt, true);
  // Aim: a rotation vector per frame, fixed where both are planted, filled elsewhere.
  const both = maskA.map((v, i) => (v && maskB[i] ? 1 : 0));
  const rv = new Float64Array(T * 3);
  const q = new Float64Array(4);
  const u = new Float64Array(3), v = new Float64Array(3);
  for (let t = 0; t < T; t++) {
    if (!both[t]) continue;
    for (let k = 0; k < 3; k++) { u[k] = toe[3 * t + k]! - ankle[3 * t + k]!; v[k] = tgt[3 * t + k]! - ankle[3 * t + k]!; }
    const lu = len3(u[0]!, u[1]!, u[2]!), lv = len3(v[0]!, v[1]!, v[2]!);
    if (lu < 1e-9 || lv < 1e-9) continue;
    for (let k = 0; k < 3; k++) { u[k] = u[k]! / lu; v[k] = v[k]! / lv; }
    qFromTo(q, 0, u, 0, v, 0);
    const s = len3(q[0]!, q[1]!, q[2]!);
    const angle = 2 * Math.atan2(s, q[3]!);
    if (s > 1e-12) for (let k = 0; k < 3; k++) rv[3 * t + k] = (q[k]! / s) * angle;
  }
  fillOffsets(rv, both, inp.bridge, inp.ease);
  for (let t = 0; t < T; t++) {
    const ang = len3(rv[3 * t]!, rv[3 * t + 1]!, rv[3 * t + 2]!);
    if (ang < 1e-9) continue;
    const s = Math.sin(ang / 2) / ang;
    q[0] = rv[3 * t]! * s; q[1] = rv[3 * t + 1]! * s; q[2] = rv[3 * t + 2]! * s; q[3] = Math.cos(ang / 2);
    qMul(footQ, 4 * t, q, 0, footQ, 4 * t);
    qNormalize(footQ, 4 * t);
  }
  // Pin: toe-only frames translate the foot onto the target.
  const turned = toePositions(ankle, footQ, inp.toeOffset, T);
  toeTargets(inp, turned, tgt, false);
  const extra = new Float64Array(T * 3);
  for (let t = 0; t < T; t++) {
    if (!maskB[t] || maskA[t]) continue;
    for (let k = 0; k < 3; k++) extra[3 * t + k] = tgt[3 * t + k]! - turned[3 * t + k]!;
    if (len3(extra[3 * t]!, extra[3 * t + 1]!, extra[3 * t + 2]!) > inp.maxShift) {
      maskB[t] = 0;
      extra.fill(0, 3 * t, 3 * t + 3);
    }
  }
  fillOffsets(extra, maskA.map((x, i) => (x || maskB[i] ? 1 : 0)), inp.bridge, inp.ease);
  return extra;
}
