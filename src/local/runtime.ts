/**
 * The local runtime core: an MMCP "server" for one model package, environment-agnostic (the
 * browser worker and Node share it). `generate()` validates exactly like a remote server
 * (`validateRequest`), builds per-frame conditioning, samples seeded noise, runs the decoder
 * in steps (one per sample and window; long clips are stitched from overlapping windows),
 * decodes features into clips, meets `root_path` keys, locks planted feet (foot-lock.ts), fits a
 * travel trajectory per sample and encodes the MMCP response document as GLB.
 */
import type { GenerateProgress, GenerateResult } from '../backend.js';
import { encodeMotionDocument } from '../motion/encode.js';
import type { MotionClip, MotionDocument, MotionSkeleton } from '../motion/types.js';
import { MmcpError } from '../protocol/errors.js';
import { protocolError } from '../protocol/fail.js';
import { segmentTimeline, totalFrames } from '../protocol/timeline.js';
import type { Capabilities, GenerateRequest, ModelSpec, RootPathConstraint, Skeleton } from '../protocol/types.js';
import { PROTOCOL_VERSION } from '../protocol/types.js';
import { validateRequest } from '../protocol/validate.js';
import { capabilitiesFromManifest, modelSpecFromManifest } from './capabilities.js';
import { buildConditioning, type TimelineSpan } from './conditioning.js';
import { decodeSample, integrateRoot } from './decode.js';
import type { ModelManifest } from './manifest.js';
import type { OrtBinding, OrtGraph } from './ort.js';
import { packageJson, type ModelPackage } from './package.js';
import { normalSource, randomSeed } from './prng.js';
import { labelOnlyVocabulary, promptWeights } from './prompt-weights.js';
import type { Vocabulary } from './prompt/types.js';
import { planRootPath, warpRootTrack, type RootPlan } from './root-path.js';
import { fitTrajectory } from './trajectory.js';
import { makeLoop } from './loop.js';
import { lockFeet } from './foot-lock.js';

/** Options for one {@link LocalRuntime.generate} call. */
export interface RuntimeGenerateOptions {
  signal?: AbortSignal;
  onProgress?: (event: GenerateProgress) => void;
  /** Polled between steps (the worker's cancel flag). */
  isCancelled?: () => boolean;
  /**
   * Contact-driven foot locking of planted feet (default true; not applied to `options.loop`
   * clips). `false` returns the decoder's raw motion and contacts.
   */
  footLock?: boolean;
}

/** Extra facts about a generation (for tests and diagnostics). */
export interface RuntimeGenerateInfo {
  seed: number;
  steps: number;
  windows: number;
  /** Largest root distance from a root_path key after the warp, metres (0 without keys). */
  rootPathError: number;
  /** Largest correction the warp applied at a key, metres (how far the model alone missed). */
  rootPathCorrection: number;
  /** Largest heading difference from a root_path `heading_radians` key after the warp, radians. */
  rootHeadingError: number;
  /** Foot locking: time spent (ms, all samples), largest foot correction (m), frames a foot was out of reach, legs locked. */
  footLock: { ms: number; maxCorrection: number; clampedFrames: number; legs: string[] } | undefined;
}

const now = () => (globalThis.performance ?? Date).now();
const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

