import { describe, expect, it } from 'vitest';
import { sixDToQuat, integrateRoot, decodeSample } from '../../src/local/decode.js';
import { fitTrajectory } from '../../src/local/trajectory.js';
import { normalSource, uniformSource } from '../../src/local/prng.js';
import { buildConditioning } from '../../src/local/conditioning.js';
import { planRootPath, warpRootTrack, mergeRootKeys } from '../../src/local/root-path.js';
import { parseManifest } from '../../src/local/manifest.js';
import { makeTestModel } from '../support/make-test-model.js';

const manifest = parseManifest(makeTestModel().manifest);
const F = manifest.features.dim;
const J = 5;

function quatToMat(q: ArrayLike<number>): number[][] {
  const [x, y, z, w] = [q[0]!, q[1]!, q[2]!, q[3]!];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

describe('6D → quaternion', () => {
  it('maps identity columns to the identity and round-trips a rotation (columns [R00,R10,R20],[R01,R11,R21])', () => {
    const out = new Float32Array(4);
    sixDToQuat([1, 0, 0, 0, 1, 0], 0, out, 0);
    expect(Array.from(out)).toEqual([0, 0, 0, 1]);
    // 90° about +Y: R = [[0,0,1],[0,1,0],[-1,0,0]] → column 0 = (0,0,-1), column 1 = (0,1,0).
    sixDToQuat([0, 0, -1, 0, 1, 0], 0, out, 0);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[3]).toBeCloseTo(Math.SQRT1_2, 6);
    // A generic rotation, with the second column slightly off-orthogonal and scaled.
    const q = [0.2, -0.3, 0.5, 0.787];
    const n = Math.hypot(...q);
    const m = quatToMat(q.map((v) => v / n));
    const six = [m[0]![0]!, m[1]![0]!, m[2]![0]!, m[0]![1]! * 2 + 0.01 * m[0]![0]!, m[1]![1]! * 2 + 0.01 * m[1]![0]!, m[2]![1]! * 2 + 0.01 * m[2]![0]!];
    sixDToQuat(six, 0, out, 0);
    const back = quatToMat(out);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(back[r]![c]!).toBeCloseTo(m[r]![c]!, 5);
  });
});

describe('root integration', () => {
  it('integrates heading-frame velocity with forward differences (contract formula)', () => {
    const T = 31;
    const feats = new Float32Array(T * F);
    for (let t = 0; t < T; t++) {
      feats[t * F] = 0.9;
      feats[t * F + 2] = 1.5; // 1.5 m/s forward
      feats[t * F + 3] = Math.PI / 2; // turning left 90°/s
    }
    const track = integrateRoot(manifest, feats, T);
    expect(track.xz[0]).toBe(0);
    expect(track.heading[0]).toBe(0);
    // Frame 1: moved 1.5/30 along +Z (heading 0), heading now π/60.
    expect(track.xz[3]).toBeCloseTo(0.05, 9);
    expect(track.heading[1]).toBeCloseTo(Math.PI / 60, 6);
    // After 1 s of a constant left turn (counter-clockwise seen from +Y) the root went toward +X.
    expect(track.heading[30]).toBeCloseTo(Math.PI / 2, 6);
    expect(track.xz[60]).toBeGreaterThan(0.8);
    // The decoded root rotation turns with the heading.
    const dec = decodeSample(manifest, Float32Array.from({ length: T * F }, (_, i) => (i % F === 4 || i % F === 8 ? 1 : feats[i]!)), T, track);
    const q = dec.rotations.subarray(30 * J * 4, 30 * J * 4 + 4);
    expect(q[1]).toBeCloseTo(Math.sin(Math.PI / 4), 5);
    expect(dec.rootPositions[30 * 3 + 1]).toBeCloseTo(0.9, 6);
  });
});

