/**
 * A BVH (Biovision hierarchy) reader producing a {@link MotionSkeleton} and {@link MotionClip} in
 * MMCP conventions: right-handed, +Y up, metres (via `scale`), identity rest rotations, and per-frame
 * rotations that are local-from-rest in world-aligned frames.
 * @packageDocumentation
 */
import type { MotionClip, MotionSkeleton } from './types.js';
import { qConjMul, qMul, qMulConj, qNormalize, qRotate } from './math3d.js';

/** Options for {@link parseBvh}. */
export interface BvhOptions {
  /** Units → metres factor (Bandai Namco / CMU data is centimetres: 0.01). Default 1. */
  scale?: number;
  /**
   * The rest pose of the produced skeleton: `'zero'` (all rotation channels 0: the OFFSETs as
   * authored, right for T-pose BVHs), `'first'` (the first frame) or a frame index. Rigs whose bones
   * lie along a local axis with the rest orientation in the channels (Bandai Namco) need a frame.
   * Default `'zero'`.
   */
  rest?: 'zero' | 'first' | number;
  /** The file's up axis; `'z'` files are turned to +Y up. Default `'y'`. */
  upAxis?: 'y' | 'z';
  /** Drop a static root (zero offset, zero channels, one child) such as `joint_Root`. Default true. */
  collapseStaticRoot?: boolean;
  /** Clip name. Default `'bvh'`. */
  name?: string;
}

/** A parsed BVH file. */
export interface BvhMotion {
  skeleton: MotionSkeleton;
  clip: MotionClip;
  /** Seconds per frame as written in the file. */
  frameTime: number;
}

/** A malformed BVH file. */
export class BvhFormatError extends Error {
  override readonly name = 'BvhFormatError';
  /** Machine code (`bad_bvh`). */
  readonly code = 'bad_bvh';
}

interface RawJoint { name: string; parent: number; offset: [number, number, number]; channels: string[]; channelStart: number }

const AXIS_INDEX: Record<string, number> = { X: 0, Y: 1, Z: 2 };