/** Builds the response skeleton from the request skeleton (same order, rest values as sent). */
function motionSkeleton(sk: Skeleton): MotionSkeleton {
  const names = sk.joints.map((j) => j.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const J = names.length;
  const parents = new Int32Array(J);
  const restTranslations = new Float32Array(J * 3);
  const restRotations = new Float32Array(J * 4);
  sk.joints.forEach((j, i) => {
    parents[i] = j.parent === null ? -1 : (index.get(j.parent) ?? -1);
    restTranslations.set(j.rest_translation, i * 3);
    restRotations.set(j.rest_rotation ?? [0, 0, 0, 1], i * 4);
  });
  return { names, parents, restTranslations, restRotations };
}

/** Window plan for `Tpad` frames: starts of windows of `W` frames (multiples of `stride`). */
export function planWindows(Tpad: number, W: number, stride: number, overlap: number): number[] {
  if (Tpad <= W) return [0];
  const starts: number[] = [];
  const hop = Math.max(stride, W - overlap);
  for (let s = 0; s + W < Tpad; s += hop) starts.push(s);
  starts.push(Math.floor((Tpad - W) / stride) * stride);
  return [...new Set(starts)];
}

/** An MMCP backend core serving one loaded model package. */
export class LocalRuntime {
  /** The backend id (`local:<model id>@<version>`). */
  readonly id: string;
  readonly manifest: ModelManifest;
  readonly spec: ModelSpec;
  /** Execution provider the decoder runs on. */
  readonly executionProvider: string;
  /** Time spent creating the ORT session, ms. */
  readonly sessionMs: number;
  /** Facts about the last generation. */
  lastInfo: RuntimeGenerateInfo | undefined;
  private readonly vocabulary: Vocabulary;
  private disposed = false;

  private constructor(pkg: ModelPackage, private readonly graph: OrtGraph, executionProvider: string, sessionMs: number) {
    this.manifest = pkg.manifest;
    this.spec = modelSpecFromManifest(pkg.manifest);
    this.id = `local:${pkg.manifest.id}@${pkg.manifest.version}`;
    this.executionProvider = executionProvider;
    this.sessionMs = sessionMs;
    this.vocabulary = (packageJson(pkg, 'vocabulary.json') as Vocabulary | undefined) ?? labelOnlyVocabulary();
  }

  /** Creates the decoder session for a verified package. */
  static async create(pkg: ModelPackage, ort: OrtBinding): Promise<LocalRuntime> {
    const file = pkg.manifest.graphs.decoder.file;
    const bytes = pkg.files.get(file);
    if (!bytes) throw new MmcpError('model_load_failed', `The package has no "${file}" (graphs.decoder.file).`, { phase: 'load', details: { file } });
    const t0 = now();
    let graph: OrtGraph;
    try {
      graph = await ort.createGraph(bytes);
    } catch (err) {
      throw new MmcpError('model_load_failed', `ONNX Runtime (${ort.executionProvider}) could not load "${file}": ${err instanceof Error ? err.message : String(err)}`, {
        phase: 'load',
        details: { file, executionProvider: ort.executionProvider },
        cause: err,
      });
    }
    for (const name of ['cond', 'noise']) {
      if (!graph.inputNames.includes(name)) {
        await graph.release();
        throw new MmcpError('model_load_failed', `"${file}" has no input "${name}" (inputs: ${graph.inputNames.join(', ')}); see docs/model-package.md.`, { phase: 'load', details: { file, input: name } });
      }
    }
    return new LocalRuntime(pkg, graph, ort.executionProvider, now() - t0);
  }

  /** The MMCP capabilities of this backend (one model). */
  capabilities(): Capabilities {
    return capabilitiesFromManifest(this.manifest);
  }

  /** Generates motion for an MMCP request, exactly as a remote server would answer it. */
  async generate(request: GenerateRequest, options: RuntimeGenerateOptions = {}): Promise<GenerateResult> {
    if (this.disposed) throw new MmcpError('model_unavailable', 'This local runtime was disposed.', { phase: 'generate' });
    const m = this.manifest;
    const t0 = now();
    const timings = { validate: 0, condition: 0, inference: 0, decode: 0, encode: 0, total: 0 };
    const checkCancel = () => {
      if (options.signal?.aborted || options.isCancelled?.()) throw new MmcpError('aborted', 'Generation was aborted.', { phase: 'generate', retryable: false });
    };

    // Validate (same function, codes and details as a remote server).
    const invalid = validateRequest(request, this.spec);
    if (invalid) throw invalid;
    if (request.timing?.fps !== undefined && request.timing.fps !== m.fps) {
      throw protocolError('invalid_options', `model '${m.id}' answers at its native ${m.fps} fps; omit timing.fps or set it to ${m.fps} and resample on the client`, {
        model_fps: m.fps,
        requested_fps: request.timing.fps,
      });
    }
    const total = totalFrames(request);
    const spans: TimelineSpan[] = [];
    const segs = request.segments ?? [];
    segmentTimeline(request).forEach((span, i) => {
      const seg = segs[i]!;
      const weights = seg.type === 'text' ? promptWeights(seg.prompt, this.vocabulary, m, i) : null;
      spans.push({ start: span.start, frames: span.frames, weights });
    });
    if (spans.length === 0) spans.push({ start: 0, frames: total, weights: null });
    let t1 = now();
    timings.validate = t1 - t0;

    // Conditioning.
    const stride = m.sampler.latent_stride;
    const Tpad = Math.max(Math.ceil(Math.max(total, m.limits.min_frames) / stride) * stride, stride);
    const rootPaths = (request.constraints ?? []).filter((c): c is RootPathConstraint => c.type === 'root_path');
    const plan: RootPlan | undefined = rootPaths.length ? planRootPath(rootPaths, Tpad, m.fps) : undefined;
    const transition = request.options?.transition_frames ?? 5;
    const cond = buildConditioning(m, spans, Tpad, transition, plan);
    const numSamples = request.options?.num_samples ?? 1;
    const seed = typeof request.options?.seed === 'number' ? request.options.seed : randomSeed();
    const Dz = m.sampler.latent_dim;
    const L = Tpad / stride;
    const noise = new Float32Array(numSamples * L * Dz);
    normalSource(seed).fill(noise, m.sampler.temperature ?? 1);
    const W = Math.floor(m.limits.max_frames / stride) * stride;
    const overlap = Math.min(Math.floor(W / 3 / stride) * stride, Math.max(stride, Math.round(m.fps / stride) * stride));
    const windows = planWindows(Tpad, W, stride, overlap);
    const steps = numSamples * windows.length;
    t1 = now();
    timings.condition = t1 - t0 - timings.validate;

    // Inference, one step per (sample, window).
    const C = m.conditioning.dim;
    const F = m.features.dim;
    const features: Float32Array[] = [];
    let step = 0;
    const tInf = now();
    for (let b = 0; b < numSamples; b++) {
      const out = new Float32Array(Tpad * F);
      const weight = new Float32Array(Tpad);
      for (let wi = 0; wi < windows.length; wi++) {
        checkCancel();
        const s = windows[wi]!;
        const len = Math.min(W, Tpad - s);
        const res = await this.graph.run({
          cond: { data: cond.slice(s * C, (s + len) * C), dims: [1, len, C] },
          noise: { data: noise.slice((b * L + s / stride) * Dz, (b * L + (s + len) / stride) * Dz), dims: [1, len / stride, Dz] },
        });
        const feats = res.features ?? Object.values(res)[0];
        if (!feats || feats.data.length !== len * F) {
          throw new MmcpError('internal_error', `decoder returned ${feats ? feats.dims.join('×') : 'nothing'}; expected 1×${len}×${F}`, { status: 500, phase: 'generate' });
        }
        // Stitch: linear cross-fade weights over overlaps (ramps at window edges shared with neighbours).
        const prevEnd = wi > 0 ? windows[wi - 1]! + W : 0;
        const nextStart = wi + 1 < windows.length ? windows[wi + 1]! : Tpad;
        for (let t = 0; t < len; t++) {
          const g = s + t;
          let w = 1;
          if (wi > 0 && g < prevEnd) w = Math.min(w, (g - s + 0.5) / (prevEnd - s));
          if (wi + 1 < windows.length && g >= nextStart) w = Math.min(w, (s + len - g - 0.5) / (s + len - nextStart));
          weight[g] = weight[g]! + w;
          for (let f = 0; f < F; f++) out[g * F + f] = out[g * F + f]! + w * feats.data[t * F + f]!;
        }
        step++;
        options.onProgress?.({ stage: 'step', step, steps });
        await yieldToEvents();
      }
      for (let g = 0; g < Tpad; g++) {
        const w = weight[g]! || 1;
        for (let f = 0; f < F; f++) out[g * F + f] = out[g * F + f]! / w;
      }
      features.push(out.subarray(0, total * F));
    }
    timings.inference = now() - tInf;
    checkCancel();

    // Decode.
    const tDec = now();
    const jointNames = request.skeleton.joints.map((j) => j.name);
    const chunkBoundaries = windows.slice(1).map((s, i) => Math.round((s + windows[i]! + W) / 2)).filter((f) => f > 0 && f < total);
    let rootPathError = 0;
    let rootPathCorrection = 0;
    let rootHeadingError = 0;
    const loop = request.options?.loop === true;
    const skeleton = motionSkeleton(request.skeleton);
    const footLock = options.footLock !== false && !loop ? { ms: 0, maxCorrection: 0, clampedFrames: 0, legs: [] as string[] } : undefined;
    const clips: MotionClip[] = features.map((feat, b) => {
      if (loop) makeLoop(m, feat, total);
      const track = integrateRoot(m, feat, total);
      if (plan) {
        for (let k = 0; k < plan.keys.frames.length; k++) {
          const f = plan.keys.frames[k]!;
          if (f < total) rootPathCorrection = Math.max(rootPathCorrection, Math.hypot(plan.keys.xz[k]![0] - track.xz[2 * f]!, plan.keys.xz[k]![1] - track.xz[2 * f + 1]!));
        }
        rootPathError = Math.max(rootPathError, warpRootTrack(track, plan.keys, m.fps));
        plan.keys.frames.forEach((f, k) => {
          const h = plan.keys.heading[k];
          if (h === undefined || f >= total) return;
          const d = h - track.heading[f]!;
          rootHeadingError = Math.max(rootHeadingError, Math.abs(d - 2 * Math.PI * Math.round(d / (2 * Math.PI))));
        });
      }
      const dec = decodeSample(m, feat, total, track);
      if (footLock) {
        const tLock = now();
        const locked = lockFeet({
          skeleton, fps: m.fps, frames: total, rotations: dec.rotations, rootPositions: dec.rootPositions,
          contactJoints: m.features.contact_joints, logits: feat, offset: m.features.layout.contacts[0], stride: m.features.dim,
        });
        dec.contacts = locked.contacts;
        footLock.legs = locked.legs;
        footLock.maxCorrection = Math.max(footLock.maxCorrection, locked.maxCorrection);
        footLock.clampedFrames += locked.clampedFrames;
        footLock.ms += now() - tLock;
      }
      return {
        name: `sample_${b}`,
        fps: m.fps,
        frameCount: total,
        jointNames,
        rotations: dec.rotations,
        rootPositions: dec.rootPositions,
        footContacts: dec.contacts,
        chunkBoundaries,
        trajectory: fitTrajectory(track.xz, m.fps, loop),
      };
    });
    const document: MotionDocument = { version: PROTOCOL_VERSION, model: m.id, fps: m.fps, skeleton, clips };
    timings.decode = now() - tDec;

    const tEnc = now();
    const bytes = encodeMotionDocument(document, { binary: true });
    timings.encode = now() - tEnc;
    timings.total = now() - t0;
    this.lastInfo = { seed, steps, windows: windows.length, rootPathError, rootPathCorrection, rootHeadingError, footLock };
    return {
      document,
      bytes,
      model: m.id,
      requestId: `local-${seed.toString(16)}-${Math.floor(Math.random() * 1e9).toString(36)}`,
      timings,
      executionProvider: this.executionProvider,
    };
  }

  /** Releases the ORT session. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.graph.release();
  }
}
