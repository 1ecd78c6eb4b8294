/**
 * Mapping table: every humanoid rig in the shared characters folder (plus the Kimodo SOMA-30
 * canonical skeleton and the Bandai Namco dataset rig) gets the expected role on each core joint;
 * non-humanoids are refused with `not_humanoid`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindCharacter } from '../../src/babylon/bind.js';
import { mapHumanoid, type HumanoidMap } from '../../src/babylon/rig/humanoid.js';
import { mapMotionSkeleton } from '../../src/babylon/retarget.js';
import { motionSkeletonFromWire } from '../../src/babylon/skeleton-conv.js';
import { readGltfJson, readVrmHumanoid } from '../../src/babylon/vrm.js';
import { buildRequestSkeleton, mapCanonicalToCharacter } from '../../src/babylon/request-skeleton.js';
import { parseBvh } from '../../src/motion/bvh.js';
import { MmcpError } from '../../src/protocol/errors.js';
import type { Skeleton } from '../../src/protocol/types.js';
import { CHARACTERS, SOMA30_PATH, loadCharacter, makeScene } from '../support/characters.js';
import { bandaiPath, loadBandai } from '../support/bandai.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';

// Extract the Bandai Namco clips at collection time (outside the per-test timeout; once per cache).
bandaiPath('walk');

type Table = Record<string, string>;

/** Mixamo / Ready Player Me / VALID names (prefix added per file). */
const MIXAMO = (p: string): Table => ({
  hips: `${p}Hips`, spine: `${p}Spine`, chest: `${p}Spine1`, upperChest: `${p}Spine2`, neck: `${p}Neck`, head: `${p}Head`,
  leftShoulder: `${p}LeftShoulder`, leftUpperArm: `${p}LeftArm`, leftLowerArm: `${p}LeftForeArm`, leftHand: `${p}LeftHand`,
  rightShoulder: `${p}RightShoulder`, rightUpperArm: `${p}RightArm`, rightLowerArm: `${p}RightForeArm`, rightHand: `${p}RightHand`,
  leftUpperLeg: `${p}LeftUpLeg`, leftLowerLeg: `${p}LeftLeg`, leftFoot: `${p}LeftFoot`, leftToes: `${p}LeftToeBase`,
  rightUpperLeg: `${p}RightUpLeg`, rightLowerLeg: `${p}RightLeg`, rightFoot: `${p}RightFoot`, rightToes: `${p}RightToeBase`,
});

const COLLADA = (p: string, arm: (side: 'L' | 'R', k: number) => string): Table => ({
  hips: `${p}torso_joint_1`, spine: `${p}torso_joint_2`, chest: 'torso_joint_3', neck: `${p}neck_joint_1`, head: `${p}neck_joint_2`,
  leftUpperArm: arm('L', 0), leftLowerArm: arm('L', 1), leftHand: arm('L', 2),
  rightUpperArm: arm('R', 0), rightLowerArm: arm('R', 1), rightHand: arm('R', 2),
  leftUpperLeg: 'leg_joint_L_1', leftLowerLeg: 'leg_joint_L_2', leftFoot: 'leg_joint_L_3', leftToes: 'leg_joint_L_5',
  rightUpperLeg: 'leg_joint_R_1', rightLowerLeg: 'leg_joint_R_2', rightFoot: 'leg_joint_R_3', rightToes: 'leg_joint_R_5',
});

const DOTTED = (names: { hips: string; spine: string; chest: string; upperChest?: string; neck: string; head: string }, f: (stem: string, side: 'L' | 'R') => string, withToes: boolean): Table => {
  const t: Table = { ...names } as Table;
  if (!names.upperChest) delete t.upperChest;
  for (const [side, S] of [['left', 'L'], ['right', 'R']] as const) {
    t[`${side}Shoulder`] = f('shoulder', S); t[`${side}UpperArm`] = f('upperArm', S); t[`${side}LowerArm`] = f('lowerArm', S); t[`${side}Hand`] = f('hand', S);
    t[`${side}UpperLeg`] = f('upperLeg', S); t[`${side}LowerLeg`] = f('lowerLeg', S); t[`${side}Foot`] = f('foot', S);
    if (withToes) t[`${side}Toes`] = f('toes', S);
  }
  return t;
};

