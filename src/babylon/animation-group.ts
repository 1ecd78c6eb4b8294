/**
 * `createAnimationGroup`: an ordinary Babylon `AnimationGroup` targeting the rig's own nodes,
 * built straight from typed arrays (no detour through the glTF loader).
 * @packageDocumentation
 */
import { Animation } from '@babylonjs/core/Animations/animation.pure.js';
import { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.pure.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { MotionClip, MotionSkeleton } from '../motion/types.js';
import { MmcpError } from '../protocol/errors.js';
import type { CharacterRig } from './bind.js';
import { retargetClip, type RetargetedClip, type RetargetOptions } from './retarget.js';
import { characterSkeleton } from './request-skeleton.js';
import { TypedArrayAnimation } from './typed-animation.js';
import type { RootMotionMode } from './rig/retarget-core.js';

/** Options for {@link createAnimationGroup}. */
export interface CreateAnimationGroupOptions {
  /** Group name users recognise, e.g. `"wave hello #0"`. Default: the clip name. */
  name?: string;
  /** Loop when played (sets every animation's loop mode). Default true. */
  loop?: boolean;
  /** Root motion for a raw clip (see {@link RetargetOptions.rootMotion}). Default `'generated'`. */
  rootMotion?: RootMotionMode;
  /** The skeleton a raw clip's rotations live on. Default: the rig's own request skeleton. */
  sourceSkeleton?: MotionSkeleton;
  /** Further retarget options for a raw clip. */
  retarget?: Omit<RetargetOptions, 'rootMotion'>;
  /**
   * Evaluate straight from the Float32Arrays ({@link TypedArrayAnimation}, default true) instead
   * of materialising one key object per frame.
   */
  zeroCopy?: boolean;
}

function isRetargeted(x: MotionClip | RetargetedClip): x is RetargetedClip {
  return (x as RetargetedClip).rig !== undefined && Array.isArray((x as RetargetedClip).positions);
}

function makeAnimation(name: string, property: string, fps: number, type: number, loopMode: number, values: Float32Array, zeroCopy: boolean): Animation {
  if (zeroCopy) return new TypedArrayAnimation(name, property, fps, type, loopMode, values);
  const a = new Animation(name, property, fps, type, loopMode);
  const stride = type === Animation.ANIMATIONTYPE_QUATERNION ? 4 : 3;
  const n = values.length / stride;
  const keys = new Array<{ frame: number; value: Quaternion | Vector3 }>(n);
  for (let f = 0; f < n; f++) {
    const o = f * stride;
    keys[f] = { frame: f, value: stride === 4 ? new Quaternion(values[o]!, values[o + 1]!, values[o + 2]!, values[o + 3]!) : new Vector3(values[o]!, values[o + 1]!, values[o + 2]!) };
  }
  a.setKeys(keys, true);
  return a;
}

/**
 * Builds an `AnimationGroup` on the rig's nodes: `rotationQuaternion` per mapped node, `position`
 * on the hips (and on joints detached from their limb, such as IK feet); frame = sample index,
 * `framePerSecond` = the clip's fps. A raw `MotionClip` is retargeted first (its rotations are on
 * `options.sourceSkeleton`, by default the rig's own request skeleton).
 */
export function createAnimationGroup(input: MotionClip | RetargetedClip, rig: CharacterRig, scene: Scene, options: CreateAnimationGroupOptions = {}): AnimationGroup {
  let r: RetargetedClip;
  if (isRetargeted(input)) {
    if (input.rig !== rig) throw new MmcpError('rig_mismatch', 'This retargeted clip was made for another character: retarget the clip onto this rig first.', {});
    r = input;
  } else {
    const source = options.sourceSkeleton ?? characterSkeleton(rig).skeleton;
    r = retargetClip(input, source, rig, { ...options.retarget, rootMotion: options.rootMotion ?? 'generated' });
  }
  if (!(r.fps > 0) || r.frameCount < 1) throw new MmcpError('bad_clip', `Cannot build an AnimationGroup from a clip with fps ${r.fps} and ${r.frameCount} frames.`, {});
  const zeroCopy = options.zeroCopy ?? true;
  const loopMode = (options.loop ?? true) ? Animation.ANIMATIONLOOPMODE_CYCLE : Animation.ANIMATIONLOOPMODE_CONSTANT;
  const group = new AnimationGroup(options.name ?? r.name, scene);
  for (const t of r.rotations) {
    const node = rig.targets[t.joint]!;
    if ((node as { rotationQuaternion?: Quaternion | null }).rotationQuaternion == null) (node as { rotationQuaternion: Quaternion }).rotationQuaternion = Quaternion.Identity();
    group.addTargetedAnimation(makeAnimation(`${node.name}.rotationQuaternion`, 'rotationQuaternion', r.fps, Animation.ANIMATIONTYPE_QUATERNION, loopMode, t.values, zeroCopy), node);
  }
  for (const t of r.positions) {
    const node = rig.targets[t.joint]!;
    group.addTargetedAnimation(makeAnimation(`${node.name}.position`, 'position', r.fps, Animation.ANIMATIONTYPE_VECTOR3, loopMode, t.values, zeroCopy), node);
  }
  group.loopAnimation = options.loop ?? true;
  return group;
}
