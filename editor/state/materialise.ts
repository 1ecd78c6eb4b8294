/**
 * Copies an AnimationGroup into one made of ordinary keyed `Animation`s, under a new name. Kept
 * samples use it: the copy survives regenerating, and the glTF serializer reads its keys (the
 * facade's zero-copy `TypedArrayAnimation` only keeps the first and last keys as `Animation` keys).
 * @packageDocumentation
 */
import { Animation } from '@babylonjs/core/Animations/animation.pure.js';
import { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.pure.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { TypedArrayAnimation } from '../../src/babylon/typed-animation.js';

/** A keyed copy of `source` named `name`, not started. */
export function materialiseGroup(source: AnimationGroup, name: string, scene: Scene, loop: boolean): AnimationGroup {
  const group = new AnimationGroup(name, scene);
  const loopMode = loop ? Animation.ANIMATIONLOOPMODE_CYCLE : Animation.ANIMATIONLOOPMODE_CONSTANT;
  for (const ta of source.targetedAnimations) {
    const a = ta.animation;
    const copy = new Animation(a.name, a.targetProperty, a.framePerSecond, a.dataType, loopMode);
    if (a instanceof TypedArrayAnimation) {
      const keys = new Array(a.frameCount);
      for (let f = 0; f < a.frameCount; f++) keys[f] = { frame: f, value: a.sample(f) };
      copy.setKeys(keys, true);
    } else copy.setKeys(a.getKeys().map((k) => ({ ...k, value: k.value?.clone ? k.value.clone() : k.value })), true);
    group.addTargetedAnimation(copy, ta.target);
  }
  group.normalize(source.from, source.to);
  group.loopAnimation = loop;
  group.metadata = { ...(source.metadata ?? {}), mmcpKept: true };
  return group;
}