function expectTable(map: HumanoidMap, table: Table, label: string): void {
  const got: Table = {};
  for (const role of Object.keys(table)) got[role] = map.roles[role]?.name ?? '(missing)';
  expect(got, label).toEqual(table);
}

/** World rest positions from a glTF JSON's node TRS (for files Babylon cannot load in Node). */
function gltfJointGeometry(json: Record<string, unknown>): { names: string[]; parents: number[]; positions: Float64Array } {
  const nodes = json.nodes as { name?: string; children?: number[]; translation?: number[]; rotation?: number[]; scale?: number[] }[];
  const skin = (json.skins as { joints: number[] }[])[0]!;
  const parentOf = new Map<number, number>();
  nodes.forEach((n, i) => n.children?.forEach((c) => parentOf.set(c, i)));
  const world = new Map<number, { r: number[]; t: number[]; s: number }>();
  const get = (i: number): { r: number[]; t: number[]; s: number } => {
    const hit = world.get(i);
    if (hit) return hit;
    const n = nodes[i]!;
    const lt = n.translation ?? [0, 0, 0], lr = n.rotation ?? [0, 0, 0, 1], ls = n.scale?.[0] ?? 1;
    const p = parentOf.get(i);
    let res: { r: number[]; t: number[]; s: number };
    if (p === undefined) res = { r: lr, t: lt, s: ls };
    else {
      const P = get(p);
      const v = rot(P.r, lt.map((x) => x * P.s));
      res = { r: qmul(P.r, lr), t: [P.t[0]! + v[0]!, P.t[1]! + v[1]!, P.t[2]! + v[2]!], s: P.s * ls };
    }
    world.set(i, res);
    return res;
  };
  const jointSet = new Map(skin.joints.map((n, i) => [n, i]));
  const names = skin.joints.map((n) => nodes[n]!.name ?? `node${n}`);
  const parents = skin.joints.map((n) => { let p = parentOf.get(n); while (p !== undefined && !jointSet.has(p)) p = parentOf.get(p); return p === undefined ? -1 : jointSet.get(p)!; });
  const positions = new Float64Array(3 * names.length);
  skin.joints.forEach((n, i) => positions.set(get(n).t, 3 * i));
  return { names, parents, positions };
}
function qmul(a: number[], b: number[]): number[] {
  const [ax, ay, az, aw] = a as [number, number, number, number], [bx, by, bz, bw] = b as [number, number, number, number];
  return [aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz];
}
function rot(q: number[], v: number[]): number[] {
  const r = qmul(qmul(q, [v[0]!, v[1]!, v[2]!, 0]), [-q[0]!, -q[1]!, -q[2]!, q[3]!]);
  return r.slice(0, 3);
}

const ROBOT: Table = DOTTED({ hips: 'Hips', spine: 'Abdomen', chest: 'Torso', neck: 'Neck', head: 'Head' }, (stem, S) => ({ shoulder: 'Shoulder', upperArm: 'UpperArm', lowerArm: 'LowerArm', hand: 'Palm2', upperLeg: 'UpperLeg', lowerLeg: 'LowerLeg', foot: 'Foot', toes: 'Toes' })[stem] + '.' + S, false);

