/**
 * `options.loop` (only when the manifest sets `supports_loop`): makes one sample's features a
 * seamless cycle before decoding. Over the last ~0.5 s every feature (pose, height, velocity,
 * contacts) is blended toward frame 0, so the last frame repeats the first; the heading rate is
 * offset so the net turn over the cycle is zero (the clip ends facing the way it began, and the
 * root has advanced by exactly one cycle's travel).
 */
import type { ModelManifest } from './manifest.js';

/** Makes `features` `[T, F]` cyclic in place. */
export function makeLoop(m: ModelManifest, features: Float32Array, T: number): void {
  const F = m.features.dim;
  if (T < 3) return;
  const N = Math.max(2, Math.min(Math.round(m.fps / 2), Math.floor(T / 3)));
  for (let k = 0; k < N; k++) {
    const t = T - N + k;
    const a = (k + 1) / N;
    for (let f = 0; f < F; f++) features[t * F + f] = (1 - a) * features[t * F + f]! + a * features[f]!;
  }
  const [hr] = m.features.layout.heading_rate;
  let sum = 0;
  for (let t = 0; t < T - 1; t++) sum += features[t * F + hr]!;
  const mean = sum / (T - 1);
  for (let t = 0; t < T; t++) features[t * F + hr] = features[t * F + hr]! - mean;
}