/** Parses BVH text. Throws {@link BvhFormatError} on malformed input. */
export function parseBvh(text: string, options: BvhOptions = {}): BvhMotion {
  const scale = options.scale ?? 1;
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let i = 0;
  const next = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new BvhFormatError('Unexpected end of BVH file.');
    return t;
  };
  const num = (): number => {
    const t = next();
    const v = Number(t);
    if (!Number.isFinite(v)) throw new BvhFormatError(`Expected a number, found "${t}" (token ${i}).`);
    return v;
  };
  if (next().toUpperCase() !== 'HIERARCHY') throw new BvhFormatError('A BVH file starts with HIERARCHY.');
  const joints: RawJoint[] = [];
  const stack: number[] = [];
  let channelCount = 0;
  let pendingEnd = false;
  for (;;) {
    const t = next();
    const u = t.toUpperCase();
    if (u === 'MOTION') break;
    if (u === 'ROOT' || u === 'JOINT') {
      const name = next();
      joints.push({ name, parent: stack.length ? stack[stack.length - 1]! : -1, offset: [0, 0, 0], channels: [], channelStart: channelCount });
      if (next() !== '{') throw new BvhFormatError(`Expected "{" after ${u} ${name}.`);
      stack.push(joints.length - 1);
    } else if (u === 'END') {
      next(); // "Site"
      if (next() !== '{') throw new BvhFormatError('Expected "{" after End Site.');
      pendingEnd = true;
      stack.push(-2);
    } else if (u === 'OFFSET') {
      const o: [number, number, number] = [num(), num(), num()];
      const top = stack[stack.length - 1];
      if (top === undefined) throw new BvhFormatError('OFFSET outside a joint.');
      if (top >= 0) joints[top]!.offset = o;
    } else if (u === 'CHANNELS') {
      const n = num();
      const top = stack[stack.length - 1];
      if (top === undefined || top < 0) throw new BvhFormatError('CHANNELS outside a joint.');
      const j = joints[top]!;
      j.channelStart = channelCount;
      for (let k = 0; k < n; k++) {
        const c = next();
        if (!/^[XYZ](position|rotation)$/i.test(c)) throw new BvhFormatError(`Unknown channel "${c}" on ${j.name}.`);
        j.channels.push(c[0]!.toUpperCase() + c.slice(1).toLowerCase());
      }
      channelCount += n;
    } else if (u === '}') {
      if (!stack.length) throw new BvhFormatError('Unbalanced "}".');
      stack.pop();
      pendingEnd = false;
    } else {
      throw new BvhFormatError(`Unexpected token "${t}" in HIERARCHY.`);
    }
  }
  void pendingEnd;
  if (!joints.length) throw new BvhFormatError('The BVH hierarchy has no joints.');
  if (next().replace(':', '').toUpperCase() !== 'FRAMES') throw new BvhFormatError('Expected "Frames:".');
  const frames = num();
  if (next().toUpperCase() !== 'FRAME' || next().replace(':', '').toUpperCase() !== 'TIME') throw new BvhFormatError('Expected "Frame Time:".');
  const frameTime = num();
  if (!(frames >= 1) || !(frameTime > 0)) throw new BvhFormatError(`Bad frame count ${frames} or frame time ${frameTime}.`);
  const data = new Float64Array(frames * channelCount);
  for (let k = 0; k < data.length; k++) data[k] = num();

  // Collapse a static root.
  let first = 0;
  if ((options.collapseStaticRoot ?? true) && joints.length > 1) {
    const r = joints[0]!;
    const kids = joints.filter((j) => j.parent === 0);
    let isStatic = kids.length === 1 && r.offset.every((v) => Math.abs(v) < 1e-9);
    for (let f = 0; isStatic && f < frames; f++) for (let c = 0; c < r.channels.length; c++) if (Math.abs(data[f * channelCount + r.channelStart + c]!) > 1e-6) isStatic = false;
    if (isStatic) first = 1;
  }
  const J = joints.length - first;
  const names = joints.slice(first).map((j) => j.name);
  const parents = new Int32Array(J);
  for (let j = 0; j < J; j++) { const p = joints[j + first]!.parent - first; parents[j] = p < 0 ? -1 : p; }

  // Per-frame world rotations and root positions.
  const up = options.upAxis === 'z' ? [-Math.SQRT1_2, 0, 0, Math.SQRT1_2] : [0, 0, 0, 1];
  const world = (f: number | null, G: Float64Array, P: Float64Array): void => {
    const q = new Float64Array(4), a = new Float64Array(4), v = new Float64Array(3);
    for (let j = 0; j < J; j++) {
      const raw = joints[j + first]!;
      q[0] = 0; q[1] = 0; q[2] = 0; q[3] = 1;
      v[0] = raw.offset[0]; v[1] = raw.offset[1]; v[2] = raw.offset[2];
      if (f !== null) {
        for (let c = 0; c < raw.channels.length; c++) {
          const ch = raw.channels[c]!;
          const val = data[f * channelCount + raw.channelStart + c]!;
          const axis = AXIS_INDEX[ch[0]!]!;
          if (ch.endsWith('rotation')) {
            const h = (val * Math.PI) / 360;
            a[0] = 0; a[1] = 0; a[2] = 0; a[3] = Math.cos(h); a[axis] = Math.sin(h);
            qMul(q, 0, q, 0, a, 0);
          } else if (parents[j] === -1) {
            v[axis] = val;
          }
        }
      } else if (parents[j] === -1) {
        // Zero pose: the root stands where the first frame puts it.
        for (let c = 0; c < raw.channels.length; c++) {
          const ch = raw.channels[c]!;
          if (ch.endsWith('position')) v[AXIS_INDEX[ch[0]!]!] = data[raw.channelStart + c]!;
        }
      }
      v[0] *= scale; v[1] *= scale; v[2] *= scale;
      const p = parents[j]!;
      if (p < 0) {
        qMul(G, 4 * j, up, 0, q, 0);
        qRotate(P, 3 * j, up, 0, v, 0);
      } else {
        qMul(G, 4 * j, G, 4 * p, q, 0);
        qRotate(v, 0, G, 4 * p, v, 0);
        P[3 * j] = P[3 * p]! + v[0]!; P[3 * j + 1] = P[3 * p + 1]! + v[1]!; P[3 * j + 2] = P[3 * p + 2]! + v[2]!;
      }
      qNormalize(G, 4 * j);
    }
  };
  const restSpec = options.rest ?? 'zero';
  const restFrame = restSpec === 'zero' ? null : restSpec === 'first' ? 0 : restSpec;
  if (restFrame !== null && (!Number.isInteger(restFrame) || restFrame < 0 || restFrame >= frames)) throw new BvhFormatError(`rest frame ${restFrame} is outside 0..${frames - 1}.`);
  const W = new Float64Array(4 * J), R = new Float64Array(3 * J);
  world(restFrame, W, R);
  const restTranslations = new Float32Array(3 * J);
  for (let j = 0; j < J; j++) {
    const p = parents[j]!;
    for (let k = 0; k < 3; k++) restTranslations[3 * j + k] = R[3 * j + k]! - (p >= 0 ? R[3 * p + k]! : 0);
  }
  const restRotations = new Float32Array(4 * J);
  for (let j = 0; j < J; j++) restRotations[4 * j + 3] = 1;

  const rotations = new Float32Array(frames * J * 4);
  const rootPositions = new Float32Array(frames * 3);
  const G = new Float64Array(4 * J), P = new Float64Array(3 * J), D = new Float64Array(4 * J), L = new Float64Array(4);
  for (let f = 0; f < frames; f++) {
    world(f, G, P);
    for (let j = 0; j < J; j++) {
      qMulConj(D, 4 * j, G, 4 * j, W, 4 * j); // world delta from rest
      const p = parents[j]!;
      if (p >= 0) qConjMul(L, 0, D, 4 * p, D, 4 * j);
      else { L[0] = D[4 * j]!; L[1] = D[4 * j + 1]!; L[2] = D[4 * j + 2]!; L[3] = D[4 * j + 3]!; }
      qNormalize(L, 0);
      const o = (f * J + j) * 4;
      // Keep sign continuity per joint.
      if (f > 0) {
        const po = ((f - 1) * J + j) * 4;
        if (L[0]! * rotations[po]! + L[1]! * rotations[po + 1]! + L[2]! * rotations[po + 2]! + L[3]! * rotations[po + 3]! < 0) { L[0] = -L[0]!; L[1] = -L[1]!; L[2] = -L[2]!; L[3] = -L[3]!; }
      }
      rotations[o] = L[0]!; rotations[o + 1] = L[1]!; rotations[o + 2] = L[2]!; rotations[o + 3] = L[3]!;
    }
    const r = parents.indexOf(-1);
    rootPositions[3 * f] = P[3 * r]!; rootPositions[3 * f + 1] = P[3 * r + 1]!; rootPositions[3 * f + 2] = P[3 * r + 2]!;
  }
  const fps = 1 / frameTime;
  return {
    skeleton: { names, parents, restTranslations, restRotations },
    clip: { name: options.name ?? 'bvh', fps: Math.round(fps * 1000) / 1000, frameCount: frames, jointNames: names.slice(), rotations, rootPositions, chunkBoundaries: [] },
    frameTime,
  };
}