describe('humanoid mapping table (glTF / VRM rigs loaded with @babylonjs/loaders)', () => {
  const cases: [string, Table, string[]?][] = [
    ['khronos/CesiumMan.glb', COLLADA('Skeleton_', (s, k) => (s === 'L' ? ['Skeleton_arm_joint_L__4_', 'Skeleton_arm_joint_L__3_', 'Skeleton_arm_joint_L__2_'] : ['Skeleton_arm_joint_R', 'Skeleton_arm_joint_R__2_', 'Skeleton_arm_joint_R__3_'])[k]!)],
    ['khronos/RiggedFigure.glb', COLLADA('', (s, k) => `arm_joint_${s}_${k + 1}`)],
    ['RobotExpressive.glb', ROBOT],
    ['VALID_White_M_1_Casual_mixamorig.glb', MIXAMO('mixamorig:')],
    ['vrm/cryptovoxels.vrm', DOTTED({ hips: 'Hips', spine: 'Spine', chest: 'Chest', neck: 'Neck', head: 'Head' }, (stem, S) => `${S === 'L' ? 'Left' : 'Right'} ${({ shoulder: 'shoulder', upperArm: 'arm', lowerArm: 'elbow', hand: 'wrist', upperLeg: 'leg', lowerLeg: 'knee', foot: 'ankle', toes: 'toe' } as Table)[stem]}`, true)],
    ['vrm/VRMC_vrm_expressions_isBinary_Overrides.vrm', DOTTED({ hips: 'Hips', spine: 'Spine', chest: 'Chest', upperChest: 'UpperChest', neck: 'Neck', head: 'Head' }, (stem, S) => `${stem[0]!.toUpperCase()}${stem.slice(1)}.${S}`, true)],
    ['vrm/VRMC_materials_mtoon_UV_Animation_Test.vrm', DOTTED({ hips: 'hips', spine: 'spine', chest: 'chest', neck: 'neck', head: 'head' }, (stem, S) => `${({ shoulder: 'shoulder', upperArm: 'upper_arm', lowerArm: 'lower_arm', hand: 'hand', upperLeg: 'upper_leg', lowerLeg: 'lower_leg', foot: 'foot', toes: 'toes' } as Table)[stem]}.${S}`, true)],
    ['vrm/test.vrma', DOTTED({ hips: 'hips', spine: 'spine', chest: 'chest', neck: 'neck', head: 'head' }, (stem, S) => `${S === 'L' ? 'left' : 'right'}${({ shoulder: 'Shoulder', upperArm: 'UpperArm', lowerArm: 'LowerArm', hand: 'Hand', upperLeg: 'UpperLeg', lowerLeg: 'LowerLeg', foot: 'Foot', toes: 'Toes' } as Table)[stem]}`, true)],
    ['Kenney_MiniCharacter_female_a.glb', { hips: 'root', spine: 'torso', head: 'head', leftUpperArm: 'arm-left', rightUpperArm: 'arm-right', leftUpperLeg: 'leg-left', rightUpperLeg: 'leg-right' },
      ['chest', 'neck', 'leftShoulder', 'leftLowerArm', 'leftHand', 'leftLowerLeg', 'leftFoot', 'rightLowerArm', 'rightHand']],
  ];
  for (const [file, table, missing] of cases) {
    it(file, async () => {
      const c = await loadCharacter(file);
      const rig = bindCharacter(c.root, { gltf: c.bytes });
      expectTable(rig.humanoid, table, file);
      expect(rig.humanoid.humanoid).toBe(true);
      for (const m of missing ?? []) expect(rig.humanoid.missing, `${file} reports ${m} missing`).toContain(m);
      for (const a of Object.values(rig.humanoid.roles)) {
        expect(a.confidence).toBeGreaterThan(0);
        expect(a.rule.length).toBeGreaterThan(0);
      }
      c.scene.getEngine().dispose();
    });
  }

  it('VRM files are mapped from their humanoid extension (confidence 1, rule "vrm")', async () => {
    for (const file of ['vrm/cryptovoxels.vrm', 'vrm/VRMC_vrm_expressions_isBinary_Overrides.vrm', 'vrm/test.vrma']) {
      const c = await loadCharacter(file);
      const vrm = readVrmHumanoid(c.bytes)!;
      expect(vrm.version).toBe(file.endsWith('vrma') ? 'vrma' : file.includes('cryptovoxels') ? '0.x' : '1.0');
      const rig = bindCharacter(c.root, { gltf: c.bytes });
      expect(rig.humanoid.roles.leftUpperArm!.rule).toBe('vrm');
      expect(rig.humanoid.roles.leftUpperArm!.confidence).toBe(1);
    }
  });

  it('VALID original (meshopt, names read from its JSON chunk) maps the unprefixed Mixamo / RPM names', () => {
    const json = readGltfJson(new Uint8Array(readFileSync(`${CHARACTERS}/VALID_White_M_1_Casual.glb`)));
    const g = gltfJointGeometry(json);
    const map = mapHumanoid(g);
    expectTable(map, MIXAMO(''), 'VALID');
    expect(map.facing).toBe(1);
  });

  it('VRM 0.x (cryptovoxels) is detected as facing -Z', async () => {
    const c = await loadCharacter('vrm/cryptovoxels.vrm');
    expect(bindCharacter(c.root, { gltf: c.bytes }).humanoid.facing).toBe(-1);
  });

  it('LH and RH scenes give the same MMCP-space rest positions', async () => {
    const a = await loadCharacter('RobotExpressive.glb', false);
    const b = await loadCharacter('RobotExpressive.glb', true);
    const ra = bindCharacter(a.root), rb = bindCharacter(b.root);
    for (let k = 0; k < ra.worldP.length; k++) expect(ra.worldP[k]).toBeCloseTo(rb.worldP[k]!, 5);
    const lh = ra.humanoid.roles.leftHand!.joint;
    expect(ra.worldP[3 * lh]).toBeGreaterThan(0.3); // character's left is +X in MMCP space
  });

  it('RobotExpressive: bind pose (T) differs from rest pose (arms down); extras (PoleTarget) stay unmapped', async () => {
    const c = await loadCharacter('RobotExpressive.glb');
    const rest = bindCharacter(c.root);
    const bind = bindCharacter(c.root, { pose: 'bind' });
    const angle = (rig: typeof rest): number => {
      const ua = rig.humanoid.roles.leftUpperArm!.joint, la = rig.humanoid.roles.leftLowerArm!.joint;
      const d = [0, 1, 2].map((k) => rig.worldP[3 * la + k]! - rig.worldP[3 * ua + k]!);
      return (Math.asin(-d[1]! / Math.hypot(d[0]!, d[1]!, d[2]!)) * 180) / Math.PI;
    };
    expect(angle(rest)).toBeGreaterThan(45);
    expect(Math.abs(angle(bind))).toBeLessThan(10);
    expect(rest.humanoid.jointRoles[rest.names.indexOf('PoleTarget.L')]).toBeUndefined();
  });

  it('user overrides win, and an unknown joint in an override is a typed error', async () => {
    const c = await loadCharacter('RobotExpressive.glb');
    const rig = bindCharacter(c.root, { overrides: { leftHand: 'Palm1.L', chest: null } });
    expect(rig.humanoid.roles.leftHand).toMatchObject({ name: 'Palm1.L', rule: 'override', confidence: 1 });
    expect(rig.humanoid.roles.chest).toBeUndefined();
    expect(() => bindCharacter(c.root, { overrides: { leftHand: 'NoSuchBone' } })).toThrow(expect.objectContaining({ code: 'unknown_joint' }));
  });
});

