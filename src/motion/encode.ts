/**
 * `encodeMotionDocument`: {@link MotionDocument} → glTF JSON or GLB in exactly the reference SDK
 * layout (MMCP.md §8.1, SDK `gltf.py`).
 */
import type { MotionClip, MotionDocument } from './types.js';
import { MotionFormatError } from './errors.js';
import { encodeBase64 } from './base64.js';
import { writeGlb } from './glb.js';
import { shortestFloat32 } from './float-json.js';
import { extractTrack } from './interleave.js';
import type { JsonObject } from './json-check.js';

/** Options for {@link encodeMotionDocument}. */
export interface EncodeMotionOptions {
  /** `true`: GLB bytes (`model/gltf-binary`); `false`: a glTF JSON object with a `data:` URI buffer. */
  binary: boolean;
}

/** Protocol version written when the document has none. */
export const DEFAULT_MMCP_VERSION = '1.3';

/** Encodes a document as GLB bytes. */
export function encodeMotionDocument(doc: MotionDocument, options: { binary: true }): Uint8Array;
/** Encodes a document as a glTF JSON object (serialize with `JSON.stringify`). */
export function encodeMotionDocument(doc: MotionDocument, options: { binary: false }): JsonObject;
/** Encodes a document as GLB bytes (`binary: true`) or a glTF JSON object. */
export function encodeMotionDocument(doc: MotionDocument, options: EncodeMotionOptions): Uint8Array | JsonObject;
export function encodeMotionDocument(doc: MotionDocument, options: EncodeMotionOptions): Uint8Array | JsonObject {
  const { json, bin } = buildGltf(doc);
  if (options.binary) {
    json['buffers'] = [{ byteLength: bin.length }];
    return writeGlb(json, bin);
  }
  json['buffers'] = [{ byteLength: bin.length, uri: `data:application/octet-stream;base64,${encodeBase64(bin)}` }];
  return json;
}

const round = (a: ArrayLike<number>, from: number, n: number): number[] => {
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = shortestFloat32(a[from + i] as number);
  return out;
};

function check(ok: boolean, path: string, what: string): void {
  if (!ok) throw new MotionFormatError('bad_clip', `${path} ${what}`, path);
}

