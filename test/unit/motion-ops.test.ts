import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MotionFormatError, clipInPlace, isSeamless, loopSeamError, parseMotionDocument, resampleClip, type MotionClip } from '../../src/motion/index.js';

const DIR = '/work/shared/fixtures/mmcp';
const fixture = (n: string) => parseMotionDocument(readFileSync(`${DIR}/${n}.gltf`, 'utf8'));
const yawQ = (a: number): number[] => [0, Math.sin(a / 2), 0, Math.cos(a / 2)];

/** A 2-joint clip from per-frame root yaw, root position and child quaternion. */
function clip(frames: { yaw: number; pos: number[]; child?: number[] }[], fps = 30): MotionClip {
  const T = frames.length;
  const rotations = new Float32Array(T * 8);
  const rootPositions = new Float32Array(T * 3);
  frames.forEach((f, t) => {
    rotations.set(yawQ(f.yaw), t * 8);
    rotations.set(f.child ?? [0, 0, 0, 1], t * 8 + 4);
    rootPositions.set(f.pos, t * 3);
  });
  return { name: 'c', fps, frameCount: T, jointNames: ['Hips', 'Spine'], rotations, rootPositions, chunkBoundaries: [] };
}

function maxGroundDeviation(c: MotionClip): number {
  const r = c.rootPositions;
  let m = 0;
  for (let t = 0; t < c.frameCount; t++) m = Math.max(m, Math.hypot(r[t * 3]! - r[0]!, r[t * 3 + 2]! - r[2]!));
  return m;
}

describe('resampleClip', () => {
  it('slerps rotations, lerps the root, keeps duration', () => {
    const c = clip([{ yaw: 0, pos: [0, 1, 0] }, { yaw: Math.PI / 2, pos: [1, 1, 2] }], 30);
    const r = resampleClip(c, 90);
    expect(r.frameCount).toBe(4);
    expect(r.fps).toBe(90);
    // 1/3 of the way: 30° about +Y.
    const q = Array.from(r.rotations.subarray(8, 12));
    yawQ(Math.PI / 6).forEach((v, i) => expect(q[i]).toBeCloseTo(v, 6));
    expect(Array.from(r.rootPositions.subarray(3, 6)).map((v) => +v.toFixed(5))).toEqual([0.33333, 1, 0.66667]);
    expect(Array.from(r.rotations.subarray(24, 28))).toEqual(Array.from(c.rotations.subarray(8, 12)).map((v) => Math.fround(v)));
  });

  it('takes the shortest arc (q and −q are the same rotation)', () => {
    const c = clip([{ yaw: 0, pos: [0, 0, 0], child: [0, 0, 0, 1] }, { yaw: 0, pos: [0, 0, 0], child: [0, 0, 0, -1] }]);
    const r = resampleClip(c, 60);
    const mid = Array.from(r.rotations.subarray(12, 16));
    expect(Math.abs(mid[3]!)).toBeCloseTo(1, 6);
  });

  it('fixture 30 → 60 → 30 fps: frames land on the source frames; contacts nearest; trajectory resampled', () => {
    const src = fixture('resp-demo-2samples').clips[0]!;
    const up = resampleClip(src, 60);
    expect(up.frameCount).toBe(119);
    for (let k = 0; k < src.rotations.length; k += 97) expect(up.rotations[(Math.floor(k / (5 * 4)) * 2) * 20 + (k % 20)]).toBeCloseTo(src.rotations[k]!, 5);
    expect(up.footContacts!['LeftFoot']!.length).toBe(119);
    expect(up.footContacts!['LeftFoot']![30]).toBe(src.footContacts!['LeftFoot']![15]);
    expect(up.trajectory!.position.length).toBe(238);
    expect(up.trajectory!.position[2 * 2 + 1]).toBeCloseTo(src.trajectory!.position[3]!, 6);
    expect(up.chunkBoundaries).toEqual([60]);
    const back = resampleClip(up, 30);
    expect(back.frameCount).toBe(60);
    for (let k = 0; k < src.rootPositions.length; k++) expect(back.rootPositions[k]).toBeCloseTo(src.rootPositions[k]!, 5);
  });

  it('interpolates yaw along the shortest angle and refuses a bad fps', () => {
    const c = clip([{ yaw: 0, pos: [0, 0, 0] }, { yaw: 0, pos: [0, 0, 0] }]);
    c.trajectory = { model: 'arc', loop: false, params: {}, position: new Float32Array(4), yaw: Float32Array.from([3.1, -3.1]) };
    expect(Math.abs(resampleClip(c, 60).trajectory!.yaw[1]!)).toBeCloseTo(Math.PI, 2);
    expect(() => resampleClip(c, 0)).toThrow(MotionFormatError);
    expect(() => resampleClip(c, NaN)).toThrow(MotionFormatError);
  });
});