describe('trajectory fit (MMCP §8.4)', () => {
  const fps = 30;
  it('fits a line, an arc and still', () => {
    const T = 120;
    const line = new Float64Array(2 * T);
    const arc = new Float64Array(2 * T);
    const still = new Float64Array(2 * T);
    const w = 0.8; // rad/s, left turn
    for (let t = 0; t < T; t++) {
      const s = t / fps;
      line[2 * t] = 0.5 * s + 0.02 * Math.sin(t); // gait sway
      line[2 * t + 1] = 1.0 * s;
      // Constant speed 1.2 m/s, heading θ(s) = w s: position = ∫ 1.2 (sin θ, cos θ).
      arc[2 * t] = (1.2 / w) * (1 - Math.cos(w * s));
      arc[2 * t + 1] = (1.2 / w) * Math.sin(w * s);
      still[2 * t] = 0.01 * Math.sin(t / 5);
      still[2 * t + 1] = 0.01 * Math.cos(t / 7);
    }
    const l = fitTrajectory(line, fps);
    expect(l.model).toBe('line');
    expect(l.params.speed as number).toBeCloseTo(Math.hypot(0.5, 1), 2);
    expect(l.params.heading_deg as number).toBeCloseTo((Math.atan2(0.5, 1) * 180) / Math.PI, 0);
    expect(l.yaw.every((y) => y === 0)).toBe(true);
    const a = fitTrajectory(arc, fps);
    expect(a.model).toBe('arc');
    expect(a.params.turn_deg_s as number).toBeCloseTo((w * 180) / Math.PI, 0);
    expect(a.params.speed as number).toBeCloseTo(1.2, 2);
    expect(a.yaw[0]).toBe(0);
    expect(a.yaw[T - 1]!).toBeCloseTo((w * (T - 1)) / fps, 2);
    expect(Math.abs(a.position[2 * (T - 1)]! - arc[2 * (T - 1)]!)).toBeLessThan(0.02);
    const s = fitTrajectory(still, fps);
    expect(s.model).toBe('still');
    expect(s.position.length).toBe(2 * T);
  });
});

describe('seeded noise', () => {
  it('repeats per seed and differs across seeds; roughly standard normal', () => {
    const a = normalSource(42).fill(new Float32Array(4000));
    const b = normalSource(42).fill(new Float32Array(4000));
    const c = normalSource(43).fill(new Float32Array(4000));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const varc = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(varc - 1)).toBeLessThan(0.08);
    const u = uniformSource(-7);
    for (let i = 0; i < 100; i++) {
      const v = u();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });
});

describe('conditioning', () => {
  it('cross-fades labels over transition_frames and zeros unconditioned spans', () => {
    const C = manifest.conditioning.dim;
    const walk = { content: [1, 0, 0], style: [1, 0] };
    const run = { content: [0, 1, 0], style: [0, 1] };
    const cond = buildConditioning(manifest, [{ start: 0, frames: 40, weights: walk }, { start: 40, frames: 40, weights: run }, { start: 80, frames: 20, weights: null }], 100, 10);
    expect(Array.from(cond.subarray(0, 5))).toEqual([1, 0, 0, 1, 0]);
    expect(cond[30 * C]).toBe(1);
    expect(cond[40 * C]!).toBeGreaterThan(0.4);
    expect(cond[40 * C]!).toBeLessThan(0.6);
    expect(cond[35 * C]!).toBeGreaterThan(0.9);
    expect(cond[45 * C + 1]).toBe(1);
    expect(Array.from(cond.subarray(95 * C, 95 * C + 5))).toEqual([0, 0, 0, 0, 0]);
    // Blends always sum to 1 over contents inside the cross-fade.
    for (let t = 35; t < 45; t++) expect(cond[t * C]! + cond[t * C + 1]!).toBeCloseTo(1, 6);
  });

  it('turns root_path keys into speed/turn conditioning and a warp that hits every key', () => {
    const keys = [{ type: 'root_path' as const, frames: [30, 60], positions_xz: [[0, 1.5], [1.5, 3]] as Array<[number, number]> }];
    const plan = planRootPath(keys, 90, 30);
    expect(plan.flag[60]).toBe(1);
    expect(plan.flag[61]).toBe(0);
    expect(plan.speed[15]!).toBeGreaterThan(1.2);
    expect(plan.speed[15]!).toBeLessThan(3.5);
    // The path bends right-to-left? It goes +Z then toward +X: a turn toward +X is counter-clockwise (positive).
    expect(plan.turn[45]!).toBeGreaterThan(0);
    const track = { xz: new Float64Array(180), heading: new Float64Array(90), height: new Float64Array(90) };
    for (let t = 0; t < 90; t++) track.xz[2 * t + 1] = t / 30; // straight ahead at 1 m/s
    const err = warpRootTrack(track, mergeRootKeys(keys), 30);
    expect(err).toBeLessThan(1e-9);
    expect(track.xz[60]).toBeCloseTo(0, 9);
    expect(track.xz[121]).toBeCloseTo(3, 9);
    expect(track.xz[0]).toBe(0);
    // Between the keys the path heads toward +X, so the heading turned positive there.
    expect(track.heading[45]!).toBeGreaterThan(0.2);
  });
});
