/**
 * Bone-only skeletons (no linked TransformNodes) and plain node hierarchies in a left-handed
 * scene without a glTF `__root__` (MMCP conversion by mirroring z).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Bone } from '@babylonjs/core/Bones/bone.js';
import { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import { bindCharacter } from '../../src/babylon/bind.js';
import { mapMotionSkeleton, retargetClip } from '../../src/babylon/retarget.js';
import { createAnimationGroup } from '../../src/babylon/animation-group.js';
import type { Skeleton as WireSkeleton } from '../../src/protocol/types.js';
import { bandaiPath, loadBandai } from '../support/bandai.js';
import { SOMA30_PATH, makeScene } from '../support/characters.js';
import { babylonPositions, segmentErrors, sourceFk } from '../support/measure.js';

// Extract the Bandai Namco clips at collection time (outside the per-test timeout; once per cache).
bandaiPath('walk');

const soma = JSON.parse(readFileSync(SOMA30_PATH, 'utf8')) as WireSkeleton;

describe('rigs built in Babylon (no glTF loader)', () => {
  it('a Bone-only skeleton in a left-handed scene: rest in MMCP space, retarget drives the bones', () => {
    const scene = makeScene(false);
    const skeleton = new Skeleton('soma', 'soma', scene);
    const bones = new Map<string, Bone>();
    for (const j of soma.joints) {
      // Babylon-space (LH) values: MMCP z → −z.
      const t = new Vector3(j.rest_translation[0], j.rest_translation[1], -j.rest_translation[2]);
      bones.set(j.name, new Bone(j.name, skeleton, j.parent ? bones.get(j.parent)! : null, Matrix.Translation(t.x, t.y, t.z)));
    }
    const rig = bindCharacter(skeleton);
    expect(rig.mirror).toBe(true);
    const lh = rig.names.indexOf('LeftHand');
    expect(rig.worldP[3 * lh]).toBeCloseTo(0.7236, 3);
    expect(rig.worldP[3 * lh + 2]).toBeCloseTo(-0.0129, 3);
    const bn = loadBandai('wave');
    const r = retargetClip(bn.clip, bn.skeleton, rig);
    const g = createAnimationGroup(r, rig, scene);
    g.start(true); g.pause();
    const sourceMap = mapMotionSkeleton(bn.skeleton);
    let sum = 0, n = 0;
    for (const f of [0, 40, 80, 120]) {
      g.goToFrame(f);
      skeleton.computeAbsoluteMatrices(true);
      const Pt = new Float64Array(3 * rig.names.length);
      rig.targets.forEach((b, j) => {
        const p = (b as Bone).getAbsoluteMatrix().getTranslation();
        Pt[3 * j] = p.x; Pt[3 * j + 1] = p.y; Pt[3 * j + 2] = -p.z;
      });
      for (const e of segmentErrors(sourceMap, rig, sourceFk(bn.skeleton, bn.clip, f), Pt)) { sum += e.deg; n++; }
    }
    expect(n).toBeGreaterThan(40);
    expect(sum / n).toBeLessThan(0.01);
  });

  it('a TransformNode hierarchy in a left-handed scene (no __root__): mirrored into MMCP space', () => {
    const scene = makeScene(false);
    const character = new TransformNode('npc', scene);
    const tns = new Map<string, TransformNode>();
    for (const j of soma.joints) {
      const tn = new TransformNode(j.name, scene);
      tn.parent = j.parent ? tns.get(j.parent)! : character;
      tn.position = new Vector3(j.rest_translation[0], j.rest_translation[1], -j.rest_translation[2]);
      tns.set(j.name, tn);
    }
    const rig = bindCharacter(character);
    expect(rig.top).toBeNull();
    expect(rig.mirror).toBe(true);
    expect(rig.humanoid.roles.leftUpperLeg!.name).toBe('LeftLeg');
    const bn = loadBandai('bow');
    const g = createAnimationGroup(retargetClip(bn.clip, bn.skeleton, rig), rig, scene);
    g.start(true); g.pause();
    const sourceMap = mapMotionSkeleton(bn.skeleton);
    for (const f of [10, 90]) {
      g.goToFrame(f);
      const errs = segmentErrors(sourceMap, rig, sourceFk(bn.skeleton, bn.clip, f), babylonPositions(rig, [character]));
      expect(Math.max(...errs.map((e) => e.deg))).toBeLessThan(0.01);
    }
  });
});
