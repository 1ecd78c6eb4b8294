/**
 * createAnimationGroup: an ordinary AnimationGroup (play, stop, goToFrame, weights, blending,
 * masks, events) built from typed arrays, with the zero-copy TypedArrayAnimation and with keys.
 */
import { describe, expect, it } from 'vitest';
import { AnimationEvent } from '@babylonjs/core/Animations/animationEvent.js';
import { AnimationGroupMask, AnimationGroupMaskMode } from '@babylonjs/core/Animations/animationGroupMask.js';
import { Animation } from '@babylonjs/core/Animations/animation.js';
import { TargetCamera } from '@babylonjs/core/Cameras/targetCamera.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import { bindCharacter } from '../../src/babylon/bind.js';
import { retargetClip } from '../../src/babylon/retarget.js';
import { createAnimationGroup } from '../../src/babylon/animation-group.js';
import { TypedArrayAnimation } from '../../src/babylon/typed-animation.js';
import { bandaiPath, loadBandai } from '../support/bandai.js';
import { loadCharacter } from '../support/characters.js';

// Extract the Bandai Namco clips at collection time (outside the per-test timeout; once per cache).
bandaiPath('walk');

async function setup(): Promise<{ c: Awaited<ReturnType<typeof loadCharacter>>; rig: ReturnType<typeof bindCharacter>; r: ReturnType<typeof retargetClip> }> {
  const c = await loadCharacter('khronos/CesiumMan.glb');
  new TargetCamera('cam', new Vector3(0, 1, -4), c.scene);
  const rig = bindCharacter(c.root);
  const bn = loadBandai('wave');
  return { c, rig, r: retargetClip(bn.clip, bn.skeleton, rig) };
}

function q(node: TransformNode): number[] {
  const r = node.rotationQuaternion!;
  return [r.x, r.y, r.z, r.w];
}

function track(r: ReturnType<typeof retargetClip>, rig: ReturnType<typeof bindCharacter>, name: string): { node: TransformNode; values: Float32Array } {
  const t = r.rotations.find((x) => rig.names[x.joint] === name)!;
  return { node: rig.targets[t.joint] as TransformNode, values: t.values };
}

function expectQuat(a: number[], b: ArrayLike<number>, digits = 5): void {
  const sign = a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]! + a[3]! * b[3]! < 0 ? -1 : 1;
  for (let k = 0; k < 4; k++) expect(a[k]).toBeCloseTo(sign * b[k]!, digits);
}

