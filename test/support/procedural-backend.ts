/**
 * A real {@link MotionBackend} for cache tests and the cache benchmark: it answers an MMCP
 * request with a real GLB motion document (encoded by the motion codec, parsed back) holding a
 * deterministic procedural motion derived from the request's seed — a stand-in for the network
 * or the in-page model, so cache behaviour can be tested without them. Counts its calls.
 */
import type { GenerateCallOptions, GenerateResult, MotionBackend } from '../../src/backend.js';
import type { Capabilities, GenerateRequest, Skeleton } from '../../src/protocol/types.js';
import type { MotionClip, MotionDocument } from '../../src/motion/types.js';
import { encodeMotionDocument, parseMotionDocument } from '../../src/motion/index.js';
import { MmcpError } from '../../src/protocol/errors.js';
import { mulberry32 } from './mulberry32.js';

/** Options of {@link proceduralBackend}. */
export interface ProceduralBackendOptions {
  id?: string;
  model?: string;
  /** Advertised as `models[0].version` (goes into cache keys). */
  version?: string;
  fps?: number;
  /** Canonical skeleton advertised in the capabilities. */
  skeleton: Skeleton;
  /** Simulated generation time in ms (abortable). */
  delayMs?: number;
}

/** The backend plus its call log. */
export interface ProceduralBackend extends MotionBackend {
  /** Number of `generate()` calls that reached the backend. */
  calls: number;
  /** Number of `generate()` calls that ended aborted. */
  aborted: number;
}


function framesOf(request: GenerateRequest): number {
  if (typeof request.duration_frames === 'number') return request.duration_frames;
  let n = 0;
  for (const s of request.segments ?? []) if ('duration_frames' in s) n += s.duration_frames;
  return n > 0 ? n : 30;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MmcpError('aborted', 'aborted', { phase: 'generate' }));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new MmcpError('aborted', 'aborted', { phase: 'generate' }));
    }, { once: true });
  });
}

/** Builds the procedural document for a request (sample i uses seed + i). */
export function proceduralDocument(request: GenerateRequest, fps: number, seed: number, model: string): MotionDocument {
  const joints = request.skeleton.joints;
  const J = joints.length;
  const F = framesOf(request);
  const S = request.options?.num_samples ?? 1;
  const index = new Map(joints.map((j, i) => [j.name, i]));
  const parents = Int32Array.from(joints.map((j) => (j.parent === null ? -1 : (index.get(j.parent) ?? -1))));
  const restTranslations = Float32Array.from(joints.flatMap((j) => j.rest_translation));
  const restRotations = Float32Array.from(joints.flatMap(() => [0, 0, 0, 1]));
  const clips: MotionClip[] = [];
  for (let s = 0; s < S; s++) {
    const r = mulberry32(seed * 7919 + s);
    const amp = Array.from({ length: J }, () => 0.1 + 0.4 * r());
    const phase = Array.from({ length: J }, () => r() * Math.PI * 2);
    const speed = 0.5 + r();
    const rotations = new Float32Array(F * J * 4);
    const rootPositions = new Float32Array(F * 3);
    for (let f = 0; f < F; f++) {
      const t = f / fps;
      for (let j = 0; j < J; j++) {
        const half = 0.5 * amp[j]! * Math.sin(2 * Math.PI * t + phase[j]!);
        const o = (f * J + j) * 4;
        rotations[o] = Math.sin(half);
        rotations[o + 3] = Math.cos(half);
      }
      rootPositions[f * 3] = 0.05 * Math.sin(2 * Math.PI * t);
      rootPositions[f * 3 + 1] = joints[0]!.rest_translation[1];
      rootPositions[f * 3 + 2] = speed * t;
    }
    clips.push({ name: `sample_${s}`, fps, frameCount: F, jointNames: joints.map((j) => j.name), rotations, rootPositions, chunkBoundaries: [] });
  }
  return { version: '1.3', model, fps, skeleton: { names: joints.map((j) => j.name), parents, restTranslations, restRotations }, clips };
}

/** A procedural {@link MotionBackend} that encodes real GLB documents. */
export function proceduralBackend(options: ProceduralBackendOptions): ProceduralBackend {
  const model = options.model ?? 'proc-walker';
  const fps = options.fps ?? 30;
  const caps: Capabilities = {
    protocol_version: '1.3',
    response_formats: ['model/gltf-binary'],
    models: [
      {
        id: model,
        version: options.version ?? '1.0.0',
        fps,
        canonical_skeleton: options.skeleton,
        supports_segment_seed: true,
        limits: { max_duration_seconds: 60, max_num_samples: 8, max_constraints_per_request: 16, max_prompt_length: 512, max_request_bytes: 1 << 20 },
      },
    ],
  };
  let n = 0;
  const backend: ProceduralBackend = {
    id: options.id ?? `test:procedural:${model}`,
    calls: 0,
    aborted: 0,
    async capabilities() {
      return structuredClone(caps);
    },
    async generate(request: GenerateRequest, call: GenerateCallOptions = {}): Promise<GenerateResult> {
      backend.calls++;
      const t0 = performance.now();
      if (request.model !== model) throw new MmcpError('unknown_model', `model ${request.model} is not served here`, { status: 404, phase: 'generate' });
      try {
        if (options.delayMs) await sleep(options.delayMs, call.signal);
      } catch (e) {
        backend.aborted++;
        throw e;
      }
      const seedOpt = request.options?.seed;
      const seed = typeof seedOpt === 'number' ? seedOpt : Math.floor(Math.random() * 2 ** 31);
      const bytes = encodeMotionDocument(proceduralDocument(request, fps, seed, model), { binary: true });
      const document = parseMotionDocument(bytes);
      call.onProgress?.({ stage: 'parsed', samples: document.clips.length });
      return { document, bytes, model, requestId: `proc-${++n}-${seed}`, timings: { total: performance.now() - t0 } };
    },
  };
  return backend;
}
