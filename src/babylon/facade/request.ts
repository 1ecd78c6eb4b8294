/**
 * Builds the MMCP `GenerateRequest` for {@link MotionActor.generate}: seconds → frames at the
 * model's fps, prompt → segments, waypoints → `root_path`, every optional field gated on the
 * model's capabilities.
 * @packageDocumentation
 */
import { MmcpError } from '../../protocol/errors.js';
import { effectiveSupportedSegments, supportedConstraints } from '../../protocol/capabilities.js';
import { secondsToFrames } from '../../protocol/timeline.js';
import { PROTOCOL_VERSION, type GenerateRequest, type ModelSpec, type RootPathConstraint, type Skeleton, type TextSegment } from '../../protocol/types.js';
import { splitPromptSequence } from '../../local/prompt/sequence.js';
import type { GenerateMotionOptions, Waypoint } from './types.js';
import { sceneToRequest, type CharacterFrame, type ScenePoint } from './world-space.js';

/** Default clip length when only a prompt is given. */
export const DEFAULT_SECONDS = 4;

/** A request plus what was changed or dropped on the way. */
export interface RequestPlan {
  request: GenerateRequest;
  warnings: string[];
  /** Total frames at the model's fps. */
  totalFrames: number;
}

function isPoint(w: Waypoint): w is ScenePoint {
  return typeof (w as ScenePoint).x === 'number';
}

/** Splits `total` frames over `n` segments (the last one takes the remainder). */
function splitFrames(total: number, n: number): number[] {
  const base = Math.max(1, Math.floor(total / n));
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? Math.max(1, total - base * (n - 1)) : base));
}

/**
 * Waypoints → one `root_path` constraint in request space. Missing times are spread by distance
 * between the known ones (start: frame 0 at the character; end: the last frame).
 */
export function pathConstraint(path: readonly Waypoint[], frame: CharacterFrame, fps: number, totalFrames: number): RootPathConstraint {
  if (path.length === 0) throw new MmcpError('invalid_request', 'path is empty: give at least one waypoint (scene coordinates), or leave path out.', { phase: 'validate' });
  const xz: [number, number][] = [];
  const times: (number | undefined)[] = [];
  for (const [i, w] of path.entries()) {
    const p = isPoint(w) ? w : w.position;
    if (!p || ![p.x, p.y, p.z].every(Number.isFinite)) throw new MmcpError('invalid_request', `path[${i}] is not a point with finite x, y, z.`, { phase: 'validate', details: { index: i } });
    xz.push(sceneToRequest(p, frame));
    const s = isPoint(w) ? undefined : w.seconds;
    if (s !== undefined && !(Number.isFinite(s) && s >= 0)) throw new MmcpError('invalid_request', `path[${i}].seconds must be a number ≥ 0.`, { phase: 'validate', details: { index: i } });
    times.push(s);
  }
  const duration = (totalFrames - 1) / fps;
  if (times[times.length - 1] === undefined) times[times.length - 1] = duration;
  // Cumulative distance from the start (request origin = where the clip starts).
  const dist: number[] = [];
  let acc = 0;
  let prev: [number, number] = [0, 0];
  for (const p of xz) { acc += Math.hypot(p[0] - prev[0], p[1] - prev[1]); dist.push(acc); prev = p; }
  let k0 = -1; // index of the last known time (−1 = start, t = 0, distance 0)
  for (let i = 0; i < times.length; i++) {
    if (times[i] === undefined) continue;
    const t0 = k0 < 0 ? 0 : times[k0]!, d0 = k0 < 0 ? 0 : dist[k0]!;
    const t1 = times[i]!, d1 = dist[i]!;
    for (let k = k0 + 1; k < i; k++) times[k] = d1 > d0 ? t0 + ((dist[k]! - d0) / (d1 - d0)) * (t1 - t0) : t0 + ((k - k0) / (i - k0)) * (t1 - t0);
    k0 = i;
  }
  const frames: number[] = [];
  const positions: [number, number][] = [];
  for (let i = 0; i < xz.length; i++) {
    let f = Math.round(times[i]! * fps);
    f = Math.min(totalFrames - 1, Math.max(1, f));
    if (frames.length && f <= frames[frames.length - 1]!) {
      if (i === xz.length - 1 && frames[frames.length - 1]! < totalFrames - 1) f = totalFrames - 1;
      else continue; // two waypoints on the same frame: keep the first
    }
    frames.push(f);
    positions.push([round6(xz[i]![0]), round6(xz[i]![1])]);
  }
  return { type: 'root_path', frames, positions_xz: positions };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6 + 0;
}

/** Inputs of {@link buildGenerateRequest}. */
export interface BuildRequestInput {
  options: GenerateMotionOptions;
  spec: ModelSpec;
  skeleton: Skeleton;
  /** Needed when `options.path` is given. */
  frame?: CharacterFrame;
}

