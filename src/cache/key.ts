/**
 * Cache keys: SHA-256 (SubtleCrypto) over the canonical JSON of everything that decides a
 * response: backend, model, model version, cache schema and the exact MMCP request.
 */
import type { GenerateRequest, ModelSpec } from '../protocol/types.js';
import { MmcpError } from '../protocol/errors.js';
import { canonicalJson } from './canonical.js';

/**
 * Version of the stored format (key material and record layout). Bump it when either changes:
 * old entries then stop matching and age out through eviction instead of being served.
 */
export const CACHE_SCHEMA_VERSION = 1;

/** What a cache key is computed from. */
export interface CacheKeyInput {
  /** {@link MotionBackend.id} of the backend that generates. */
  backendId: string;
  /** The request's model id. */
  model: string;
  /** The model's version (see {@link modelVersionOf}). */
  modelVersion: string;
  /** The exact MMCP request. */
  request: GenerateRequest;
  /**
   * True for the "any cached sample" key of an unseeded request: the seeds are removed from the
   * request and this marker is added, so it can never collide with a seeded request's key.
   */
  anySample?: boolean;
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes, or of raw bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new MmcpError('cache_unavailable', 'SubtleCrypto is not available here (it needs a secure context: https or localhost); the clip cache cannot compute keys.', { phase: 'cache' });
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', (typeof data === 'string' ? new TextEncoder().encode(data) : data) as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The canonical JSON text a key is the hash of (exposed for tools and tests). */
export function cacheKeyMaterial(input: CacheKeyInput): string {
  const request = input.anySample ? withoutSeeds(input.request) : input.request;
  return canonicalJson({
    schema: CACHE_SCHEMA_VERSION,
    backend: input.backendId,
    model: input.model,
    model_version: input.modelVersion,
    request,
    ...(input.anySample ? { unseeded: 'any-cached-sample' } : {}),
  });
}

/** The cache key (64 hex characters) for one request. */
export function cacheKey(input: CacheKeyInput): Promise<string> {
  return sha256Hex(cacheKeyMaterial(input));
}

const isSeed = (s: unknown): boolean => typeof s === 'number';

/**
 * True when the request is reproducible: `options.seed` is a number, or every segment carries
 * its own numeric seed. Without that the model samples at random (MMCP: null = non-deterministic).
 */
export function isSeeded(request: GenerateRequest): boolean {
  if (isSeed(request.options?.seed)) return true;
  const segments = request.segments ?? [];
  return segments.length > 0 && segments.every((s) => isSeed((s as { seed?: unknown }).seed));
}

/** A copy of `request` without `options.seed` and per-segment seeds. */
export function withoutSeeds(request: GenerateRequest): GenerateRequest {
  const copy: GenerateRequest = { ...request };
  if (request.options) {
    const { seed: _seed, ...options } = request.options;
    copy.options = options;
  }
  if (request.segments) {
    copy.segments = request.segments.map((s) => {
      const { seed: _seed, ...rest } = s as typeof s & { seed?: unknown };
      return rest as typeof s;
    });
  }
  return copy;
}

/**
 * A model's version for the key: `version` or `model_version` when the capabilities carry one,
 * else `spec-` plus a digest of the whole model spec, so any change the server advertises
 * (skeleton, limits, new fields) moves to new keys instead of serving old clips.
 */
export async function modelVersionOf(spec: ModelSpec): Promise<string> {
  for (const field of ['version', 'model_version']) {
    const v = spec[field];
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return `spec-${(await sha256Hex(canonicalJson(spec))).slice(0, 16)}`;
}