describe('createAnimationGroup', () => {
  for (const zeroCopy of [true, false]) {
    it(`timing, name, goToFrame and interpolation (${zeroCopy ? 'zero-copy' : 'key objects'})`, async () => {
      const { c, rig, r } = await setup();
      const g = createAnimationGroup(r, rig, c.scene, { name: 'wave hello #0', zeroCopy });
      expect(g.name).toBe('wave hello #0');
      expect(g.from).toBe(0);
      expect(g.to).toBe(r.frameCount - 1);
      expect(g.targetedAnimations[0]!.animation.framePerSecond).toBe(r.fps);
      expect(g.targetedAnimations[0]!.animation instanceof TypedArrayAnimation).toBe(zeroCopy);
      const { node, values } = track(r, rig, 'Skeleton_arm_joint_R__2_');
      g.start(true);
      g.pause();
      for (const f of [0, 17, 100, r.frameCount - 1]) {
        g.goToFrame(f);
        expectQuat(q(node), values.subarray(4 * f, 4 * f + 4));
      }
      g.goToFrame(40.5);
      const mid = Quaternion.Slerp(Quaternion.FromArray(values, 160), Quaternion.FromArray(values, 164), 0.5);
      expectQuat(q(node), [mid.x, mid.y, mid.z, mid.w], 4);
      g.stop();
    });
  }

  it('plays at the clip fps, loops, and fires events; stop restores nothing unexpected', async () => {
    const { c, rig, r } = await setup();
    const g = createAnimationGroup(r, rig, c.scene, { loop: false });
    c.scene.useConstantAnimationDeltaTime = true; // 16 ms per render
    const fired: number[] = [];
    const anim = g.targetedAnimations[0]!.animation;
    anim.addEvent(new AnimationEvent(30, () => fired.push(30)));
    let ended = false;
    g.onAnimationGroupEndObservable.add(() => { ended = true; });
    g.start(false);
    let renders = 0;
    for (; renders < 200 && fired.length === 0; renders++) c.scene.render();
    // Frame 30 at 30 fps is 1 s: about 62 renders of 16 ms.
    expect(fired).toEqual([30]);
    expect(renders).toBeGreaterThan(55);
    expect(renders).toBeLessThan(70);
    for (let i = 0; i < 1000 && !ended; i++) c.scene.render();
    expect(ended).toBe(true);
    expect(g.isPlaying).toBe(false);
  });

  it('weights and blending between two groups', async () => {
    const { c, rig, r } = await setup();
    const bn = loadBandai('walk');
    const walk = retargetClip(bn.clip, bn.skeleton, rig);
    const a = createAnimationGroup(r, rig, c.scene, { name: 'wave' });
    const b = createAnimationGroup(walk, rig, c.scene, { name: 'walk' });
    const { node } = track(r, rig, 'Skeleton_arm_joint_R__2_');
    const wa = r.rotations.find((t) => t.joint === rig.names.indexOf('Skeleton_arm_joint_R__2_'))!.values;
    const wb = walk.rotations.find((t) => t.joint === rig.names.indexOf('Skeleton_arm_joint_R__2_'))!.values;
    c.scene.useConstantAnimationDeltaTime = true;
    a.weight = 0.5; b.weight = 0.5;
    a.start(true); b.start(true);
    for (let i = 0; i < 20; i++) c.scene.render();
    const frame = a.animatables[0]!.masterFrame;
    expect(Math.abs(b.animatables[0]!.masterFrame - frame)).toBeLessThan(1e-6);
    const fi = Math.floor(frame), ft = frame - fi;
    const sa = Quaternion.Slerp(Quaternion.FromArray(wa, 4 * fi), Quaternion.FromArray(wa, 4 * fi + 4), ft);
    const sb = Quaternion.Slerp(Quaternion.FromArray(wb, 4 * fi), Quaternion.FromArray(wb, 4 * fi + 4), ft);
    const angle = (x: ArrayLike<number>, y: ArrayLike<number>): number => 2 * Math.acos(Math.min(1, Math.abs(x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]! + x[3]! * y[3]!)));
    const mixed = q(node), qa = sa.asArray(), qb = sb.asArray();
    const ab = angle(qa, qb);
    expect(ab).toBeGreaterThan(0.05);
    // Half and half: the pose lies between the two, about halfway.
    expect(angle(mixed, qa)).toBeLessThan(ab);
    expect(angle(mixed, qb)).toBeLessThan(ab);
    expect(Math.abs(angle(mixed, qa) - angle(mixed, qb))).toBeLessThan(0.35 * ab);
    // Weight 1 / 0: exactly the first group.
    a.weight = 1; b.weight = 0;
    c.scene.render();
    const f2 = a.animatables[0]!.masterFrame, f2i = Math.floor(f2);
    const only = Quaternion.Slerp(Quaternion.FromArray(wa, 4 * f2i), Quaternion.FromArray(wa, 4 * f2i + 4), f2 - f2i);
    expectQuat(q(node), only.asArray(), 4);
    a.stop(); b.stop();
    // Blending: enableBlending makes a new group ease in instead of snapping.
    a.enableBlending = true; a.blendingSpeed = 0.05; a.weight = -1; b.weight = -1;
    for (const ta of a.targetedAnimations) { ta.animation.enableBlending = true; ta.animation.blendingSpeed = 0.05; }
    b.start(true); c.scene.render(); b.stop();
    const before = q(node);
    a.start(true);
    c.scene.render();
    const target = wa.subarray(0, 4);
    const d0 = Math.abs(before[0]! * target[0]! + before[1]! * target[1]! + before[2]! * target[2]! + before[3]! * target[3]!);
    const now = q(node);
    const d1 = Math.abs(now[0]! * target[0]! + now[1]! * target[1]! + now[2]! * target[2]! + now[3]! * target[3]!);
    expect(d1).toBeLessThan(0.99999); // not snapped onto the first sample
    expect(d1).toBeGreaterThanOrEqual(d0 - 1e-6); // moving towards it
    a.stop();
  });

  it('masks limit the group to chosen nodes', async () => {
    const { c, rig, r } = await setup();
    const g = createAnimationGroup(r, rig, c.scene);
    const arm = track(r, rig, 'Skeleton_arm_joint_R__2_');
    const leg = track(r, rig, 'leg_joint_L_2');
    const legRest = q(leg.node);
    const armRest = q(arm.node);
    g.mask = new AnimationGroupMask([arm.node.name], AnimationGroupMaskMode.Include);
    c.scene.useConstantAnimationDeltaTime = true;
    g.start(true);
    for (let i = 0; i < 30; i++) c.scene.render();
    expectQuat(q(leg.node), legRest, 6);
    expect(Math.abs(q(arm.node)[0]! - armRest[0]!) + Math.abs(q(arm.node)[2]! - armRest[2]!)).toBeGreaterThan(1e-3);
    g.mask = null;
    for (let i = 0; i < 30; i++) c.scene.render();
    expect(q(leg.node)).not.toEqual(legRest);
    g.stop();
  });

  it('a raw MotionClip is retargeted on the way in (source skeleton + root motion mode); a foreign retarget is refused', async () => {
    const { c, rig } = await setup();
    const bn = loadBandai('walk');
    const g = createAnimationGroup(bn.clip, rig, c.scene, { sourceSkeleton: bn.skeleton, rootMotion: 'locked', name: 'walk #1' });
    const hipsAnim = g.targetedAnimations.find((t) => t.animation.targetProperty === 'position')!;
    expect(hipsAnim.target.name).toBe('Skeleton_torso_joint_1');
    const v = (hipsAnim.animation as TypedArrayAnimation).values;
    for (let f = 1; f < bn.clip.frameCount; f++) {
      expect(v[3 * f]).toBeCloseTo(v[0]!, 5);
    }
    const other = await loadCharacter('vrm/test.vrma');
    const otherRig = bindCharacter(other.root);
    const foreign = retargetClip(bn.clip, bn.skeleton, otherRig);
    expect(() => createAnimationGroup(foreign, rig, c.scene)).toThrow(expect.objectContaining({ code: 'rig_mismatch' }));
  });

  it('TypedArrayAnimation: clone shares data, keys can be materialised, CONSTANT loop clamps', () => {
    const values = new Float32Array([0, 0, 0, 1, 0, 0, Math.SQRT1_2, Math.SQRT1_2, 0, 0, 1, 0]);
    const a = new TypedArrayAnimation('t', 'rotationQuaternion', 30, Animation.ANIMATIONTYPE_QUATERNION, Animation.ANIMATIONLOOPMODE_CONSTANT, values);
    const c = a.clone() as TypedArrayAnimation;
    expect(c.values).toBe(values);
    expect(a.materializeKeys().map((k) => k.frame)).toEqual([0, 1, 2]);
    const ser = a.serialize() as { keys: { frame: number }[] };
    expect(ser.keys.map((k) => k.frame)).toEqual([0, 1, 2]);
    expect(a.getKeys()).toHaveLength(2);
    const v = a.evaluate(1.5) as Quaternion;
    expect(v.w).toBeGreaterThan(0);
    expect((a.evaluate(99) as Quaternion).z).toBeCloseTo(1, 6);
    expect(() => new TypedArrayAnimation('p', 'position', 30, Animation.ANIMATIONTYPE_VECTOR3, undefined, new Float32Array(0))).toThrow(RangeError);
  });
});