/** Builds the JSON (without `buffers`, inserted in key order by the caller) and the binary payload. */
function buildGltf(doc: MotionDocument): { json: JsonObject; bin: Uint8Array } {
  const sk = doc.skeleton;
  const J = sk.names.length;
  check(J > 0 && sk.parents.length === J && sk.restTranslations.length === J * 3 && sk.restRotations.length === J * 4, 'skeleton', 'arrays must match names');
  check(doc.clips.length > 0, 'clips', 'must not be empty');
  const children: number[][] = Array.from({ length: J }, () => []);
  let root = -1;
  for (let j = 0; j < J; j++) {
    const p = sk.parents[j] as number;
    if (p < 0) {
      if (root < 0) root = j;
    } else {
      check(p < J, `skeleton.parents[${j}]`, 'is out of range');
      (children[p] as number[]).push(j);
    }
  }
  check(root >= 0, 'skeleton.parents', 'has no root');
  const nodes = sk.names.map((name, j) => {
    const n: JsonObject = { name, translation: round(sk.restTranslations, j * 3, 3), rotation: round(sk.restRotations, j * 4, 4) };
    if ((children[j] as number[]).length) n['children'] = children[j];
    return n;
  });

  // Binary layout: per sample, timestamps, J rotations, root translation; each view 4-byte aligned.
  let total = 0;
  for (const [b, clip] of doc.clips.entries()) {
    const T = clip.frameCount;
    check(Number.isSafeInteger(T) && T > 0, `clips[${b}].frameCount`, 'must be a positive integer');
    check(clip.jointNames.length === J, `clips[${b}].jointNames`, `must list the ${J} skeleton joints`);
    check(clip.rotations.length === T * J * 4, `clips[${b}].rotations`, `must hold frameCount × ${J} × 4 floats`);
    check(clip.rootPositions.length === T * 3, `clips[${b}].rootPositions`, 'must hold frameCount × 3 floats');
    check(Number.isFinite(clip.fps) && clip.fps > 0, `clips[${b}].fps`, 'must be a positive number');
    total += T * 4 + J * T * 16 + T * 12;
  }
  const bin = new Uint8Array(total);
  const f32 = new Float32Array(bin.buffer);
  const accessors: JsonObject[] = [];
  const bufferViews: JsonObject[] = [];
  const animations: JsonObject[] = [];
  const samples: JsonObject[] = [];
  let off = 0;
  const addView = (byteLength: number): number => {
    bufferViews.push({ buffer: 0, byteOffset: off, byteLength });
    off += byteLength;
    return bufferViews.length - 1;
  };
  for (const [b, clip] of doc.clips.entries()) {
    const T = clip.frameCount;
    const tsIndex = accessors.length;
    const ts = f32.subarray(off / 4, off / 4 + T);
    for (let i = 0; i < T; i++) ts[i] = i / clip.fps;
    accessors.push({ bufferView: addView(T * 4), componentType: 5126, count: T, type: 'SCALAR', min: [ts[0] as number], max: [ts[T - 1] as number] });
    const samplers: JsonObject[] = [];
    const channels: JsonObject[] = [];
    const rotations = clip.rotations;
    for (let j = 0; j < J; j++) {
      extractTrack(rotations, J, j, T, f32, off / 4);
      accessors.push({ bufferView: addView(T * 16), componentType: 5126, count: T, type: 'VEC4' });
      samplers.push({ input: tsIndex, output: accessors.length - 1, interpolation: 'LINEAR' });
      channels.push({ sampler: j, target: { node: j, path: 'rotation' } });
    }
    f32.set(clip.rootPositions, off / 4);
    accessors.push({ bufferView: addView(T * 12), componentType: 5126, count: T, type: 'VEC3' });
    samplers.push({ input: tsIndex, output: accessors.length - 1, interpolation: 'LINEAR' });
    channels.push({ sampler: J, target: { node: root, path: 'translation' } });
    animations.push({ name: clip.name, channels, samplers });
    samples.push(sampleMeta(clip, b));
  }

  const ext: JsonObject = { version: doc.version ?? DEFAULT_MMCP_VERSION, model: doc.model ?? 'unknown', fps: doc.fps };
  if (doc.canonicalToRequest) ext['canonical_to_request'] = doc.canonicalToRequest;
  ext['samples'] = samples;
  const json: JsonObject = {
    asset: { version: '2.0', generator: 'motionmcp' },
    nodes,
    scenes: [{ nodes: [root] }],
    scene: 0,
    skins: [{ name: 'skin', joints: sk.names.map((_, j) => j) }],
    animations,
    accessors,
    bufferViews,
    buffers: [],
    extensionsUsed: ['MMCP_motion'],
    extensions: { MMCP_motion: ext },
  };
  return { json, bin };
}

function sampleMeta(clip: MotionClip, b: number): JsonObject {
  const T = clip.frameCount;
  const s: JsonObject = { name: clip.name, num_frames: T, chunk_boundaries: clip.chunkBoundaries.slice() };
  if (clip.footContacts) {
    const fc: Record<string, boolean[]> = {};
    for (const [name, flags] of Object.entries(clip.footContacts)) {
      check(flags.length === T, `clips[${b}].footContacts.${name}`, 'must have one flag per frame');
      fc[name] = Array.from(flags, (f) => f !== 0);
    }
    s['foot_contacts'] = fc;
  }
  const tr = clip.trajectory;
  if (tr) {
    check(tr.position.length === T * 2 && tr.yaw.length === T, `clips[${b}].trajectory`, 'must have one position and yaw per frame');
    const position: number[][] = [];
    for (let t = 0; t < T; t++) position.push([shortestFloat32(tr.position[2 * t] as number), shortestFloat32(tr.position[2 * t + 1] as number)]);
    s['trajectory'] = { model: tr.model, loop: tr.loop, params: tr.params, position, yaw: Array.from(tr.yaw, shortestFloat32) };
  }
  return s;
}
