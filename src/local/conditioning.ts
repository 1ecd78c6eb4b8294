/**
 * Per-frame conditioning `cond [T, C]` (MODEL-CONTRACT.md): soft one-hot content ‖ soft
 * one-hot style ‖ speed ‖ turn ‖ traj_flag. Text segments carry the weights the prompt parser
 * gives, unconditioned segments are all zeros (the model was trained with label dropout), and
 * neighbouring segments cross-fade linearly over `options.transition_frames` centred on the
 * boundary.
 */
import type { ModelManifest } from './manifest.js';
import { labelTravel, travelForLabels } from './label-speed.js';
import type { RootPlan } from './root-path.js';

/** Content and style weights of one segment (lengths = manifest contents / styles). */
export interface SegmentWeights {
  content: ArrayLike<number>;
  style: ArrayLike<number>;
}

/** One segment on the global timeline. */
export interface TimelineSpan {
  start: number;
  frames: number;
  /** `null` = unconditioned (zeros). */
  weights: SegmentWeights | null;
}

/** Builds `cond` for `T` frames (T may exceed the spans' total: padding repeats the last frame). */
export function buildConditioning(m: ModelManifest, spans: TimelineSpan[], T: number, transitionFrames: number, plan?: RootPlan): Float32Array {
  const nc = m.contents.length;
  const ns = m.styles.length;
  const L = nc + ns;
  const C = m.conditioning.dim;
  const labels = new Float32Array(T * L);
  const vec = (s: TimelineSpan) => {
    const v = new Float32Array(L);
    if (s.weights) {
      for (let i = 0; i < nc; i++) v[i] = s.weights.content[i] ?? 0;
      for (let i = 0; i < ns; i++) v[nc + i] = s.weights.style[i] ?? 0;
    }
    return v;
  };
  const vecs = spans.map(vec);
  let last = new Float32Array(L);
  spans.forEach((s, k) => {
    for (let t = s.start; t < Math.min(T, s.start + s.frames); t++) labels.set(vecs[k]!, t * L);
    last = vecs[k]!;
  });
  const end = spans.length ? spans[spans.length - 1]!.start + spans[spans.length - 1]!.frames : 0;
  for (let t = end; t < T; t++) labels.set(last, t * L);
  // Cross-fades at boundaries.
  for (let k = 0; k + 1 < spans.length && transitionFrames > 0; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    const boundary = b.start;
    const half = Math.min(transitionFrames / 2, a.frames / 2, b.frames / 2);
    const from = Math.max(0, Math.ceil(boundary - half));
    const to = Math.min(T, Math.floor(boundary + half));
    const va = vecs[k]!;
    const vb = vecs[k + 1]!;
    for (let t = from; t < to; t++) {
      const alpha = (t - (boundary - half) + 0.5) / (2 * half);
      const w = Math.min(1, Math.max(0, alpha));
      for (let i = 0; i < L; i++) labels[t * L + i] = (1 - w) * va[i]! + w * vb[i]!;
    }
  }
  const cond = new Float32Array(T * C);
  // Without a root_path, travel at the data's speed and turn rate for the prompted labels.
  const travel = plan ? undefined : labelTravel(m);
  for (let t = 0; t < T; t++) {
    cond.set(labels.subarray(t * L, (t + 1) * L), t * C);
    if (plan) {
      const p = Math.min(t, plan.speed.length - 1);
      cond[t * C + L] = plan.speed[p]!;
      cond[t * C + L + 1] = plan.turn[p]!;
      cond[t * C + L + 2] = plan.flag[p]!;
    } else if (travel) {
      const [speed, turn, flag] = travelForLabels(travel, labels.subarray(t * L, (t + 1) * L), nc, ns);
      cond[t * C + L] = speed;
      cond[t * C + L + 1] = turn;
      cond[t * C + L + 2] = flag;
    }
  }
  return cond;
}
