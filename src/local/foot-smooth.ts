/**
 * Steadies a planted foot's world orientation: frame-to-frame jitter of a learned model's foot
 * rotation would otherwise swing the heel or toe of a locked foot back and forth. The rotation
 * is averaged over a small binomial window (±3 frames) and blended in where the foot is planted
 * (weight 1), fading out over 3 frames around planted spans so nothing pops.
 */
import { qNormalize, qSlerp } from '../motion/math3d.js';

const KERNEL = [1, 6, 15, 20, 15, 6, 1];
const FADE = 3;

/** Smooths `q` (`[T, 4]` world rotations, in place) where `planted[t]` is set. */
export function steadyFoot(q: Float64Array, planted: ArrayLike<number>): void {
  const T = planted.length;
  const half = KERNEL.length >> 1;
  // Weight: 1 on planted frames, fading out linearly over FADE frames.
  const w = new Float64Array(T);
  let last = -Infinity;
  for (let t = 0; t < T; t++) {
    if (planted[t]) last = t;
    w[t] = Math.max(0, 1 - (t - last) / (FADE + 1));
  }
  last = Infinity;
  for (let t = T - 1; t >= 0; t--) {
    if (planted[t]) last = t;
    w[t] = Math.max(w[t]!, 1 - (last - t) / (FADE + 1));
  }
  const src = Float64Array.from(q);
  const avg = new Float64Array(4);
  for (let t = 0; t < T; t++) {
    if (w[t]! <= 0) continue;
    avg.fill(0);
    for (let i = -half; i <= half; i++) {
      const s = Math.min(T - 1, Math.max(0, t + i));
      const sign = src[4 * s]! * src[4 * t]! + src[4 * s + 1]! * src[4 * t + 1]! + src[4 * s + 2]! * src[4 * t + 2]! + src[4 * s + 3]! * src[4 * t + 3]! < 0 ? -1 : 1;
      const k = KERNEL[i + half]! * sign;
      for (let c = 0; c < 4; c++) avg[c] = avg[c]! + k * src[4 * s + c]!;
    }
    qNormalize(avg, 0);
    qSlerp(q, 4 * t, src, 4 * t, avg, 0, w[t]!);
    qNormalize(q, 4 * t);
  }
}