/** Builds the request (throws `MmcpError` with an actionable message on bad input). */
export function buildGenerateRequest({ options, spec, skeleton, frame }: BuildRequestInput): RequestPlan {
  const warnings: string[] = [];
  const fps = spec.fps;
  const textOk = effectiveSupportedSegments(spec).includes('text');
  if (!textOk) throw new MmcpError('unsupported_segment', `Model "${spec.id}" does not take text prompts (it supports: ${effectiveSupportedSegments(spec).join(', ') || 'nothing'}).`, { phase: 'validate' });
  let segments: TextSegment[];
  if (options.segments && options.segments.length) {
    if (options.prompt) warnings.push('Both prompt and segments were given; segments were used.');
    segments = options.segments.map((s, i) => {
      if (typeof s.prompt !== 'string' || !s.prompt.trim()) throw new MmcpError('invalid_request', `segments[${i}].prompt is empty: say what the character does, e.g. "walk forward".`, { phase: 'validate', details: { segment: i } });
      if (!(s.seconds > 0)) throw new MmcpError('invalid_request', `segments[${i}].seconds must be > 0 (got ${s.seconds}).`, { phase: 'validate', details: { segment: i } });
      const seg: TextSegment = { type: 'text', prompt: s.prompt.trim(), duration_frames: secondsToFrames(s.seconds, fps) };
      if (s.seed !== undefined) {
        if (spec.supports_segment_seed) seg.seed = s.seed;
        else warnings.push(`Model "${spec.id}" has no per-segment seeds; segments[${i}].seed was not sent (use the request seed).`);
      }
      return seg;
    });
  } else {
    const prompt = options.prompt?.trim();
    if (!prompt) throw new MmcpError('invalid_request', 'generate() needs a prompt (e.g. "a person walks forward") or segments.', { phase: 'validate' });
    const seconds = options.seconds ?? DEFAULT_SECONDS;
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new MmcpError('invalid_request', `seconds must be a positive number (got ${seconds}).`, { phase: 'validate' });
    const parts = splitPromptSequence(prompt);
    const total = secondsToFrames(seconds, fps);
    if (parts.length > 1 && total >= parts.length * 2) {
      const lengths = splitFrames(total, parts.length);
      segments = parts.map((p, i) => ({ type: 'text', prompt: p, duration_frames: lengths[i]! }));
    } else segments = [{ type: 'text', prompt, duration_frames: total }];
  }
  const totalFrames = segments.reduce((a, s) => a + s.duration_frames, 0);
  const request: GenerateRequest = { protocol_version: PROTOCOL_VERSION, model: spec.id, skeleton, segments, options: {} };
  const o = request.options!;
  const samples = options.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1) throw new MmcpError('invalid_request', `samples must be a whole number ≥ 1 (got ${samples}).`, { phase: 'validate' });
  if (samples > spec.limits.max_num_samples) throw new MmcpError('invalid_options', `Model "${spec.id}" makes at most ${spec.limits.max_num_samples} samples per request; ask for fewer (got ${samples}).`, { phase: 'validate', details: { max_num_samples: spec.limits.max_num_samples } });
  if (samples > 1) o.num_samples = samples;
  if (options.seed !== undefined) {
    if (!Number.isInteger(options.seed)) throw new MmcpError('invalid_request', `seed must be an integer (got ${options.seed}).`, { phase: 'validate' });
    o.seed = options.seed;
  }
  if (options.loop) {
    if (!spec.supports_loop) warnings.push(`Model "${spec.id}" cannot make seamless loops; the clip loops as generated (there may be a visible seam).`);
    else if (segments.length > 1) warnings.push('loop needs a single segment; the multi-action clip is not looped seamlessly.');
    else o.loop = true;
  }
  if (options.path) {
    if (!supportedConstraints(spec).includes('root_path')) {
      throw new MmcpError('unsupported_constraint', `Model "${spec.id}" cannot follow a path (no root_path support; it supports: ${supportedConstraints(spec).join(', ') || 'no constraints'}). Leave path out or use another model.`, { phase: 'validate' });
    }
    if (!frame) throw new MmcpError('invalid_request', 'A path needs the character frame (internal error: no frame).', { phase: 'validate' });
    request.constraints = [pathConstraint(options.path, frame, fps, totalFrames)];
  }
  if (Object.keys(o).length === 0) delete request.options;
  const maxSeconds = spec.limits.max_duration_seconds;
  if (totalFrames / fps > maxSeconds + 1e-9) {
    throw new MmcpError('invalid_request', `Model "${spec.id}" makes at most ${maxSeconds} s per request; asked for ${(totalFrames / fps).toFixed(1)} s: shorten it or generate several clips.`, { phase: 'validate', details: { max_duration_seconds: maxSeconds } });
  }
  return { request, warnings, totalFrames };
}