describe('clipInPlace', () => {
  it('with the trajectory (demo fixture): the root stays within a few cm of its start, height kept', () => {
    const src = fixture('resp-demo-2samples').clips[0]!;
    expect(maxGroundDeviation(src)).toBeGreaterThan(1.5);
    const ip = clipInPlace(src);
    expect(maxGroundDeviation(ip)).toBeLessThan(0.08);
    for (let t = 0; t < src.frameCount; t++) expect(ip.rootPositions[t * 3 + 1]).toBe(src.rootPositions[t * 3 + 1]);
    expect(ip.trajectory?.model).toBe('still');
    expect(Array.from(ip.rotations.subarray(4))).toEqual(Array.from(src.rotations.subarray(4))); // only the root rotation may change
    expect(src.rootPositions[59 * 3 + 2]).toBeGreaterThan(1.5); // input untouched
  });

  it('without a trajectory: ground travel removed, height and sway kept', () => {
    const src = { ...fixture('resp-demo-2samples').clips[0]! };
    delete src.trajectory;
    const ip = clipInPlace(src);
    expect(maxGroundDeviation(ip)).toBeLessThan(0.08);
    expect(ip.trajectory).toBeUndefined();
    let sway = 0;
    for (let t = 0; t < ip.frameCount; t++) sway = Math.max(sway, Math.abs(ip.rootPositions[t * 3]! - ip.rootPositions[0]!));
    expect(sway).toBeGreaterThan(0.005);
  });

  it('a turning path (arc): inverse of T(p)·Ry(yaw) gives the start position and heading every frame', () => {
    const frames = Array.from({ length: 31 }, (_, t) => {
      const yaw = (t / 30) * (Math.PI / 2);
      const R = 2;
      return { yaw, pos: [R - R * Math.cos(yaw) + 0.01 * Math.cos(yaw), 0.9, R * Math.sin(yaw) - 0.01 * Math.sin(yaw)] };
    });
    const c = clip(frames);
    const position = new Float32Array(62);
    const yaw = new Float32Array(31);
    frames.forEach((f, t) => {
      position.set([2 - 2 * Math.cos(f.yaw), 2 * Math.sin(f.yaw)], 2 * t);
      yaw[t] = f.yaw;
    });
    c.trajectory = { model: 'arc', loop: false, params: {}, position, yaw };
    const ip = clipInPlace(c);
    for (let t = 0; t < 31; t++) {
      expect(ip.rootPositions[t * 3]).toBeCloseTo(0.01, 5); // the sway offset, rotated back into the start frame
      expect(ip.rootPositions[t * 3 + 2]).toBeCloseTo(0, 5);
      expect(Math.abs(ip.rotations[t * 8 + 3]!)).toBeCloseTo(1, 5); // root facing the start heading
    }
    const seam = loopSeamError(ip);
    expect(Math.abs(seam.heading)).toBeLessThan(1e-5);
    expect(seam.travel).toBeLessThan(1e-5);
  });
});

describe('loopSeamError', () => {
  it('the looped fixture is seamless (walk travels 1 m per cycle; in place it does not)', () => {
    const c = fixture('resp-demo-loop').clips[0]!;
    expect(c.trajectory?.loop).toBe(true);
    const e = loopSeamError(c);
    expect(e.pose).toBeLessThan(1e-3);
    expect(e.travel).toBeCloseTo(1, 3);
    expect(isSeamless(e)).toBe(true);
    expect(isSeamless(e, { travel: 0.05 })).toBe(false);
    expect(isSeamless(loopSeamError(clipInPlace(c)), { travel: 0.05 })).toBe(true);
  });

  it('reports pose, heading and height mismatches', () => {
    const c = clip([{ yaw: 0, pos: [0, 1, 0] }, { yaw: 0.1, pos: [0, 1, 0] }, { yaw: 0.5, pos: [0, 1.1, 0], child: [Math.sin(0.25), 0, 0, Math.cos(0.25)] }]);
    const e = loopSeamError(c);
    expect(e.heading).toBeCloseTo(0.5, 5);
    expect(e.rootRotation).toBeCloseTo(0.5, 5);
    expect(e.height).toBeCloseTo(0.1, 5);
    expect(e.pose).toBeCloseTo(0.5, 5);
    expect(e.worstJoint).toBe('Spine');
    expect(isSeamless(e)).toBe(false);
    expect(isSeamless(e, { pose: 0.6, heading: 0.6, height: 0.2 })).toBe(true);
  });
});
