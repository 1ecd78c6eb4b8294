/**
 * Contact spans for foot locking: per-frame contact logits become a clean on/off mask
 * (hysteresis, short holes filled, short blips dropped), which is then grown over neighbouring
 * frames where the joint is still down and nearly still (the model's contact head often lets go
 * a frame or two early or late).
 */
import { len3 } from './len3.js';

/** A run of contact frames, `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** How logits become spans. */
export interface SpanRules {
  /** A span starts where the logit rises above this… */
  on: number;
  /** …and lasts while it stays above this. */
  off: number;
  /** Gaps of at most this many frames between spans are closed. */
  maxHole: number;
  /** Spans shorter than this many frames are dropped. */
  minFrames: number;
}

/** Default rules: logit hysteresis ±0.4 (p ≈ 0.6 / 0.4), holes ≤ 2 frames, spans ≥ 3 frames. */
export const DEFAULT_SPAN_RULES: SpanRules = { on: 0.4, off: -0.4, maxHole: 2, minFrames: 3 };

/** The runs of ones in `mask`. */
export function spansOf(mask: ArrayLike<number>): Span[] {
  const out: Span[] = [];
  let s = -1;
  for (let t = 0; t <= mask.length; t++) {
    const on = t < mask.length && mask[t]! > 0;
    if (on && s < 0) s = t;
    else if (!on && s >= 0) {
      out.push({ start: s, end: t });
      s = -1;
    }
  }
  return out;
}

/** Contact mask of `T` frames from logits read at `logits[offset + t * stride]`. */
export function contactMask(logits: ArrayLike<number>, offset: number, stride: number, T: number, rules: SpanRules = DEFAULT_SPAN_RULES): Uint8Array {
  const mask = new Uint8Array(T);
  let on = false;
  for (let t = 0; t < T; t++) {
    const x = logits[offset + t * stride]!;
    on = on ? x > rules.off : x > rules.on;
    mask[t] = on ? 1 : 0;
  }
  const spans = spansOf(mask);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start - spans[i - 1]!.end <= rules.maxHole) mask.fill(1, spans[i - 1]!.end, spans[i]!.start);
  }
  for (const s of spansOf(mask)) if (s.end - s.start < rules.minFrames) mask.fill(0, s.start, s.end);
  return mask;
}

/** A joint's world position coordinate `k` (0 x, 1 y, 2 z) at frame `t`. */
export type JointTrack = (t: number, k: number) => number;

/**
 * Grows every span of `mask` (in place) over adjacent frames where the joint stays within
 * `margin` metres above the span's mean height and moves slower than `speed` m/s (central
 * differences at `fps`); on frames where `still[t]` is set the speed is not checked.
 */
export function growMask(mask: Uint8Array, at: JointTrack, fps: number, margin: number, speed: number, still?: ArrayLike<number>): void {
  const T = mask.length;
  const slow = (t: number) => {
    if (still?.[t]) return true;
    const a = Math.max(0, t - 1), b = Math.min(T - 1, t + 1);
    if (b === a) return true;
    return (len3(at(b, 0) - at(a, 0), at(b, 1) - at(a, 1), at(b, 2) - at(a, 2)) * fps) / (b - a) < speed;
  };
  for (const s of spansOf(mask)) {
    let h = 0;
    for (let t = s.start; t < s.end; t++) h += at(t, 1);
    const top = h / (s.end - s.start) + margin;
    for (let t = s.start - 1; t >= 0 && !mask[t] && at(t, 1) < top && slow(t); t--) mask[t] = 1;
    for (let t = s.end; t < T && !mask[t] && at(t, 1) < top && slow(t); t++) mask[t] = 1;
  }
}

/**
 * Splits spans of `mask` (in place) whose joint travels too far on the ground to be one
 * planted step: a span keeps its frames while the joint stays within `maxDrift` metres (ground
 * plane) of where the piece began; then `gap` frames are released (the foot re-plants there)
 * and a new piece begins. Pieces shorter than `minFrames` are released too. Released gap
 * frames are cleared from `alsoClear` too (the toe of a re-planting foot lets go as well).
 */
export function splitByDrift(mask: Uint8Array, at: JointTrack, maxDrift: number, gap: number, minFrames: number, alsoClear?: Uint8Array): void {
  const x = (t: number) => at(t, 0);
  const z = (t: number) => at(t, 2);
  for (const s of spansOf(mask)) {
    let a = s.start;
    while (a < s.end) {
      let e = a + 1;
      while (e < s.end && len3(x(e) - x(a), 0, z(e) - z(a)) <= maxDrift) e++;
      if (e - a < minFrames) mask.fill(0, a, e);
      const g = Math.min(s.end, e + (e < s.end ? gap : 0));
      mask.fill(0, e, g);
      alsoClear?.fill(0, e, g);
      a = g;
    }
  }
}
