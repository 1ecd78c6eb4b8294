/** `parseMotionDocument`: GLB bytes or glTF JSON → {@link MotionDocument} (MMCP.md §8). */
import type { MotionClip, MotionDocument } from './types.js';
import { MotionFormatError } from './errors.js';
import { asBytes, decodeUtf8, isGlb, parseJsonText, readGlb } from './glb.js';
import { makeContext, readAccessor, type GltfContext } from './accessor.js';
import { fail, isObject, reqIndex, type JsonObject } from './json-check.js';
import { readSkeleton } from './skeleton.js';
import { readMeta, readSampleMeta } from './metadata.js';
import { interleaveRotations } from './interleave.js';

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
 */
export function parseMotionDocument(input: MotionDocumentInput, options: ParseMotionOptions = {}): MotionDocument {
  const { json, bin } = readGltfInput(input);
  const { skeleton, root } = readSkeleton(json);
  const animations = json['animations'];
  if (!Array.isArray(animations) || animations.length === 0) throw new MotionFormatError('no_animations', 'document has no animations', 'animations');
  const ctx = makeContext(json, bin);
  const meta = readMeta(json, animations.length);
  const lazy = options.lazyRotations !== false;
  const clips: MotionClip[] = [];
  for (let a = 0; a < animations.length; a++) {
    const raw = readAnimation(ctx, animations[a], a, skeleton.names.length, root);
    let fps = meta.fps ?? 30;
    if (raw.timestampFps !== undefined) fps = meta.fps !== undefined && Math.abs(raw.timestampFps - meta.fps) <= meta.fps * 1e-3 ? meta.fps : raw.timestampFps;
    let rootPositions = raw.rootPositions;
    if (!rootPositions) {
      rootPositions = new Float32Array(raw.frames * 3);
      const rx = skeleton.restTranslations[root * 3] as number, ry = skeleton.restTranslations[root * 3 + 1] as number, rz = skeleton.restTranslations[root * 3 + 2] as number;
      for (let t = 0; t < raw.frames; t++) rootPositions.set([rx, ry, rz], t * 3);
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
    if (sm.footContacts) clip.footContacts = sm.footContacts;
    if (sm.trajectory) clip.trajectory = sm.trajectory;
    const build = (): Float32Array => interleaveRotations(raw.tracks, raw.frames);
    if (lazy) defineLazy(clip, build);
    else clip.rotations = build();
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

function defineLazy(clip: MotionClip, build: () => Float32Array): void {
  const set = (value: Float32Array): void => {
    Object.defineProperty(clip, 'rotations', { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(clip, 'rotations', {
    enumerable: true,
    configurable: true,
    get(): Float32Array {
      const v = build();
      set(v);
      return v;
    },
    set,
  });
}

interface RawAnimation {
  name: string | undefined;
  frames: number;
  timestampFps: number | undefined;
  /** Per joint: `[frame][xyzw]` rotations, or `undefined` for identity. */
  tracks: (Float32Array | undefined)[];
  rootPositions: Float32Array | undefined;
}

/** Max joints (incl. identity-filled ones) per joint with a rotation channel, above 2^20 joint-frames. */
const MAX_IDENTITY_EXPANSION = 64;

const INTERPOLATIONS = new Set(['LINEAR', 'STEP', 'CUBICSPLINE']);

function readAnimation(ctx: GltfContext, anim: unknown, a: number, joints: number, root: number): RawAnimation {
  const ap = `animations[${a}]`;
  if (!isObject(anim)) fail('bad_animation', ap, 'must be an object');
  const channels = anim['channels'];
  const samplers = anim['samplers'];
  if (!Array.isArray(channels)) fail('bad_animation', `${ap}.channels`, 'must be an array');
  if (!Array.isArray(samplers)) fail('bad_animation', `${ap}.samplers`, 'must be an array');
  const name = typeof anim['name'] === 'string' ? anim['name'] : undefined;
  const tracks: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(joints).fill(undefined);
  let rootPositions: Float32Array | undefined;
  let frames = -1;
  let times: Float32Array | undefined;
  let timesAccessor = -1;
  let rotationChannels = 0;
  channels.forEach((ch: unknown, c) => {
    const cp = `${ap}.channels[${c}]`;
    if (!isObject(ch)) fail('bad_animation', cp, 'must be an object');
    const target = ch['target'];
    if (!isObject(target)) fail('bad_animation', `${cp}.target`, 'must be an object');
    const path = target['path'];
    if (typeof path !== 'string') fail('bad_animation', `${cp}.target.path`, 'must be a string');
    if (path !== 'rotation' && path !== 'translation') return; // scale/weights ignored
    if (target['node'] === undefined) return; // glTF allows an untargeted channel (extensions)
    const node = reqIndex(target, 'node', `${cp}.target`, joints, 'bad_animation');
    if (path === 'translation' && node !== root) return; // only the root translation is MMCP data
    const si = reqIndex(ch, 'sampler', cp, samplers.length, 'bad_animation');
    const sp = `${ap}.samplers[${si}]`;
    const sampler: unknown = samplers[si];
    if (!isObject(sampler)) fail('bad_animation', sp, 'must be an object');
    const interp = sampler['interpolation'] ?? 'LINEAR';
    if (typeof interp !== 'string' || !INTERPOLATIONS.has(interp)) fail('bad_animation', `${sp}.interpolation`, 'must be LINEAR, STEP or CUBICSPLINE');
    const input = readAccessor(ctx, sampler['input'], `${sp}.input`, ['SCALAR']);
    if (frames < 0) {
      frames = input.count;
      times = input.data;
      timesAccessor = sampler['input'] as number;
    } else if (input.count !== frames) {
      fail('bad_animation', `${sp}.input`, `has ${input.count} keys, other channels of ${ap} have ${frames}`);
    }
    const output = readAccessor(ctx, sampler['output'], `${sp}.output`, [path === 'rotation' ? 'VEC4' : 'VEC3']);
    const cubic = interp === 'CUBICSPLINE';
    const expected = cubic ? frames * 3 : frames;
    if (output.count !== expected) fail('bad_animation', `${sp}.output`, `has ${output.count} elements, expected ${expected} (input accessors[${timesAccessor}] count ${frames}${cubic ? ', CUBICSPLINE ×3' : ''})`);
    const data = cubic ? cubicValues(output.data, frames, output.components) : output.data;
    if (path === 'rotation') {
      tracks[node] = data;
      rotationChannels++;
    } else {
      rootPositions = data;
    }
  });
  if (rotationChannels === 0 || !times) throw new MotionFormatError('no_rotation_channels', `${ap} has no rotation channels`, `${ap}.channels`);
  // Joints without a channel are filled with identity: bound that expansion by the data actually
  // present, so a tiny document cannot ask for a huge frame-major array.
  if (frames * joints > Math.max(rotationChannels * frames * MAX_IDENTITY_EXPANSION, 1 << 20)) {
    fail('out_of_bounds', `${ap}.channels`, `animate ${rotationChannels} of ${joints} joints over ${frames} frames: too many joints without rotation data`);
  }
  let timestampFps: number | undefined;
  const t0 = times[0] as number, t1 = times[frames - 1] as number;
  if (frames > 1 && Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0) {
    const f = (frames - 1) / (t1 - t0);
    if (Number.isFinite(f) && f > 0) timestampFps = f;
  }
  return { name, frames, timestampFps, tracks, rootPositions };
}

/** CUBICSPLINE stores `[inTangent, value, outTangent]` per key: keep the values. */
function cubicValues(src: Float32Array, frames: number, n: number): Float32Array {
  const out = new Float32Array(frames * n);
  for (let t = 0; t < frames; t++) out.set(src.subarray((3 * t + 1) * n, (3 * t + 2) * n), t * n);
  return out;
}
