/** BVH reader: hierarchy/motion parsing, channel orders, units, rest choice, errors. */
import { describe, expect, it } from 'vitest';
import { BvhFormatError, parseBvh } from '../../src/motion/bvh.js';
import { bandaiPath, loadBandai } from '../support/bandai.js';
import { sourceFk } from '../support/measure.js';

// Extract the Bandai Namco clips at collection time (outside the per-test timeout; once per cache).
bandaiPath('walk');

/** Column-vector rotation matrices (independent of the reader's quaternion code). */
function rotM(axis: string, deg: number): number[][] {
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  if (axis === 'X') return [[1, 0, 0], [0, c, -s], [0, s, c]];
  if (axis === 'Y') return [[c, 0, s], [0, 1, 0], [-s, 0, c]];
  return [[c, -s, 0], [s, c, 0], [0, 0, 1]];
}
function mm(a: number[][], b: number[][]): number[][] {
  return a.map((r) => [0, 1, 2].map((j) => r[0]! * b[0]![j]! + r[1]! * b[1]![j]! + r[2]! * b[2]![j]!));
}
function mv(a: number[][], v: number[]): number[] {
  return a.map((r) => r[0]! * v[0]! + r[1]! * v[1]! + r[2]! * v[2]!);
}

const BVH = `HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Yrotation Xrotation Zrotation
  JOINT Spine
  {
    OFFSET 0 10 0
    CHANNELS 3 Xrotation Yrotation Zrotation
    JOINT Head
    {
      OFFSET 0 20 5
      CHANNELS 3 Zrotation Yrotation Xrotation
      End Site
      {
        OFFSET 0 5 0
      }
    }
  }
  JOINT LeftUpLeg
  {
    OFFSET 8 -5 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    End Site
    {
      OFFSET 0 -40 0
    }
  }
}
MOTION
Frames: 2
Frame Time: 0.033333
1 90 2 30 10 -20 15 25 35 -40 5 60 10 20 30
0 95 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

describe('parseBvh', () => {
  it('matches an independent Euler-matrix forward kinematics, for any channel order, with a unit scale', () => {
    const { skeleton, clip } = parseBvh(BVH, { scale: 0.01, rest: 'zero' });
    expect(skeleton.names).toEqual(['Hips', 'Spine', 'Head', 'LeftUpLeg']);
    expect(Array.from(skeleton.parents)).toEqual([-1, 0, 1, 0]);
    expect(clip.fps).toBeCloseTo(30, 2);
    expect(clip.frameCount).toBe(2);
    const P = sourceFk(skeleton, clip, 0);
    // Independent FK of frame 0 in file units.
    const R = (order: string[], vals: number[]): number[][] => order.reduce((m, ax, i) => mm(m, rotM(ax, vals[i]!)), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const hipsR = R(['Y', 'X', 'Z'], [30, 10, -20]);
    const spineR = mm(hipsR, R(['X', 'Y', 'Z'], [15, 25, 35]));
    const hips = [1, 90, 2];
    const spine = hips.map((v, i) => v + mv(hipsR, [0, 10, 0])[i]!);
    const head = spine.map((v, i) => v + mv(spineR, [0, 20, 5])[i]!);
    const leg = hips.map((v, i) => v + mv(hipsR, [8, -5, 0])[i]!);
    for (const [j, p] of [[0, hips], [1, spine], [2, head], [3, leg]] as const) {
      for (let k = 0; k < 3; k++) expect(P[3 * j + k]).toBeCloseTo(p[k]! * 0.01, 5);
    }
    // Zero rest: rest translations are the scaled OFFSETs, rest rotations identity.
    expect(Array.from(skeleton.restTranslations.subarray(6, 9)).map((v) => +v.toFixed(5))).toEqual([0, 0.2, 0.05]);
    expect(Array.from(skeleton.restRotations.subarray(0, 4))).toEqual([0, 0, 0, 1]);
  });

  it("rest: 'first' makes frame 0 the rest pose (identity rotations there)", () => {
    const { clip, skeleton } = parseBvh(BVH, { rest: 'first' });
    for (let k = 0; k < 4 * 4; k++) expect(clip.rotations[k]).toBeCloseTo(k % 4 === 3 ? 1 : 0, 6);
    // Frame 1 (all zero rotations) still reproduces the file's zero pose.
    const P = sourceFk(skeleton, clip, 1);
    expect(P[3 * 2 + 1]).toBeCloseTo(95 + 30, 4);
    expect(P[3 * 2 + 2]).toBeCloseTo(5, 4);
  });

  it('Z-up files are turned to +Y up', () => {
    const zup = BVH.replace('OFFSET 0 10 0', 'OFFSET 0 0 10');
    const { skeleton } = parseBvh(zup, { upAxis: 'z' });
    expect(skeleton.restTranslations[4]).toBeCloseTo(10, 5); // spine along +Y
  });

  it('malformed files are typed errors', () => {
    const bad = (t: string): unknown => { try { parseBvh(t); } catch (e) { return e; } return undefined; };
    for (const t of ['', 'MOTION', BVH.replace('Frames: 2', 'Frames: x'), BVH.replace('Xrotation Yrotation Zrotation', 'Xrotation Yrotation Wrotation'), BVH.replace('0 95 0 0 0 0 0 0 0 0 0 0 0 0 0\n', '')]) {
      const e = bad(t);
      expect(e, JSON.stringify(t.slice(0, 30))).toBeInstanceOf(BvhFormatError);
      expect((e as BvhFormatError).code).toBe('bad_bvh');
    }
    expect(() => parseBvh(BVH, { rest: 7 })).toThrow(BvhFormatError);
  });

  it('Bandai Namco: cm → m, joint_Root collapsed, Hips at standing height, unit quaternions', () => {
    const { skeleton, clip } = loadBandai('walk');
    expect(skeleton.names[0]).toBe('Hips');
    expect(skeleton.names).toHaveLength(21);
    expect(skeleton.restTranslations[1]).toBeGreaterThan(0.85);
    expect(skeleton.restTranslations[1]).toBeLessThan(1.0);
    for (let i = 0; i < clip.rotations.length; i += 4) {
      const n = Math.hypot(clip.rotations[i]!, clip.rotations[i + 1]!, clip.rotations[i + 2]!, clip.rotations[i + 3]!);
      expect(Math.abs(n - 1)).toBeLessThan(1e-5);
    }
    // It walks about 10 m towards +Z (facing +Z, MMCP convention).
    const F = clip.frameCount;
    expect(clip.rootPositions[3 * (F - 1) + 2]! - clip.rootPositions[2]!).toBeGreaterThan(5);
  });
});
