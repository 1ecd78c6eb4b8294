/**
 * The backend the editor hands to `MotionGenerator`: a decorator that adds what the editor
 * authors beyond the facade's options (unconditioned gaps between text segments, transition
 * frames, diffusion steps) to the request the facade built, and remembers the last result (the
 * response GLB bytes offered as "Export MMCP .glb", timings, cache status).
 * @packageDocumentation
 */
import type { GenerateCallOptions, GenerateResult, MotionBackend } from '../../src/backend.js';
import { MmcpError } from '../../src/protocol/errors.js';
import type { Capabilities, GenerateRequest, Segment } from '../../src/protocol/types.js';

/** What the editor adds to the next request. */
export interface RequestExtras {
  /**
   * The timeline's order: `'text'` consumes the facade's next text segment; a number inserts an
   * unconditioned gap of that many frames.
   */
  order: ('text' | number)[];
  /** `options.transition_frames` (blend window at segment boundaries). */
  transitionFrames?: number;
  /** `options.diffusion_steps` (only for models that use it). */
  diffusionSteps?: number;
}

/** The last generation as the backend answered it. */
export interface RecordedGeneration {
  request: GenerateRequest;
  result: GenerateResult;
}

/**
 * Applies {@link RequestExtras} to a request: gaps are spliced between the text segments in
 * timeline order and `root_path` frames are stretched over the longer timeline.
 */
export function applyExtras(request: GenerateRequest, extras: RequestExtras | null): GenerateRequest {
  if (!extras) return request;
  const out: GenerateRequest = structuredClone(request);
  const texts = [...(request.segments ?? [])];
  const oldTotal = texts.reduce((a, s) => a + ('duration_frames' in s ? s.duration_frames : 1), 0);
  const segments: Segment[] = [];
  for (const item of extras.order) {
    if (item === 'text') {
      const next = texts.shift();
      if (!next) throw new MmcpError('invalid_request', 'The timeline and the request disagree (more text items than segments).', { phase: 'validate' });
      segments.push(next);
    } else segments.push({ type: 'unconditioned', duration_frames: item });
  }
  segments.push(...texts);
  out.segments = segments;
  const newTotal = segments.reduce((a, s) => a + ('duration_frames' in s ? s.duration_frames : 1), 0);
  if (newTotal !== oldTotal && out.constraints) {
    const k = (newTotal - 1) / Math.max(1, oldTotal - 1);
    for (const c of out.constraints) {
      if (c.type === 'root_path') c.frames = c.frames.map((f) => Math.min(newTotal - 1, Math.max(1, Math.round(f * k))));
    }
  }
  const o = { ...(out.options ?? {}) };
  if (extras.transitionFrames !== undefined) o.transition_frames = extras.transitionFrames;
  if (extras.diffusionSteps !== undefined) o.diffusion_steps = extras.diffusionSteps;
  if (Object.keys(o).length) out.options = o;
  return out;
}

/** Decorates a backend with the editor's request extras and records the last result. */
export class EditorBackend implements MotionBackend {
  /** Extras for the next `generate` call (set by the editor just before it asks the facade). */
  extras: RequestExtras | null = null;
  /** The last successful generation. */
  last: RecordedGeneration | null = null;

  constructor(readonly inner: MotionBackend) {}

  /** The wrapped backend's id. */
  get id(): string {
    return this.inner.id;
  }

  /** The wrapped backend's capabilities. */
  capabilities(signal?: AbortSignal): Promise<Capabilities> {
    return this.inner.capabilities(signal);
  }

  /** Generates with the extras applied; remembers request and result. */
  async generate(request: GenerateRequest, options?: GenerateCallOptions): Promise<GenerateResult> {
    const final = applyExtras(request, this.extras);
    const result = await this.inner.generate(final, options);
    this.last = { request: final, result };
    return result;
  }

  /** Disposes the wrapped backend. */
  dispose(): void | Promise<void> {
    return this.inner.dispose?.();
  }
}
