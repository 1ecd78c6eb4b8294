/**
 * `extensions.MMCP_motion` (MMCP.md §8.3): read leniently — anything missing or malformed degrades
 * to "no contacts / no trajectory" and never fails the parse (checklist items 84–89, 92; internal).
 */
import type { FootContacts, Trajectory } from './types.js';
import { readAccessor, type GltfContext } from './accessor.js';
import { isIndex, isObject, type JsonObject } from './json-check.js';
import { DeferredJson, DeferredTrajectory } from './json-deferred.js';

/** Top-level fields of `MMCP_motion`, each `undefined` when absent or malformed. */
export interface MotionMeta {
  version: string | undefined;
  model: string | undefined;
  fps: number | undefined;
  canonicalToRequest: Record<string, string> | undefined;
  /** `samples[]` when it is a list of the same length as `animations[]`, else `undefined`. */
  samples: unknown[] | undefined;
}

/** Reads the top level of `extensions.MMCP_motion`. */
export function readMeta(json: JsonObject, animationCount: number): MotionMeta {
  const ext = isObject(json['extensions']) ? json['extensions']['MMCP_motion'] : undefined;
  const meta: MotionMeta = { version: undefined, model: undefined, fps: undefined, canonicalToRequest: undefined, samples: undefined };
  if (!isObject(ext)) return meta;
  const v = ext['version'];
  if (typeof v === 'string') meta.version = v;
  const m = ext['model'];
  if (typeof m === 'string') meta.model = m;
  const f = ext['fps'];
  if (typeof f === 'number' && Number.isFinite(f) && f > 0) meta.fps = f;
  const c2r = ext['canonical_to_request'];
  if (isObject(c2r)) {
    const map: Record<string, string> = {};
    for (const [k, val] of Object.entries(c2r)) if (typeof val === 'string') map[k] = val;
    meta.canonicalToRequest = map;
  }
  const samples = ext['samples'];
  if (Array.isArray(samples) && samples.length === animationCount) meta.samples = samples;
  return meta;
}

/** A value built on first use (see `json-deferred.ts`). */
export type Lazy<T> = () => T;

/**
 * Per-sample metadata after validation against the clip. Contacts and trajectory read by the
 * fast GLB path come as {@link Lazy} builders: whether they are present is decided now, exactly
 * as for parsed values, and their arrays are built on first use.
 */
export interface SampleMeta {
  chunkBoundaries: number[];
  footContacts: FootContacts | Lazy<FootContacts | undefined> | undefined;
  trajectory: Trajectory | Lazy<Trajectory | undefined> | undefined;
}

/** Reads `samples[i]` for a clip of `frames` frames over joints `names`. */
export function readSampleMeta(sample: unknown, frames: number, names: readonly string[], ctx: GltfContext): SampleMeta {
  const out: SampleMeta = { chunkBoundaries: [], footContacts: undefined, trajectory: undefined };
  if (!isObject(sample)) return out;
  const cb = sample['chunk_boundaries'];
  if (Array.isArray(cb)) out.chunkBoundaries = cb.filter((x): x is number => isIndex(x) && x < frames);
  const fc = sample['foot_contacts'];
  // Deferred form 1 (`{joint: bool[]}`, no `$accessor`): always present, like a parsed object.
  if (fc instanceof DeferredJson) {
    out.footContacts = () => {
      const v = fc.parse();
      return isObject(v) ? readFlagContacts(v, frames, names) : undefined;
    };
  } else {
    out.footContacts = readContacts(sample, frames, names, ctx);
  }
  const tr = sample['trajectory'];
  // Deferred: position/yaw were checked to be finite pairs/numbers; only their counts can fail.
  if (tr instanceof DeferredTrajectory) out.trajectory = tr.positions === frames && tr.yaws === frames ? () => readTrajectory(tr.parse(), frames) : undefined;
  else out.trajectory = readTrajectory(tr, frames);
  return out;
}

function readContacts(sample: JsonObject, frames: number, names: readonly string[], ctx: GltfContext): FootContacts | undefined {
  const fc = sample['foot_contacts'];
  if (!isObject(fc)) return undefined;
  const known = new Set(names);
  if (fc['$accessor'] !== undefined) {
    const joints = sample['foot_contact_joints'];
    if (!Array.isArray(joints) || joints.length === 0 || !joints.every((j) => typeof j === 'string')) return undefined;
    let flat: Float32Array;
    try {
      flat = readAccessor(ctx, fc['$accessor'], 'foot_contacts.$accessor').data;
    } catch {
      return undefined; // documented form 2 is optional: degrade, never fail
    }
    const k = joints.length;
    if (flat.length !== frames * k) return undefined;
    const res: FootContacts = {};
    joints.forEach((name: string, j) => {
      if (!known.has(name)) return;
      const a = new Uint8Array(frames);
      for (let t = 0; t < frames; t++) a[t] = (flat[t * k + j] as number) !== 0 ? 1 : 0;
      res[name] = a;
    });
    return res;
  }
  return readFlagContacts(fc, frames, names);
}

/** Form 1: `{joint: bool[frames]}`; unknown joints and wrong lengths are skipped. */
function readFlagContacts(fc: JsonObject, frames: number, names: readonly string[]): FootContacts {
  const known = new Set(names);
  const res: FootContacts = {};
  for (const [name, arr] of Object.entries(fc)) {
    if (!known.has(name) || !Array.isArray(arr) || arr.length !== frames) continue;
    const a = new Uint8Array(frames);
    for (let t = 0; t < frames; t++) a[t] = arr[t] === true || arr[t] === 1 ? 1 : 0;
    res[name] = a;
  }
  return res;
}

function readTrajectory(tr: unknown, frames: number): Trajectory | undefined {
  if (!isObject(tr)) return undefined;
  const pos = tr['position'];
  const yaw = tr['yaw'];
  if (!Array.isArray(pos) || !Array.isArray(yaw) || pos.length !== frames || yaw.length !== frames) return undefined;
  const position = new Float32Array(frames * 2);
  const yawOut = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    const p: unknown = pos[t];
    if (!Array.isArray(p) || p.length !== 2) return undefined;
    const x: unknown = p[0], z: unknown = p[1], y: unknown = yaw[t];
    if (typeof x !== 'number' || typeof z !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(z) || !Number.isFinite(y)) return undefined;
    position[2 * t] = x;
    position[2 * t + 1] = z;
    yawOut[t] = y;
  }
  const model = tr['model'];
  const params = tr['params'];
  return {
    model: typeof model === 'string' ? model : 'unknown',
    loop: tr['loop'] === true,
    params: isObject(params) ? params : {},
    position,
    yaw: yawOut,
  };
}
