/**
 * Retargeting spread over frames: a clip is retargeted in slices of frames, one slice per
 * animation frame, and the slices are joined (quaternion signs kept continuous). Frames are
 * independent in `retargetClip`, so the result equals one call on the whole clip.
 * @packageDocumentation
 */
import type { MotionClip, MotionSkeleton } from '../../motion/types.js';
import type { CharacterRig } from '../bind.js';
import { mapMotionSkeleton, retargetClip, type RetargetedClip, type RetargetOptions } from '../retarget.js';
import type { SliceBudget } from './frame-budget.js';

/** Frames `[a, b)` of a clip (typed-array views, no copies; no trajectory). */
export function sliceClip(clip: MotionClip, a: number, b: number): MotionClip {
  const J = clip.jointNames.length;
  const out: MotionClip = {
    name: clip.name,
    fps: clip.fps,
    frameCount: b - a,
    jointNames: clip.jointNames,
    rotations: clip.rotations.subarray(a * J * 4, b * J * 4),
    rootPositions: clip.rootPositions.subarray(a * 3, b * 3),
    chunkBoundaries: [],
  };
  if (clip.footContacts) out.footContacts = Object.fromEntries(Object.entries(clip.footContacts).map(([k, v]) => [k, v.subarray(a, b)]));
  return out;
}

function concat(parts: Float32Array[], stride: number, quaternion: boolean): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    let flip = false;
    if (quaternion && o >= stride) {
      let dot = 0;
      for (let k = 0; k < 4; k++) dot += out[o - 4 + k]! * p[k]!;
      flip = dot < 0;
    }
    if (flip) for (let i = 0; i < p.length; i++) out[o + i] = -p[i]!;
    else out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Options of {@link retargetInSlices}. */
export interface SliceOptions {
  /**
   * Main-thread milliseconds one slice may take. When set, `sliceFrames` is only the first
   * slice's size: later slices are sized from the measured cost per frame so that each stays
   * within the budget (at least one frame per slice).
   */
  budgetMs?: number;
  /**
   * A budget shared with other jobs (the generator's {@link FrameBudget}): every slice, the first
   * included, waits for it and is sized to what is left of the frame; `yieldFn` and `budgetMs` are
   * then not used.
   */
  budget?: SliceBudget;
}

/**
 * `retargetClip` over slices of `sliceFrames` frames, awaiting `yieldFn` between slices (e.g. the
 * next animation frame). The source skeleton's humanoid map is computed once. With
 * `budgetMs`, slices are resized to fit the budget as they go.
 */
export async function retargetInSlices(
  clip: MotionClip, source: MotionSkeleton, rig: CharacterRig, options: RetargetOptions, sliceFrames: number, yieldFn: () => Promise<void>,
  sliceOptions: SliceOptions = {},
): Promise<RetargetedClip> {
  const F = clip.frameCount;
  const shared = sliceOptions.budget;
  const budget = shared ? undefined : sliceOptions.budgetMs;
  if (F <= sliceFrames && !shared) return retargetClip(clip, source, rig, options);
  const sameSkeleton = source.names.length === rig.requestNames.length && source.names.every((n, i) => n === rig.requestNames[i]);
  const opts: RetargetOptions = { ...options };
  if (!sameSkeleton && !opts.sourceMap) opts.sourceMap = mapMotionSkeleton(source, { allowPartial: true, ...options.sourceMapOptions });
  const parts: RetargetedClip[] = [];
  let size = Math.max(1, Math.floor(sliceFrames));
  let perFrame: number | undefined;
  for (let a = 0, b = 0; a < F; a = b) {
    if (shared) {
      const left = await shared.acquire();
      // Grow at most 4× per slice (the first slices also pay one-time costs such as JIT warm-up).
      if (perFrame !== undefined) size = Math.max(1, Math.min(size * 4, Math.floor(left / perFrame)));
    } else if (a > 0) await yieldFn();
    b = Math.min(F, a + size);
    const t0 = performance.now();
    try {
      parts.push(retargetClip(sliceClip(clip, a, b), source, rig, opts));
    } finally {
      shared?.release(performance.now() - t0);
    }
    perFrame = Math.max(1e-3, (performance.now() - t0) / (b - a));
    if (budget !== undefined) size = Math.max(1, Math.min(size * 4, Math.floor(budget / perFrame)));
  }
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const out: RetargetedClip = {
    ...first,
    name: clip.name,
    frameCount: F,
    rotations: first.rotations.map((t, k) => ({ joint: t.joint, values: concat(parts.map((p) => p.rotations[k]!.values), 4, true) })),
    positions: first.positions.map((t, k) => ({ joint: t.joint, values: concat(parts.map((p) => p.positions[k]!.values), 3, false) })),
  };
  if (first.footContacts) {
    out.footContacts = Object.fromEntries(Object.keys(first.footContacts).map((key) => {
      const arrays = parts.map((p) => p.footContacts?.[key] ?? new Uint8Array(p.frameCount));
      const all = new Uint8Array(F);
      let o = 0;
      for (const x of arrays) { all.set(x, o); o += x.length; }
      return [key, all];
    }));
  }
  delete out.worldPositions;
  return out;
}
