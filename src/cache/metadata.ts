/** Builds the library-view metadata of a cache entry from a request and its parsed document. */
import type { GenerateRequest } from '../protocol/types.js';
import type { MotionDocument } from '../motion/types.js';
import type { CacheEntryMeta, CacheSegmentSummary } from './types.js';
import { CACHE_SCHEMA_VERSION, isSeeded } from './key.js';

/** Inputs of {@link buildEntryMeta}. */
export interface EntryMetaInput {
  key: string;
  bytes: Uint8Array;
  document: MotionDocument;
  request?: GenerateRequest;
  backendId: string;
  modelVersion: string;
  requestId?: string;
  source: 'generated' | 'imported';
  now: number;
}

const MAX_PROMPT = 80;

/** Segments of a request, summarised (prompts clipped to 80 characters). */
export function summariseSegments(request: GenerateRequest | undefined): CacheSegmentSummary[] {
  return (request?.segments ?? []).map((s) => {
    const out: CacheSegmentSummary = { type: s.type };
    if ('prompt' in s && typeof s.prompt === 'string') out.prompt = s.prompt.length > MAX_PROMPT ? `${s.prompt.slice(0, MAX_PROMPT - 1)}…` : s.prompt;
    if ('duration_frames' in s && typeof s.duration_frames === 'number') out.frames = s.duration_frames;
    return out;
  });
}

/** One line for people, e.g. `"walk forward" 2.0 s → "wave" 1.0 s`. */
export function summaryLine(segments: CacheSegmentSummary[], fps: number, totalFrames: number): string {
  const secs = (f: number) => (fps > 0 ? `${(f / fps).toFixed(1)} s` : `${f} frames`);
  if (segments.length === 0) return `(no segments) ${secs(totalFrames)}`;
  return segments
    .map((s) => {
      const label = s.prompt !== undefined ? JSON.stringify(s.prompt) : `(${s.type})`;
      return s.frames !== undefined ? `${label} ${secs(s.frames)}` : label;
    })
    .join(' → ');
}

/** The {@link CacheEntryMeta} of a new entry. */
export function buildEntryMeta(input: EntryMetaInput): CacheEntryMeta {
  const { document: doc, request } = input;
  const frames = doc.clips[0]?.frameCount ?? 0;
  const fps = doc.fps;
  const segments = summariseSegments(request);
  const meta: CacheEntryMeta = {
    key: input.key,
    schema: CACHE_SCHEMA_VERSION,
    created: input.now,
    lastUsed: input.now,
    size: input.bytes.byteLength,
    backendId: input.backendId,
    model: request?.model ?? doc.model ?? 'unknown',
    modelVersion: input.modelVersion,
    summary: summaryLine(segments, fps, frames),
    segments,
    frames,
    fps,
    seconds: fps > 0 ? frames / fps : 0,
    samples: doc.clips.length,
    seeded: request ? isSeeded(request) : false,
    source: input.source,
  };
  if (input.requestId !== undefined) meta.requestId = input.requestId;
  return meta;
}

/** A file name for an exported entry: a slug of the first prompt plus the key's first 8 characters. */
export function exportFileName(meta: CacheEntryMeta): string {
  const first = meta.segments.find((s) => s.prompt)?.prompt ?? meta.model;
  const slug = first
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40);
  return `${slug || 'motion'}-${meta.key.slice(0, 8)}.glb`;
}
