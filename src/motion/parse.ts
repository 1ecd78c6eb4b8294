/** `parseMotionDocument`: GLB bytes or glTF JSON → {@link MotionDocument} (MMCP.md §8). */
import type { MotionClip, MotionDocument } from './types.js';
import { MotionFormatError } from './errors.js';
import { asBytes, decodeUtf8, isGlb, parseJsonText, readGlb } from './glb.js';
import { makeContext } from './accessor.js';
import { isObject, type JsonObject } from './json-check.js';
import { readAnimation, readAnimationQuiet } from './animation.js';
import { readSkeleton } from './skeleton.js';
import { readMeta, readSampleMeta } from './metadata.js';
import { interleaveRotations } from './interleave.js';
import { readGlbFast } from './gltf-json-fast.js';
import { defineLazy } from './lazy.js';

/** Input accepted by {@link parseMotionDocument}. */
export type MotionDocumentInput = ArrayBuffer | Uint8Array | string | object;

/** Options for {@link parseMotionDocument}. */
export interface ParseMotionOptions {
  /**
   * Build each clip's frame-major `rotations` on first access instead of during the parse
   * (default `true`). The per-joint data stays a zero-copy view over the input until then.
   */
  lazyRotations?: boolean;
}

/** Splits any accepted input into its glTF JSON and (GLB only) BIN chunk. */
export function readGltfInput(input: MotionDocumentInput): { json: JsonObject; bin: Uint8Array | undefined } {
  if (typeof input === 'string') return { json: parseJsonText(input, 'document'), bin: undefined };
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes = input instanceof ArrayBuffer ? asBytes(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (!isGlb(bytes) && firstNonSpace(bytes) === 0x7b) return { json: parseJsonText(decodeUtf8(bytes, 'document'), 'document'), bin: undefined };
    return readGlb(bytes);
  }
  if (!isObject(input)) throw new MotionFormatError('bad_input', 'document must be GLB bytes, glTF JSON text or a glTF JSON object', 'document');
  return { json: input, bin: undefined };
}

function firstNonSpace(b: Uint8Array): number {
  for (let i = 0; i < b.length && i < 64; i++) {
    const c = b[i] as number;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xef && c !== 0xbb && c !== 0xbf) return c;
  }
  return -1;
}

/**
 * Parses an MMCP response document: GLB bytes (`ArrayBuffer`/`Uint8Array`) or glTF JSON (text,
 * UTF-8 bytes, or an already-parsed object; buffers as base64 `data:` URIs).
 *
 * Every index, offset, count and type is checked before reading; malformed documents throw
 * {@link MotionFormatError}. Missing or malformed `MMCP_motion` metadata never fails: it gives
 * clips without contacts/trajectory. Float32 data that is tightly packed and 4-byte aligned is
 * used as a view over the input (no copy): do not mutate the input afterwards.
 *
 * GLB bytes take a fast path: the JSON chunk is read straight from its bytes (all of it checked,
 * as `JSON.parse` would), and each clip's `footContacts`/`trajectory` — present or absent exactly
 * as decided now — are built from the input bytes on first read, like `rotations`.
 */
export function parseMotionDocument(input: MotionDocumentInput, options: ParseMotionOptions = {}): MotionDocument {
  const { json, bin } = readGlbFast(input) ?? readGltfInput(input);
  return buildDocument(json, bin, options, false);
}

/**
 * {@link parseMotionDocument} the straightforward way — `TextDecoder` + `JSON.parse`, every check
 * with its member path — for any input. Internal: the reference the fast path is tested against.
 */
export function parseMotionDocumentExact(input: MotionDocumentInput, options: ParseMotionOptions = {}): MotionDocument {
  const { json, bin } = readGltfInput(input);
  return buildDocument(json, bin, options, true);
}

function buildDocument(json: JsonObject, bin: Uint8Array | undefined, options: ParseMotionOptions, reference: boolean): MotionDocument {
  const { skeleton, root } = readSkeleton(json);
  const animations = json['animations'];
  if (!Array.isArray(animations) || animations.length === 0) throw new MotionFormatError('no_animations', 'document has no animations', 'animations');
  const ctx = makeContext(json, bin);
  const meta = readMeta(json, animations.length);
  const lazy = options.lazyRotations !== false;
  const clips: MotionClip[] = [];
  for (let a = 0; a < animations.length; a++) {
    const anim: unknown = animations[a];
    const raw = (reference ? undefined : readAnimationQuiet(ctx, anim, skeleton.names.length, root)) ?? readAnimation(ctx, anim, a, skeleton.names.length, root);
    let fps = meta.fps ?? 30;
    if (raw.timestampFps !== undefined) fps = meta.fps !== undefined && Math.abs(raw.timestampFps - meta.fps) <= meta.fps * 1e-3 ? meta.fps : raw.timestampFps;
    let rootPositions = raw.rootPositions;
    if (!rootPositions) {
      rootPositions = new Float32Array(raw.frames * 3);
      const rx = skeleton.restTranslations[root * 3] as number, ry = skeleton.restTranslations[root * 3 + 1] as number, rz = skeleton.restTranslations[root * 3 + 2] as number;
      for (let t = 0; t < raw.frames; t++) {
        rootPositions[t * 3] = rx;
        rootPositions[t * 3 + 1] = ry;
        rootPositions[t * 3 + 2] = rz;
      }
    }
    const sm = readSampleMeta(meta.samples?.[a], raw.frames, skeleton.names, ctx);
    const clip = {
      name: raw.name ?? `sample_${a}`,
      fps,
      frameCount: raw.frames,
      jointNames: skeleton.names.slice(),
      rotations: undefined as unknown as Float32Array,
      rootPositions,
      chunkBoundaries: sm.chunkBoundaries,
    } as MotionClip;
    if (typeof sm.footContacts === 'function') defineLazy(clip, 'footContacts', sm.footContacts);
    else if (sm.footContacts) clip.footContacts = sm.footContacts;
    if (typeof sm.trajectory === 'function') defineLazy(clip, 'trajectory', sm.trajectory);
    else if (sm.trajectory) clip.trajectory = sm.trajectory;
    const tracks = raw.tracks, frames = raw.frames;
    if (lazy) defineLazy(clip, 'rotations', () => interleaveRotations(tracks, frames));
    else clip.rotations = interleaveRotations(tracks, frames);
    clips.push(clip);
  }
  const doc: MotionDocument = {
    version: meta.version,
    model: meta.model,
    fps: meta.fps ?? clips[0]?.fps ?? 30,
    skeleton,
    clips,
  };
  if (meta.canonicalToRequest) doc.canonicalToRequest = meta.canonicalToRequest;
  return doc;
}