describe('refusals', () => {
  it('Fox (quadruped) is refused with not_humanoid naming the missing roles', async () => {
    const c = await loadCharacter('khronos/Fox.glb');
    let err: unknown;
    try { bindCharacter(c.root); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(MmcpError);
    expect((err as MmcpError).code).toBe('not_humanoid');
    expect((err as MmcpError).message).toMatch(/leftUpperArm/);
    expect((err as MmcpError).details.missing).toEqual(expect.arrayContaining(['hips', 'leftUpperLeg']));
  });

  it('Fox mapped by hand is accepted', async () => {
    const c = await loadCharacter('khronos/Fox.glb');
    const overrides = {
      hips: 'b_Hip_01', spine: 'b_Spine01_02', head: 'b_Head_05', leftUpperArm: 'b_LeftUpperArm_09', rightUpperArm: 'b_RightUpperArm_06',
      leftUpperLeg: 'b_LeftLeg01_015', rightUpperLeg: 'b_RightLeg01_019',
    };
    const rig = bindCharacter(c.root, { overrides });
    expect(rig.humanoid.roles.hips!.name).toBe('b_Hip_01');
  });

  it('RiggedSimple and SimpleSkin (two unnamed joints) are refused', async () => {
    const c = await loadCharacter('khronos/RiggedSimple.glb');
    expect(() => bindCharacter(c.root)).toThrow(expect.objectContaining({ code: 'not_humanoid' }));
    const scene = makeScene();
    const text = readFileSync(`${CHARACTERS}/khronos/SimpleSkin.gltf`, 'utf8');
    const container = await LoadAssetContainerAsync('data:' + text, scene, { pluginExtension: '.gltf' });
    container.addAllToScene();
    const root = container.rootNodes.find((n) => n.name === '__root__')!;
    expect(() => bindCharacter(root)).toThrow(expect.objectContaining({ code: 'not_humanoid' }));
  });
});

describe('skeletons without a scene (BVH, MMCP canonical, dataset rig)', () => {
  it('MakeHuman BVHs (Z-up, A-pose offsets)', () => {
    for (const file of ['bvh/makehuman_tpose.bvh', 'bvh/makehuman_benchmark.bvh']) {
      const { skeleton } = parseBvh(readFileSync(`${CHARACTERS}/${file}`, 'utf8'), { upAxis: 'z', scale: 0.1 });
      const map = mapMotionSkeleton(skeleton);
      const t: Table = { hips: 'root', spine: 'spine05', chest: 'spine02', upperChest: 'spine01', neck: 'neck01', head: 'head' };
      for (const [side, S] of [['left', 'L'], ['right', 'R']] as const) {
        Object.assign(t, { [`${side}Shoulder`]: `clavicle.${S}`, [`${side}UpperArm`]: `upperarm01.${S}`, [`${side}LowerArm`]: `lowerarm01.${S}`, [`${side}Hand`]: `wrist.${S}`, [`${side}UpperLeg`]: `upperleg01.${S}`, [`${side}LowerLeg`]: `lowerleg01.${S}`, [`${side}Foot`]: `foot.${S}` });
      }
      expectTable(map, t, file);
    }
  });

  it('Kimodo SOMA-30 canonical (LeftLeg = thigh, LeftShin = shin)', () => {
    const wire = JSON.parse(readFileSync(SOMA30_PATH, 'utf8')) as Skeleton;
    const map = mapMotionSkeleton(motionSkeletonFromWire(wire));
    const t: Table = { hips: 'Hips', spine: 'Spine1', chest: 'Spine2', upperChest: 'Chest', neck: 'Neck1', head: 'Head' };
    for (const S of ['Left', 'Right']) {
      const side = S.toLowerCase();
      Object.assign(t, { [`${side}Shoulder`]: `${S}Shoulder`, [`${side}UpperArm`]: `${S}Arm`, [`${side}LowerArm`]: `${S}ForeArm`, [`${side}Hand`]: `${S}Hand`, [`${side}UpperLeg`]: `${S}Leg`, [`${side}LowerLeg`]: `${S}Shin`, [`${side}Foot`]: `${S}Foot`, [`${side}Toes`]: `${S}ToeBase` });
    }
    expectTable(map, t, 'SOMA-30');
  });

  it('Bandai Namco dataset rig (BVH, joint_Root collapsed)', () => {
    const { skeleton } = loadBandai('walk');
    const map = mapMotionSkeleton(skeleton);
    const t: Table = { hips: 'Hips', spine: 'Spine', chest: 'Chest', neck: 'Neck', head: 'Head' };
    for (const [side, S] of [['left', 'L'], ['right', 'R']] as const) {
      Object.assign(t, { [`${side}Shoulder`]: `Shoulder_${S}`, [`${side}UpperArm`]: `UpperArm_${S}`, [`${side}LowerArm`]: `LowerArm_${S}`, [`${side}Hand`]: `Hand_${S}`, [`${side}UpperLeg`]: `UpperLeg_${S}`, [`${side}LowerLeg`]: `LowerLeg_${S}`, [`${side}Foot`]: `Foot_${S}`, [`${side}Toes`]: `Toes_${S}` });
    }
    expectTable(map, t, 'Bandai Namco');
  });

  it('canonical → character joint map and request skeletons', async () => {
    const wire = JSON.parse(readFileSync(SOMA30_PATH, 'utf8')) as Skeleton;
    const c = await loadCharacter('VALID_White_M_1_Casual_mixamorig.glb');
    const rig = bindCharacter(c.root);
    const jm = mapCanonicalToCharacter(wire, rig);
    expect(jm.canonicalToCharacter).toMatchObject({ Hips: 'mixamorig:Hips', LeftLeg: 'mixamorig:LeftUpLeg', LeftShin: 'mixamorig:LeftLeg', LeftArm: 'mixamorig:LeftArm', Chest: 'mixamorig:Spine2' });
    const verbatim = buildRequestSkeleton(rig, { canonical_skeleton: wire, supports_retargeting: false });
    expect(verbatim.retargeted).toBe(false);
    expect(verbatim.skeleton).toEqual(wire);
    const own = buildRequestSkeleton(rig, { canonical_skeleton: wire, supports_retargeting: true });
    expect(own.retargeted).toBe(true);
    const names = own.skeleton.joints.map((j) => j.name);
    expect(new Set(names).size).toBe(names.length);
    expect(own.skeleton.joints.filter((j) => j.parent === null)).toHaveLength(1);
    for (const j of own.skeleton.joints) {
      expect(j.rest_rotation).toEqual([0, 0, 0, 1]);
      expect(j.name).toBe(j.name.normalize('NFC').trim());
    }
    // World-axis rest translations: hips height in metres, left hand at +X.
    const hips = own.skeleton.joints.find((j) => j.name === 'mixamorig:Hips')!;
    expect(hips.rest_translation[1]).toBeGreaterThan(0.8);
    expect(hips.rest_translation[1]).toBeLessThan(1.2);
  });
});

describe('naming conventions without a fixture file (SOMA-30 geometry, renamed)', () => {
  const wire = JSON.parse(readFileSync(SOMA30_PATH, 'utf8')) as Skeleton;
  const base = motionSkeletonFromWire(wire);
  const CORE = ['Hips', 'Spine1', 'Spine2', 'Chest', 'Neck1', 'Head', 'LeftShoulder', 'LeftArm', 'LeftForeArm', 'LeftHand', 'RightShoulder', 'RightArm', 'RightForeArm', 'RightHand', 'LeftLeg', 'LeftShin', 'LeftFoot', 'LeftToeBase', 'RightLeg', 'RightShin', 'RightFoot', 'RightToeBase'];
  const ROLES = ['hips', 'spine', 'chest', 'upperChest', 'neck', 'head', 'leftShoulder', 'leftUpperArm', 'leftLowerArm', 'leftHand', 'rightShoulder', 'rightUpperArm', 'rightLowerArm', 'rightHand', 'leftUpperLeg', 'leftLowerLeg', 'leftFoot', 'leftToes', 'rightUpperLeg', 'rightLowerLeg', 'rightFoot', 'rightToes'];
  const conventions: Record<string, (soma: string) => string> = {
    'Unreal mannequin': (n) => ({ Hips: 'pelvis', Spine1: 'spine_01', Spine2: 'spine_02', Chest: 'spine_03', Neck1: 'neck_01', Neck2: 'neck_02', Head: 'head' } as Table)[n]
      ?? n.replace(/^(Left|Right)(.*)$/, (_, s: string, b: string) => `${({ Shoulder: 'clavicle', Arm: 'upperarm', ForeArm: 'lowerarm', Hand: 'hand', Leg: 'thigh', Shin: 'calf', Foot: 'foot', ToeBase: 'ball' } as Table)[b] ?? b.toLowerCase()}_${s === 'Left' ? 'l' : 'r'}`),
    'Rigify (DEF-)': (n) => ({ Hips: 'DEF-spine', Spine1: 'DEF-spine.001', Spine2: 'DEF-spine.002', Chest: 'DEF-spine.003', Neck1: 'DEF-spine.004', Neck2: 'DEF-spine.005', Head: 'DEF-spine.006' } as Table)[n]
      ?? n.replace(/^(Left|Right)(.*)$/, (_, s: string, b: string) => `DEF-${({ Shoulder: 'shoulder', Arm: 'upper_arm', ForeArm: 'forearm', Hand: 'hand', Leg: 'thigh', Shin: 'shin', Foot: 'foot', ToeBase: 'toe' } as Table)[b] ?? b.toLowerCase()}.${s === 'Left' ? 'L' : 'R'}`),
    'Mixamo (mixamorig1:)': (n) => `mixamorig1:${({ Spine1: 'Spine', Spine2: 'Spine1', Chest: 'Spine2', Neck1: 'Neck', Neck2: 'Neck1', LeftLeg: 'LeftUpLeg', LeftShin: 'LeftLeg', RightLeg: 'RightUpLeg', RightShin: 'RightLeg' } as Table)[n] ?? n}`,
    'CMU / BVH': (n) => ({ Spine1: 'LowerBack', Spine2: 'Spine', Chest: 'Spine1', Neck1: 'Neck', Neck2: 'Neck1', LeftLeg: 'LeftUpLeg', LeftShin: 'LeftLeg', RightLeg: 'RightUpLeg', RightShin: 'RightLeg' } as Table)[n] ?? n,
    'VRoid (J_Bip_)': (n) => ({ Hips: 'J_Bip_C_Hips', Spine1: 'J_Bip_C_Spine', Spine2: 'J_Bip_C_Chest', Chest: 'J_Bip_C_UpperChest', Neck1: 'J_Bip_C_Neck', Neck2: 'J_Adj_C_Neck2', Head: 'J_Bip_C_Head' } as Table)[n]
      ?? n.replace(/^(Left|Right)(.*)$/, (_, s: string, b: string) => `J_Bip_${s[0]}_${({ Shoulder: 'Shoulder', Arm: 'UpperArm', ForeArm: 'LowerArm', Hand: 'Hand', Leg: 'UpperLeg', Shin: 'LowerLeg', Foot: 'Foot', ToeBase: 'ToeBase' } as Table)[b] ?? b}`),
  };
  for (const [label, rename] of Object.entries(conventions)) {
    it(label, () => {
      const names = base.names.map(rename);
      const map = mapHumanoid({ names, parents: base.parents, positions: skeletonRestPositions() });
      const expected: Table = {};
      CORE.forEach((soma, i) => { expected[ROLES[i]!] = rename(soma); });
      expectTable(map, expected, label);
    });
  }
  function skeletonRestPositions(): Float64Array {
    const P = new Float64Array(3 * base.names.length);
    base.names.forEach((_, j) => {
      const p = base.parents[j]!;
      for (let k = 0; k < 3; k++) P[3 * j + k] = base.restTranslations[3 * j + k]! + (p >= 0 ? P[3 * p + k]! : 0);
    });
    return P;
  }
});
