/** glTF `animations[i]` → per-joint rotation tracks and root positions, validated (internal). */
import { MotionFormatError } from './errors.js';
import { readAccessor, readAccessorQuiet, type GltfContext } from './accessor.js';
import { fail, isIndex, isObject, reqIndex } from './json-check.js';

/** One animation's data, still per joint (zero-copy views where the layout allows). */
export interface RawAnimation {
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

/** Reads `animations[a]` over `joints` nodes; throws {@link MotionFormatError} naming the member at fault. */
export function readAnimation(ctx: GltfContext, anim: unknown, a: number, joints: number, root: number): RawAnimation {
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
  if (tooManyIdentity(frames, joints, rotationChannels)) {
    fail('out_of_bounds', `${ap}.channels`, `animate ${rotationChannels} of ${joints} joints over ${frames} frames: too many joints without rotation data`);
  }
  return { name, frames, timestampFps: timestampFps(times, frames), tracks, rootPositions };
}

const SCALAR = ['SCALAR'];
const VEC4 = ['VEC4'];
const VEC3 = ['VEC3'];

/**
 * {@link readAnimation} without member paths or throwing, for the common well-formed case: the
 * same result, or `undefined` when anything is off (then {@link readAnimation} gives the exact
 * error). Never accepts what {@link readAnimation} refuses.
 */
export function readAnimationQuiet(ctx: GltfContext, anim: unknown, joints: number, root: number): RawAnimation | undefined {
  if (!isObject(anim)) return undefined;
  const channels = anim['channels'];
  const samplers = anim['samplers'];
  if (!Array.isArray(channels) || !Array.isArray(samplers)) return undefined;
  const tracks: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(joints).fill(undefined);
  let rootPositions: Float32Array | undefined;
  let frames = -1;
  let times: Float32Array | undefined;
  let rotationChannels = 0;
  for (let c = 0; c < channels.length; c++) {
    const ch: unknown = channels[c];
    if (!isObject(ch)) return undefined;
    const target = ch['target'];
    if (!isObject(target)) return undefined;
    const path = target['path'];
    if (typeof path !== 'string') return undefined;
    const rotation = path === 'rotation';
    if (!rotation && path !== 'translation') continue;
    const node = target['node'];
    if (node === undefined) continue;
    if (!isIndex(node) || node >= joints) return undefined;
    if (!rotation && node !== root) continue;
    const si = ch['sampler'];
    if (!isIndex(si) || si >= samplers.length) return undefined;
    const sampler: unknown = samplers[si];
    if (!isObject(sampler)) return undefined;
    const interp = sampler['interpolation'] ?? 'LINEAR';
    if (typeof interp !== 'string' || !INTERPOLATIONS.has(interp)) return undefined;
    const input = readAccessorQuiet(ctx, sampler['input'], SCALAR);
    if (input === undefined) return undefined;
    if (frames < 0) {
      frames = input.count;
      times = input.data;
    } else if (input.count !== frames) {
      return undefined;
    }
    const output = readAccessorQuiet(ctx, sampler['output'], rotation ? VEC4 : VEC3);
    const cubic = interp === 'CUBICSPLINE';
    if (output === undefined || output.count !== (cubic ? frames * 3 : frames)) return undefined;
    const data = cubic ? cubicValues(output.data, frames, output.components) : output.data;
    if (rotation) {
      tracks[node] = data;
      rotationChannels++;
    } else {
      rootPositions = data;
    }
  }
  if (rotationChannels === 0 || !times || tooManyIdentity(frames, joints, rotationChannels)) return undefined;
  return { name: typeof anim['name'] === 'string' ? anim['name'] : undefined, frames, timestampFps: timestampFps(times, frames), tracks, rootPositions };
}

/**
 * Joints without a channel are filled with identity: that expansion is bounded by the data
 * actually present, so a tiny document cannot ask for a huge frame-major array.
 */
function tooManyIdentity(frames: number, joints: number, rotationChannels: number): boolean {
  return frames * joints > Math.max(rotationChannels * frames * MAX_IDENTITY_EXPANSION, 1 << 20);
}

/** The frame rate the timestamps imply, or `undefined` when they do not increase. */
function timestampFps(times: Float32Array, frames: number): number | undefined {
  const t0 = times[0] as number, t1 = times[frames - 1] as number;
  if (frames > 1 && Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0) {
    const f = (frames - 1) / (t1 - t0);
    if (Number.isFinite(f) && f > 0) return f;
  }
  return undefined;
}

/** CUBICSPLINE stores `[inTangent, value, outTangent]` per key: keep the values. */
function cubicValues(src: Float32Array, frames: number, n: number): Float32Array {
  const out = new Float32Array(frames * n);
  for (let t = 0; t < frames; t++) out.set(src.subarray((3 * t + 1) * n, (3 * t + 2) * n), t * n);
  return out;
}
