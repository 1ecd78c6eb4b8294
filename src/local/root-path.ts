/**
 * `root_path` constraints, in two halves.
 *
 * 1. Before sampling, {@link planRootPath} turns the keys into per-frame conditioning: a smooth
 *    path through the keys (Catmull–Rom in time, starting at the origin at frame 0 unless frame
 *    0 is a key) gives the target ground speed and turn rate (≈1 s centred means, as the model
 *    was trained) and `traj_flag = 1` up to the last key.
 * 2. After decoding, {@link warpRootTrack} bends the generated root path so it passes exactly
 *    through every key: the position error at the keys is interpolated smoothly over time
 *    (Hermite, Catmull–Rom tangents; constant after the last key) and added to the path; the
 *    heading turns by the angle the correction turned the path's tangent (faded out when the
 *    root is nearly still), and `heading_radians`, when given, are met the same way.
 */
import type { RootPathConstraint } from '../protocol/types.js';
import type { RootTrack } from './decode.js';

/** Merged root_path keys, frame-ascending. */
export interface RootKeys {
  frames: number[];
  xz: Array<[number, number]>;
  /** Heading per key, or `undefined` where not given. */
  heading: Array<number | undefined>;
}

/** Per-frame trajectory conditioning. */
export interface RootPlan {
  keys: RootKeys;
  speed: Float32Array;
  turn: Float32Array;
  flag: Float32Array;
}

/** Merges all `root_path` constraints into one key list (a later duplicate frame wins). */
export function mergeRootKeys(constraints: RootPathConstraint[]): RootKeys {
  const byFrame = new Map<number, { xz: [number, number]; heading: number | undefined }>();
  for (const c of constraints) {
    c.frames.forEach((f, i) => {
      const p = c.positions_xz[i]!;
      byFrame.set(f, { xz: [p[0], p[1]], heading: c.heading_radians?.[i] });
    });
  }
  const frames = [...byFrame.keys()].sort((a, b) => a - b);
  return { frames, xz: frames.map((f) => byFrame.get(f)!.xz), heading: frames.map((f) => byFrame.get(f)!.heading) };
}

/** Keys with the implicit start (origin, frame 0) added when frame 0 is not a key. */
function withStart(keys: RootKeys): RootKeys {
  if (keys.frames[0] === 0) return keys;
  return { frames: [0, ...keys.frames], xz: [[0, 0], ...keys.xz], heading: [undefined, ...keys.heading] };
}

/** Non-uniform Catmull–Rom / Hermite interpolation of values `v` at `frames`, sampled at 0..T-1 (constant outside). */
function hermite(frames: number[], v: number[], T: number): Float64Array {
  const out = new Float64Array(T);
  const n = frames.length;
  const slope = (k: number) => {
    if (n < 2) return 0;
    const a = Math.max(0, k - 1);
    const b = Math.min(n - 1, k + 1);
    return (v[b]! - v[a]!) / (frames[b]! - frames[a]! || 1);
  };
  let k = 0;
  for (let t = 0; t < T; t++) {
    if (t <= frames[0]!) { out[t] = v[0]!; continue; }
    if (t >= frames[n - 1]!) { out[t] = v[n - 1]!; continue; }
    while (frames[k + 1]! < t) k++;
    const f0 = frames[k]!, f1 = frames[k + 1]!;
    const h = f1 - f0;
    const u = (t - f0) / h;
    const u2 = u * u, u3 = u2 * u;
    out[t] = (2 * u3 - 3 * u2 + 1) * v[k]! + (u3 - 2 * u2 + u) * h * slope(k) + (-2 * u3 + 3 * u2) * v[k + 1]! + (u3 - u2) * h * slope(k + 1);
  }
  return out;
}

function boxMean(src: Float64Array, end: number, half: number): Float64Array {
  const out = new Float64Array(src.length);
  for (let t = 0; t < src.length; t++) {
    const a = Math.max(0, t - half);
    const b = Math.min(end - 1, t + half);
    let s = 0;
    for (let i = a; i <= b; i++) s += src[i]!;
    out[t] = b >= a ? s / (b - a + 1) : 0;
  }
  return out;
}

const wrapPi = (a: number) => a - 2 * Math.PI * Math.round(a / (2 * Math.PI));

