/**
 * `retargetClip`: MMCP motion (local-from-rest rotations in world-aligned frames on a source
 * skeleton) → per-node typed arrays for a bound character.
 * @packageDocumentation
 */
import type { MotionClip, MotionSkeleton } from '../motion/types.js';
import { clipInPlace } from '../motion/ops/in-place.js';
import { MmcpError } from '../protocol/errors.js';
import type { CharacterRig, RigTarget } from './bind.js';
import { mapHumanoid, type HumanoidMap, type MapHumanoidOptions } from './rig/humanoid.js';
import { retargetTracks, skeletonRestWorld, type JointPair, type RetargetedTracks, type RootMotionMode } from './rig/retarget-core.js';

/** Options for {@link retargetClip}. */
export interface RetargetOptions {
  /** The source skeleton's humanoid map (default: mapped from its names and rest pose). */
  sourceMap?: HumanoidMap;
  /** Options for mapping the source skeleton (overrides, allowPartial). */
  sourceMapOptions?: MapHumanoidOptions;
  /** Explicit source → target joint pairs (default: identity when the clip speaks the rig's request names, else humanoid roles). */
  pairs?: JointPair[];
  /**
   * Root motion: `'generated'` (as generated, scaled by leg length; default), `'inPlace'` (travel
   * and turning along the clip's trajectory removed, via the codec's `clipInPlace`), `'locked'`
   * (horizontal root travel removed, height kept).
   */
  rootMotion?: RootMotionMode;
  /** Also return target world positions per frame in MMCP space (for measurements). */
  withWorldPositions?: boolean;
}

/** A retargeted clip: typed arrays per target node, ready for {@link createAnimationGroup}. */
export interface RetargetedClip extends RetargetedTracks {
  /** The rig the tracks belong to (`rig.targets[track.joint]` is the animated node). */
  rig: CharacterRig;
  /** Root-motion mode applied. */
  rootMotion: RootMotionMode;
  /** The pairs used. */
  pairs: JointPair[];
}

/** Maps a MotionSkeleton's joints to humanoid roles (names + topology + geometry). */
export function mapMotionSkeleton(skeleton: MotionSkeleton, options: MapHumanoidOptions = {}): HumanoidMap {
  const { positions } = skeletonRestWorld(skeleton);
  return mapHumanoid({ names: skeleton.names, parents: skeleton.parents, positions }, options);
}

/** The node animated for rig joint `j`. */
export function rigTarget(rig: CharacterRig, j: number): RigTarget {
  return rig.targets[j]!;
}

/**
 * Retargets `clip` (whose rotations live on `sourceSkeleton`) onto `rig`: for every mapped target
 * joint, a local rotation per frame (the node's own `rotationQuaternion` space) such that each
 * mapped limb segment points the way the source's does, plus the hips position (root translation
 * scaled by the leg-length ratio). Joints the source lacks stay at rest; extra bones are untouched.
 */
export function retargetClip(clip: MotionClip, sourceSkeleton: MotionSkeleton, rig: CharacterRig, options: RetargetOptions = {}): RetargetedClip {
  const rootMotion = options.rootMotion ?? 'generated';
  const J = clip.jointNames.length;
  if (!(clip.frameCount >= 1) || clip.rotations.length !== clip.frameCount * J * 4 || clip.rootPositions.length !== clip.frameCount * 3) {
    throw new MmcpError('bad_clip', `Clip "${clip.name}" has inconsistent arrays: ${clip.frameCount} frames × ${J} joints needs ${clip.frameCount * J * 4} rotation and ${clip.frameCount * 3} root-position values (got ${clip.rotations.length} and ${clip.rootPositions.length}).`, { details: { clip: clip.name } });
  }
  const known = new Set(sourceSkeleton.names);
  if (!clip.jointNames.some((n) => known.has(n))) {
    throw new MmcpError('unknown_joint', `None of clip "${clip.name}"'s joints (${clip.jointNames.slice(0, 5).join(', ')}…) is in the source skeleton: pass the skeleton the clip was generated on.`, { details: { clip: clip.name } });
  }
  let input = clip;
  if (rootMotion === 'inPlace') {
    const rootName = sourceSkeleton.names[Array.from(sourceSkeleton.parents).indexOf(-1)]!;
    const rootIndex = clip.jointNames.indexOf(rootName);
    input = clipInPlace(clip, {}, rootIndex >= 0 ? rootIndex : 0);
  }
  let pairs = options.pairs;
  let sourceMap = options.sourceMap;
  if (!pairs) {
    // The clip speaks the rig's own request names (a retargeting server answered): identity.
    const req = rig.requestNames;
    const sameSkeleton = sourceSkeleton.names.length === req.length && sourceSkeleton.names.every((n, i) => n === req[i]);
    if (sameSkeleton) {
      pairs = req.map((_, j) => {
        const role = rig.humanoid.jointRoles[j];
        return role ? { source: j, target: j, role } : { source: j, target: j };
      });
      sourceMap ??= rig.humanoid;
    }
  }
  sourceMap ??= mapMotionSkeleton(sourceSkeleton, { allowPartial: true, ...options.sourceMapOptions });
  const coreOptions: Parameters<typeof retargetTracks>[5] = { rootMotion };
  if (pairs) coreOptions.pairs = pairs;
  if (options.withWorldPositions) coreOptions.withWorldPositions = true;
  // A bind-pose reference differs from the nodes' rest TRS: hold every other joint in it too.
  if (rig.pose === 'bind') coreOptions.holdUnmapped = true;
  const tracks = retargetTracks(input, sourceSkeleton, sourceMap, rig, rig.humanoid, coreOptions);
  const usedPairs = pairs ?? Object.entries(rig.humanoid.roles).flatMap(([role, a]) => {
    const s = sourceMap!.roles[role];
    return s ? [{ source: s.joint, target: a.joint, role }] : [];
  });
  return { ...tracks, rig, rootMotion, pairs: usedPairs };
}
