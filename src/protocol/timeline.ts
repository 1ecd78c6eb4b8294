/**
 * Frame arithmetic for request authors: the wire speaks frames, people speak seconds.
 * Pure functions, no I/O.
 */
import type { Constraint, GenerateRequest, ModelSpec, Segment } from './types.js';

/** The fps request frames are counted at: `timing.fps` when sent, else the model's `fps`. */
export function effectiveFps(request: Pick<GenerateRequest, 'timing'>, spec: Pick<ModelSpec, 'fps'>): number {
  const fps = request.timing?.fps;
  return typeof fps === 'number' && fps > 0 ? fps : spec.fps;
}

/** `round(seconds × fps)` (MMCP §1), never below `min` (default 1). */
export function secondsToFrames(seconds: number, fps: number, min = 1): number {
  if (!Number.isFinite(seconds) || !Number.isFinite(fps) || fps <= 0) {
    throw new RangeError(`secondsToFrames needs finite seconds and fps > 0 (got ${seconds}, ${fps})`);
  }
  return Math.max(min, Math.round(seconds * fps));
}

/** Seconds spanned by `frames` at `fps`. */
export function framesToSeconds(frames: number, fps: number): number {
  return frames / fps;
}

/** Frames one segment occupies on the timeline (`pose` is always 1). */
export function segmentFrames(segment: Segment): number {
  return segment.type === 'pose' ? 1 : segment.duration_frames;
}

/** Total frames of a request: Σ segment frames, or `duration_frames` for constraints-only. */
export function totalFrames(request: Pick<GenerateRequest, 'segments' | 'duration_frames'>): number {
  const segs = request.segments ?? [];
  if (segs.length === 0) return request.duration_frames ?? 0;
  return segs.reduce((n, s) => n + segmentFrames(s), 0);
}

/** One segment's place on the global timeline. */
export interface SegmentSpan {
  index: number;
  type: Segment['type'];
  /** First frame (inclusive). */
  start: number;
  /** One past the last frame (exclusive). */
  end: number;
  frames: number;
}

/** Start/end frame of every segment, back to back from frame 0. */
export function segmentTimeline(request: Pick<GenerateRequest, 'segments'>): SegmentSpan[] {
  let at = 0;
  return (request.segments ?? []).map((s, index) => {
    const frames = segmentFrames(s);
    const span = { index, type: s.type, start: at, end: at + frames, frames };
    at += frames;
    return span;
  });
}

/** The frame at `seconds` into the take (rounded), clamped to `[0, total - 1]`. */
export function frameAt(seconds: number, fps: number, total: number): number {
  return Math.min(Math.max(0, Math.round(seconds * fps)), Math.max(0, total - 1));
}

/** The last valid constraint frame of a request (`total_frames − 1`). */
export function lastFrame(request: Pick<GenerateRequest, 'segments' | 'duration_frames'>): number {
  return totalFrames(request) - 1;
}

/** Frame indices a constraint pins (`ground_height` pins none: it describes places). */
export function constraintFrames(constraint: Constraint): number[] {
  switch (constraint.type) {
    case 'pose_keyframe':
      return [constraint.frame];
    case 'root_path':
    case 'effector_target':
      return constraint.frames;
    default:
      return [];
  }
}

/** Frames of `constraint` outside `[0, total − 1]` (empty when all are in range). */
export function framesOutOfRange(constraint: Constraint, total: number): number[] {
  return constraintFrames(constraint).filter((f) => !(f >= 0 && f < total));
}

/** A warning an author should see (nothing is refused). */
export interface DurationWarning {
  code: 'over_recommended_duration' | 'over_native_clip';
  message: string;
  seconds: number;
  limit: number;
}

/**
 * Warnings for a take past the model's `recommended_max_duration_seconds` (MMCP SHOULD 4),
 * or past `native_clip_seconds` on a model that does not stitch (`chunking: "none"`).
 */
export function durationWarnings(request: GenerateRequest, spec: ModelSpec): DurationWarning[] {
  const fps = effectiveFps(request, spec);
  const seconds = totalFrames(request) / fps;
  const out: DurationWarning[] = [];
  const rec = spec.recommended_max_duration_seconds;
  if (typeof rec === 'number' && seconds > rec) {
    out.push({
      code: 'over_recommended_duration',
      seconds,
      limit: rec,
      message: `${seconds.toFixed(2)} s is longer than ${spec.id}'s recommended ${rec} s; quality may drop — consider splitting the take.`,
    });
  }
  const nat = spec.native_clip_seconds;
  if (typeof nat === 'number' && (spec.chunking ?? 'none') === 'none' && seconds > nat) {
    out.push({
      code: 'over_native_clip',
      seconds,
      limit: nat,
      message: `${seconds.toFixed(2)} s is longer than ${spec.id}'s ${nat} s training clips and the model does not stitch.`,
    });
  }
  return out;
}
