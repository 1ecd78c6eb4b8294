/**
 * Retargeting accuracy on real motion (Bandai Namco BVH clips read with our BVH reader) played on
 * every humanoid rig through a real AnimationGroup; target directions are read back from the
 * Babylon nodes (independent of the retargeter's own FK).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bindCharacter, type CharacterRig } from '../../src/babylon/bind.js';
import { mapMotionSkeleton, retargetClip } from '../../src/babylon/retarget.js';
import { createAnimationGroup } from '../../src/babylon/animation-group.js';
import { characterSkeleton } from '../../src/babylon/request-skeleton.js';
import type { MotionClip } from '../../src/motion/types.js';
import { bandaiPath, loadBandai, type BandaiClip } from '../support/bandai.js';
import { loadCharacter } from '../support/characters.js';
import { measureRetarget, sourceFk, type RetargetFigures } from '../support/measure.js';

// Extract the Bandai Namco clips at collection time (outside the per-test timeout; once per cache).
bandaiPath('walk');

const RIGS: [file: string, rightHanded: boolean, pose: 'T' | 'A' | 'partial'][] = [
  ['khronos/CesiumMan.glb', false, 'A'],
  ['khronos/RiggedFigure.glb', false, 'A'],
  ['RobotExpressive.glb', false, 'A'],
  ['RobotExpressive.glb', true, 'A'],
  ['VALID_White_M_1_Casual_mixamorig.glb', false, 'T'],
  ['VALID_White_M_1_Casual_mixamorig.glb', true, 'T'],
  ['vrm/cryptovoxels.vrm', false, 'T'],
  ['vrm/VRMC_vrm_expressions_isBinary_Overrides.vrm', false, 'T'],
  ['vrm/VRMC_materials_mtoon_UV_Animation_Test.vrm', false, 'T'],
  ['vrm/test.vrma', true, 'T'],
  ['Kenney_MiniCharacter_female_a.glb', false, 'partial'],
];
const CLIPS: BandaiClip[] = ['walk', 'wave', 'bow'];
const table: string[] = [];

afterAll(() => {
  console.log(['clip  rig                                              hand  pose  mean°   max°    foot mean cm  foot max cm', ...table].join('\n'));
});

describe('retargeting accuracy (Bandai Namco walk / wave / bow)', () => {
  for (const clipName of CLIPS) {
    for (const [file, rh, pose] of RIGS) {
      it(`${clipName} on ${file} (${rh ? 'RH' : 'LH'} scene, ${pose}-pose rest)`, async () => {
        const bn = loadBandai(clipName);
        const sourceMap = mapMotionSkeleton(bn.skeleton);
        const c = await loadCharacter(file, rh);
        const rig = bindCharacter(c.root, { gltf: c.bytes, allowPartial: pose === 'partial' });
        const r = retargetClip(bn.clip, bn.skeleton, rig);
        const group = createAnimationGroup(r, rig, c.scene, { name: `${clipName} #0` });
        const m: RetargetFigures = measureRetarget({ group, rig, roots: [c.root], skeleton: bn.skeleton, clip: bn.clip, sourceMap, scale: r.scale });
        table.push(`${clipName.padEnd(5)} ${file.padEnd(48)} ${rh ? 'RH' : 'LH'}    ${pose.padEnd(5)} ${m.meanDeg.toFixed(3).padStart(6)}  ${m.maxDeg.toFixed(3).padStart(6)}  ${(m.footMeanM * 100).toFixed(2).padStart(10)}  ${(m.footMaxM * 100).toFixed(2).padStart(10)}`);
        expect(m.meanDeg).toBeLessThan(5);
        if (pose !== 'partial') {
          expect(m.plantedSamples).toBeGreaterThan(10);
          expect(m.footMeanM).toBeLessThan(0.02);
        }
        c.scene.getEngine().dispose();
      });
    }
  }

  it('the measurement catches a wrong retarget (left/right arms swapped by override)', async () => {
    const bn = loadBandai('wave');
    const c = await loadCharacter('VALID_White_M_1_Casual_mixamorig.glb');
    const rig = bindCharacter(c.root, { overrides: { leftUpperArm: 'mixamorig:RightArm', rightUpperArm: 'mixamorig:LeftArm', leftLowerArm: 'mixamorig:RightForeArm', rightLowerArm: 'mixamorig:LeftForeArm' } });
    const r = retargetClip(bn.clip, bn.skeleton, rig);
    const group = createAnimationGroup(r, rig, c.scene);
    // Measure against the correct (unswapped) roles.
    const truth = bindCharacter(c.root);
    const m = measureRetarget({ group, rig: truth, roots: [c.root], skeleton: bn.skeleton, clip: bn.clip, sourceMap: mapMotionSkeleton(bn.skeleton), scale: r.scale });
    expect(m.maxDeg).toBeGreaterThan(30);
  });
});

describe('retarget details', () => {
  async function setup(file = 'VALID_White_M_1_Casual_mixamorig.glb'): Promise<{ rig: CharacterRig; bn: ReturnType<typeof loadBandai> }> {
    const c = await loadCharacter(file);
    return { rig: bindCharacter(c.root, { gltf: c.bytes }), bn: loadBandai('walk') };
  }

  it('extras are untouched and joints the source lacks stay at rest', async () => {
    const { rig, bn } = await setup();
    const r = retargetClip(bn.clip, bn.skeleton, rig);
    const animated = new Set(r.rotations.map((t) => rig.names[t.joint]));
    expect(animated.has('mixamorig:LeftHandIndex1')).toBe(false); // fingers: the source has none
    expect(animated.has('mixamorig:Spine2')).toBe(false); // upperChest: the BN rig has no such joint
    expect(animated.has('mixamorig:LeftArm')).toBe(true);
    expect(r.positions.map((t) => rig.names[t.joint])).toEqual(['mixamorig:Hips']);
    const robot = await setup('RobotExpressive.glb');
    const rr = retargetClip(robot.bn.clip, robot.bn.skeleton, robot.rig);
    const names = new Set(rr.rotations.map((t) => robot.rig.names[t.joint]));
    expect(names.has('PoleTarget.L')).toBe(false);
    // RobotExpressive's IK feet hang off the root bone and its thighs off "Body", not the hips:
    // they get position tracks so they follow the moving hips / shins.
    expect(rr.positions.map((t) => robot.rig.names[t.joint]).sort()).toEqual(['Foot.L', 'Foot.R', 'Hips', 'UpperLeg.L', 'UpperLeg.R']);
  });

  it('root translation is scaled by leg length; locked keeps the hips over their rest spot; inPlace removes travel', async () => {
    const { rig, bn } = await setup('khronos/CesiumMan.glb');
    const gen = retargetClip(bn.clip, bn.skeleton, rig, { withWorldPositions: true });
    const hips = gen.rootJoint, J = rig.names.length, F = bn.clip.frameCount;
    const travel = (w: Float32Array): number => Math.hypot(w[3 * J * (F - 1) + 3 * hips]! - w[3 * hips]!, w[3 * J * (F - 1) + 3 * hips + 2]! - w[3 * hips + 2]!);
    const srcTravel = Math.hypot(bn.clip.rootPositions[3 * (F - 1)]! - bn.clip.rootPositions[0]!, bn.clip.rootPositions[3 * (F - 1) + 2]! - bn.clip.rootPositions[2]!);
    expect(gen.scale).toBeGreaterThan(0.5);
    expect(gen.scale).toBeLessThan(0.9);
    expect(travel(gen.worldPositions!)).toBeCloseTo(srcTravel * gen.scale, 2);
    const locked = retargetClip(bn.clip, bn.skeleton, rig, { rootMotion: 'locked', withWorldPositions: true });
    expect(travel(locked.worldPositions!)).toBeLessThan(1e-6);
    const inPlace = retargetClip(bn.clip, bn.skeleton, rig, { rootMotion: 'inPlace', withWorldPositions: true });
    expect(travel(inPlace.worldPositions!)).toBeLessThan(0.1 * srcTravel * gen.scale);
  });

  it('foot contacts are carried onto the target foot joints', async () => {
    const { rig, bn } = await setup('RobotExpressive.glb');
    const F = bn.clip.frameCount;
    const contacts: Record<string, Uint8Array> = { Foot_L: new Uint8Array(F), Toes_R: new Uint8Array(F) };
    for (let f = 0; f < F; f++) {
      const P = sourceFk(bn.skeleton, bn.clip, f);
      contacts.Foot_L![f] = P[3 * bn.skeleton.names.indexOf('Foot_L') + 1]! < 0.12 ? 1 : 0;
      contacts.Toes_R![f] = P[3 * bn.skeleton.names.indexOf('Toes_R') + 1]! < 0.06 ? 1 : 0;
    }
    const clip: MotionClip = { ...bn.clip, footContacts: contacts };
    const r = retargetClip(clip, bn.skeleton, rig);
    // RobotExpressive has no toes: the right toe contacts land on the right foot.
    expect(Object.keys(r.footContacts!).sort()).toEqual(['Foot.L', 'Foot.R']);
    expect(Array.from(r.footContacts!['Foot.L']!)).toEqual(Array.from(contacts.Foot_L!));
  });

  it('a clip on the rig\'s own request skeleton comes back exactly (identity retarget)', async () => {
    const c = await loadCharacter('khronos/CesiumMan.glb');
    const rig = bindCharacter(c.root);
    const bn = loadBandai('bow');
    // Retarget BN → CesiumMan, express the result as a clip on CesiumMan's own MMCP skeleton, play it back.
    const first = retargetClip(bn.clip, bn.skeleton, rig, { withWorldPositions: true });
    const own = characterSkeleton(rig);
    const J = own.skeleton.names.length, F = bn.clip.frameCount;
    const W = first.worldPositions!;
    const g1 = createAnimationGroup(first, rig, c.scene);
    expect(g1.targetedAnimations.length).toBe(first.rotations.length + first.positions.length);
    expect(own.skeleton.restRotations.every((v, i) => (i % 4 === 3 ? v === 1 : v === 0))).toBe(true);
    expect(J).toBe(rig.names.length);
    expect(W.length).toBe(3 * rig.names.length * F);
    // A clip whose rotations are identity on the own skeleton shows the rest pose.
    const idClip: MotionClip = { name: 'rest', fps: 30, frameCount: 2, jointNames: own.skeleton.names.slice(), rotations: new Float32Array(2 * J * 4).map((_, i) => (i % 4 === 3 ? 1 : 0)), rootPositions: new Float32Array([...own.skeleton.restTranslations.subarray(0, 3), ...own.skeleton.restTranslations.subarray(0, 3)]), chunkBoundaries: [] };
    const back = retargetClip(idClip, own.skeleton, rig, { withWorldPositions: true });
    for (let j = 0; j < J; j++) for (let k = 0; k < 3; k++) expect(back.worldPositions![3 * j + k]).toBeCloseTo(rig.worldP[3 * j + k]!, 4);
  });
});

describe('bad input', () => {
  it('a clip that does not belong to the skeleton, or with inconsistent arrays, is a typed error', async () => {
    const bn = loadBandai('walk');
    const c = await loadCharacter('vrm/test.vrma');
    const rig = bindCharacter(c.root);
    const renamed: MotionClip = { ...bn.clip, jointNames: bn.clip.jointNames.map((n) => `x_${n}`) };
    expect(() => retargetClip(renamed, bn.skeleton, rig)).toThrow(expect.objectContaining({ code: 'unknown_joint' }));
    const short: MotionClip = { ...bn.clip, rotations: bn.clip.rotations.subarray(0, 8) };
    expect(() => retargetClip(short, bn.skeleton, rig)).toThrow(expect.objectContaining({ code: 'bad_clip' }));
  });
});

describe('bind-pose reference', () => {
  it('RobotExpressive bound in its bind pose (T) plays as accurately as in its rest pose (arms down)', async () => {
    const bn = loadBandai('wave');
    const c = await loadCharacter('RobotExpressive.glb');
    const rig = bindCharacter(c.root, { pose: 'bind' });
    const r = retargetClip(bn.clip, bn.skeleton, rig);
    // Every joint is held in the bind pose (rotation + translation tracks), the mapped ones move.
    expect(r.rotations.length).toBe(rig.names.length);
    const group = createAnimationGroup(r, rig, c.scene);
    const m = measureRetarget({ group, rig, roots: [c.root], skeleton: bn.skeleton, clip: bn.clip, sourceMap: mapMotionSkeleton(bn.skeleton), scale: r.scale });
    table.push(`wave  RobotExpressive.glb (pose: 'bind')                LH    T      ${m.meanDeg.toFixed(3).padStart(6)}  ${m.maxDeg.toFixed(3).padStart(6)}  ${(m.footMeanM * 100).toFixed(2).padStart(10)}  ${(m.footMaxM * 100).toFixed(2).padStart(10)}`);
    expect(m.meanDeg).toBeLessThan(5);
    expect(m.footMeanM).toBeLessThan(0.02);
  });
});
