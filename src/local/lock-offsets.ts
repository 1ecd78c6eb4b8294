/**
 * Smooth correction fields for foot locking. A correction (a 3D offset per frame) is fixed on
 * locked frames; on the free frames between them it is filled in so the foot never pops: a gap
 * of at most `bridge` frames is crossed with a smoothstep from the offset before it to the
 * offset after it (the correction is spread over the swing, where the foot moves fast anyway),
 * and a longer gap, or one at either end of the clip, eases the offset to zero over `ease`
 * frames. Smoothstep has zero slope at both ends, so the foot leaves and meets a locked span
 * with the original motion's velocity.
 */

const smoothstep = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/**
 * Fills `offsets` (`[T, 3]`, in place) on frames where `fixed[t]` is 0. Frames where it is
 * non-zero keep their values.
 */
export function fillOffsets(offsets: Float64Array, fixed: ArrayLike<number>, bridge: number, ease: number): void {
  const T = fixed.length;
  let t = 0;
  while (t < T) {
    if (fixed[t]) { t++; continue; }
    const a = t; // first free frame
    while (t < T && !fixed[t]) t++;
    const b = t; // first fixed frame after the gap (or T)
    const n = b - a;
    const hasL = a > 0, hasR = b < T;
    for (let f = a; f < b; f++) for (let k = 0; k < 3; k++) offsets[3 * f + k] = 0;
    if (hasL && hasR && n <= bridge) {
      for (let f = a; f < b; f++) {
        const w = smoothstep((f - a + 1) / (n + 1));
        for (let k = 0; k < 3; k++) offsets[3 * f + k] = (1 - w) * offsets[3 * (a - 1) + k]! + w * offsets[3 * b + k]!;
      }
      continue;
    }
    const e = Math.min(ease, n);
    if (hasL) {
      for (let f = a; f < a + e; f++) {
        const w = 1 - smoothstep((f - a + 1) / (e + 1));
        for (let k = 0; k < 3; k++) offsets[3 * f + k] = offsets[3 * f + k]! + w * offsets[3 * (a - 1) + k]!;
      }
    }
    if (hasR) {
      for (let f = b - e; f < b; f++) {
        const w = smoothstep((f - (b - e) + 1) / (e + 1));
        for (let k = 0; k < 3; k++) offsets[3 * f + k] = offsets[3 * f + k]! + w * offsets[3 * b + k]!;
      }
    }
  }
}

/**
 * Adds a lift to the vertical offset (`offsets[3t+1]`) on every bridged gap (≤ `bridge`
 * frames between two fixed runs) in proportion to how far the correction moves the foot
 * across it — half the ground distance, at most `maxLift` metres, as a parabola peaking mid-gap —
 * so a re-planting foot steps instead of gliding over the floor.
 */
export function liftBridges(offsets: Float64Array, fixed: ArrayLike<number>, bridge: number, maxLift: number): void {
  const T = fixed.length;
  let t = 0;
  while (t < T) {
    if (fixed[t]) { t++; continue; }
    const a = t;
    while (t < T && !fixed[t]) t++;
    const b = t;
    if (a === 0 || b === T || b - a > bridge) continue;
    const dx = offsets[3 * b]! - offsets[3 * (a - 1)]!, dz = offsets[3 * b + 2]! - offsets[3 * (a - 1) + 2]!;
    const h = Math.min(maxLift, 0.5 * Math.sqrt(dx * dx + dz * dz));
    for (let f = a; f < b; f++) {
      const u = (f - a + 1) / (b - a + 1);
      offsets[3 * f + 1] = offsets[3 * f + 1]! + 4 * h * u * (1 - u);
    }
  }
}
