/** Resampling a clip to another frame rate. */
import type { FootContacts, MotionClip } from '../types.js';
import { MotionFormatError } from '../errors.js';
import { slerpInto, wrapAngle } from './quat.js';

/**
 * Returns a new clip at `fps` covering the same duration (`frames = floor(duration·fps) + 1`):
 * rotations slerped along the shortest arc, root positions and trajectory positions lerped, yaw
 * interpolated along the shortest angle, foot contacts and chunk boundaries taken from the nearest
 * source frame. The input is not modified.
 */
export function resampleClip(clip: MotionClip, fps: number): MotionClip {
  if (!(Number.isFinite(fps) && fps > 0)) throw new MotionFormatError('bad_clip', `resampleClip: fps must be a positive number (got ${fps})`, 'fps');
  const T = clip.frameCount;
  const J = clip.jointNames.length;
  const duration = (T - 1) / clip.fps;
  const N = Math.max(1, Math.floor(duration * fps + 1e-6) + 1);
  const rotations = new Float32Array(N * J * 4);
  const rootPositions = new Float32Array(N * 3);
  const src = clip.rotations;
  const pos = (k: number): { i0: number; i1: number; a: number; near: number } => {
    const s = Math.min(T - 1, (k / fps) * clip.fps);
    const i0 = Math.floor(s);
    const i1 = Math.min(T - 1, i0 + 1);
    return { i0, i1, a: s - i0, near: Math.min(T - 1, Math.round(s)) };
  };
  const frames = Array.from({ length: N }, (_, k) => pos(k));
  frames.forEach(({ i0, i1, a }, k) => {
    for (let j = 0; j < J; j++) slerpInto(src, (i0 * J + j) * 4, src, (i1 * J + j) * 4, a, rotations, (k * J + j) * 4);
    for (let c = 0; c < 3; c++) rootPositions[k * 3 + c] = lerp(clip.rootPositions[i0 * 3 + c] as number, clip.rootPositions[i1 * 3 + c] as number, a);
  });
  const out: MotionClip = {
    name: clip.name,
    fps,
    frameCount: N,
    jointNames: clip.jointNames.slice(),
    rotations,
    rootPositions,
    chunkBoundaries: [...new Set(clip.chunkBoundaries.map((b) => Math.round((b / clip.fps) * fps)).filter((b) => b < N))],
  };
  if (clip.footContacts) {
    const fc: FootContacts = {};
    for (const [name, flags] of Object.entries(clip.footContacts)) fc[name] = Uint8Array.from(frames, (f) => flags[f.near] ?? 0);
    out.footContacts = fc;
  }
  const tr = clip.trajectory;
  if (tr) {
    const position = new Float32Array(N * 2);
    const yaw = new Float32Array(N);
    frames.forEach(({ i0, i1, a }, k) => {
      position[2 * k] = lerp(tr.position[2 * i0] as number, tr.position[2 * i1] as number, a);
      position[2 * k + 1] = lerp(tr.position[2 * i0 + 1] as number, tr.position[2 * i1 + 1] as number, a);
      const y0 = tr.yaw[i0] as number;
      yaw[k] = y0 + wrapAngle((tr.yaw[i1] as number) - y0) * a;
    });
    out.trajectory = { ...tr, params: { ...tr.params }, position, yaw };
  }
  return out;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}
