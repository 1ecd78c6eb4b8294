/**
 * The contract every motion source implements: remote MMCP servers, the in-page model and the
 * IndexedDB cache (a decorator around either). One request type (MMCP), one result type.
 */
import type { Capabilities, GenerateRequest } from './protocol/types.js';
import type { MotionDocument } from './motion/types.js';

/** Progress of one generation, in the order events arrive. */
export type GenerateProgress =
  | { stage: 'sent'; bytes: number }
  | { stage: 'queued'; location?: string; retryAfter?: number }
  | { stage: 'polling'; attempt: number }
  | { stage: 'loading'; loaded: number; total?: number }
  | { stage: 'step'; step: number; steps: number }
  | { stage: 'downloading'; loaded: number; total?: number }
  | { stage: 'parsed'; samples: number }
  | { stage: 'cache'; hit: boolean };

/** Options for one {@link MotionBackend.generate} call. */
export interface GenerateCallOptions {
  signal?: AbortSignal;
  onProgress?: (event: GenerateProgress) => void;
  /** Overall deadline for this call in milliseconds. */
  timeoutMs?: number;
}

/** Where the time of one generation went, in milliseconds. */
export interface GenerateTimings {
  total: number;
  [phase: string]: number;
}

/** The result of one generation: the parsed document plus what a cache needs to store it. */
export interface GenerateResult {
  document: MotionDocument;
  /** The response as GLB bytes (what the cache stores and `.glb` export writes). */
  bytes: Uint8Array;
  /** Model id that answered. */
  model: string;
  /** `X-Request-ID` or a locally generated id. */
  requestId?: string;
  timings: GenerateTimings;
  /** Which execution provider ran (local backend only). */
  executionProvider?: string;
  /** True when the cache answered. */
  cached?: boolean;
}

/** What a backend's {@link MotionBackend.warmUp} did. */
export interface WarmUpReport {
  /** Wall time of the whole warm-up, ms. */
  ms: number;
  /** Generations run (and discarded). */
  generations: number;
  /** Messages of warm-up requests the model refused (e.g. a prompt another model does not understand). */
  failures: string[];
}

/** A motion source: remote, local or cached. */
export interface MotionBackend {
  /** Stable id, used as the cache namespace (e.g. `remote:https://host/motion`, `local:<model>@<version>`). */
  readonly id: string;
  capabilities(signal?: AbortSignal): Promise<Capabilities>;
  generate(request: GenerateRequest, options?: GenerateCallOptions): Promise<GenerateResult>;
  /**
   * Optional: runs representative work once so the first real generations are not slowed by
   * compilation (the local backend implements it; a cache forwards it uncached).
   */
  warmUp?(options?: { signal?: AbortSignal; rounds?: number }): Promise<WarmUpReport>;
  dispose?(): void | Promise<void>;
}