/** Per-frame speed/turn/flag conditioning for `T` frames at `fps`. */
export function planRootPath(constraints: RootPathConstraint[], T: number, fps: number): RootPlan {
  const keys = mergeRootKeys(constraints);
  const all = withStart(keys);
  const last = all.frames[all.frames.length - 1]!;
  const end = Math.min(T, last + 1);
  const px = hermite(all.frames, all.xz.map((p) => p[0]), T);
  const pz = hermite(all.frames, all.xz.map((p) => p[1]), T);
  const rawSpeed = new Float64Array(T);
  const rawTurn = new Float64Array(T);
  let prevAngle: number | undefined;
  for (let t = 0; t < end; t++) {
    const a = Math.max(0, t - 1);
    const b = Math.min(end - 1, t + 1);
    const dx = ((px[b]! - px[a]!) * fps) / (b - a || 1);
    const dz = ((pz[b]! - pz[a]!) * fps) / (b - a || 1);
    const sp = Math.hypot(dx, dz);
    rawSpeed[t] = sp;
    if (sp > 0.05) {
      const ang = Math.atan2(dx, dz);
      if (prevAngle !== undefined) rawTurn[t] = wrapPi(ang - prevAngle) * fps;
      prevAngle = ang;
    }
  }
  const half = Math.round(fps / 2);
  const speed = boxMean(rawSpeed, end, half);
  const turn = boxMean(rawTurn, end, half);
  const out: RootPlan = { keys, speed: new Float32Array(T), turn: new Float32Array(T), flag: new Float32Array(T) };
  for (let t = 0; t < end; t++) {
    out.speed[t] = speed[t]!;
    out.turn[t] = turn[t]!;
    out.flag[t] = 1;
  }
  return out;
}

/**
 * Bends `track` (in place) so the root passes through every key; returns the largest
 * remaining position error at the keys in metres (≈0: the correction is exact at keys).
 */
export function warpRootTrack(track: RootTrack, keys: RootKeys, fps: number): number {
  const T = track.heading.length;
  const all = withStart(keys);
  const inRange = all.frames.map((f, i) => ({ f, i })).filter(({ f }) => f < T);
  const frames = inRange.map(({ f }) => f);
  const ex = inRange.map(({ f, i }) => all.xz[i]![0] - track.xz[2 * f]!);
  const ez = inRange.map(({ f, i }) => all.xz[i]![1] - track.xz[2 * f + 1]!);
  if (keys.frames[0] !== 0) {
    ex[0] = 0; // implicit start: the root starts where the model put it (the origin)
    ez[0] = 0;
  }
  const cx = hermite(frames, ex, T);
  const cz = hermite(frames, ez, T);
  const before = Float64Array.from(track.xz);
  for (let t = 0; t < T; t++) {
    track.xz[2 * t] = track.xz[2 * t]! + cx[t]!;
    track.xz[2 * t + 1] = track.xz[2 * t + 1]! + cz[t]!;
  }
  // Heading follows the turn the correction gave the path's tangent.
  const win = Math.max(1, Math.round(fps / 6));
  const delta = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const a = Math.max(0, t - win);
    const b = Math.min(T - 1, t + win);
    if (b === a) continue;
    const ox = before[2 * b]! - before[2 * a]!, oz = before[2 * b + 1]! - before[2 * a + 1]!;
    const nx = track.xz[2 * b]! - track.xz[2 * a]!, nz = track.xz[2 * b + 1]! - track.xz[2 * a + 1]!;
    const span = (b - a) / fps;
    const w = Math.min(1, Math.min(Math.hypot(ox, oz), Math.hypot(nx, nz)) / span / 0.3);
    if (w <= 0) continue;
    delta[t] = w * wrapPi(Math.atan2(nx, nz) - Math.atan2(ox, oz));
  }
  const smooth = boxMean(delta, T, win);
  for (let t = 0; t < T; t++) track.heading[t] = track.heading[t]! + smooth[t]!;
  // Explicit headings.
  const hk = inRange.filter(({ i }) => all.heading[i] !== undefined);
  if (hk.length > 0) {
    const hf = hk.map(({ f }) => f);
    const he = hk.map(({ f, i }) => wrapPi(all.heading[i]! - track.heading[f]!));
    const ch = hermite(hf, he, T);
    for (let t = 0; t < T; t++) track.heading[t] = track.heading[t]! + ch[t]!;
  }
  let maxErr = 0;
  for (const { f, i } of inRange) {
    if (i === 0 && keys.frames[0] !== 0) continue;
    maxErr = Math.max(maxErr, Math.hypot(all.xz[i]![0] - track.xz[2 * f]!, all.xz[i]![1] - track.xz[2 * f + 1]!));
  }
  return maxErr;
}
