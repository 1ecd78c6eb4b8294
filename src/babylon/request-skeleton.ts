/**
 * The request skeleton for a character and the joint map between a model's canonical skeleton
 * and the character, through the humanoid roles.
 * @packageDocumentation
 */
import type { ModelSpec, Skeleton } from '../protocol/types.js';
import type { MotionSkeleton } from '../motion/types.js';
import type { CharacterRig } from './bind.js';
import { mapMotionSkeleton } from './retarget.js';
import { motionSkeletonFromWire } from './skeleton-conv.js';
import type { HumanoidMap } from './rig/humanoid.js';

/** A canonical ↔ character joint map. */
export interface JointMap {
  /** Canonical joint name → character joint name, for every role both have. */
  canonicalToCharacter: Record<string, string>;
  /** Character joint name → role, for the mapped joints. */
  roles: Record<string, string>;
  /** Roles the canonical skeleton has and the character lacks. */
  missingOnCharacter: string[];
  /** The canonical skeleton's humanoid map. */
  canonicalMap: HumanoidMap;
}

/** What to send as `skeleton` in a GenerateRequest for this character. */
export interface RequestSkeleton {
  skeleton: Skeleton;
  /** Whether this is the character's own skeleton (the model retargets) or the canonical one verbatim. */
  retargeted: boolean;
  /** Request joint name → rig joint index (own skeleton), or → canonical index (verbatim). */
  jointIndex: Record<string, number>;
  /** The joint map between the canonical skeleton and the character. */
  jointMap: JointMap;
}

/** The character's own skeleton in MMCP conventions (identity rest rotations, world-axis rest translations, valid names). */
export function characterSkeleton(rig: CharacterRig): { skeleton: MotionSkeleton; jointIndex: number[] } {
  // One root: the tree containing the hips (other root trees, e.g. loose helpers, are left out).
  const hips = rig.humanoid.roles.hips?.joint ?? 0;
  let root = hips;
  while (rig.parents[root]! >= 0) root = rig.parents[root]!;
  const keep: number[] = [];
  const inTree = new Uint8Array(rig.names.length);
  for (let j = 0; j < rig.names.length; j++) {
    const p = rig.parents[j]!;
    if (j === root || (p >= 0 && inTree[p])) { inTree[j] = 1; keep.push(j); }
  }
  const local = new Map(keep.map((j, i) => [j, i]));
  const names = keep.map((j) => rig.requestNames[j]!);
  const parents = Int32Array.from(keep.map((j) => (j === root ? -1 : local.get(rig.parents[j]!)!)));
  const restTranslations = new Float32Array(3 * keep.length);
  keep.forEach((j, i) => {
    const p = rig.parents[j]!;
    for (let k = 0; k < 3; k++) restTranslations[3 * i + k] = rig.worldP[3 * j + k]! - (j === root ? 0 : rig.worldP[3 * p + k]!);
  });
  const restRotations = new Float32Array(4 * keep.length);
  for (let i = 0; i < keep.length; i++) restRotations[4 * i + 3] = 1;
  return { skeleton: { names, parents, restTranslations, restRotations }, jointIndex: keep };
}

/** Maps a model's canonical skeleton onto the character through the humanoid roles. */
export function mapCanonicalToCharacter(canonical: Skeleton | MotionSkeleton, rig: CharacterRig): JointMap {
  const ms = 'joints' in canonical ? motionSkeletonFromWire(canonical) : canonical;
  const canonicalMap = mapMotionSkeleton(ms, { allowPartial: true });
  const canonicalToCharacter: Record<string, string> = {};
  const roles: Record<string, string> = {};
  const missingOnCharacter: string[] = [];
  for (const [role, a] of Object.entries(canonicalMap.roles)) {
    const t = rig.humanoid.roles[role];
    if (!t) { missingOnCharacter.push(role); continue; }
    canonicalToCharacter[a.name] = rig.names[t.joint]!;
    roles[rig.names[t.joint]!] = role;
  }
  return { canonicalToCharacter, roles, missingOnCharacter, canonicalMap };
}

/**
 * The request skeleton: the model's canonical skeleton verbatim when it does not retarget
 * (`supports_retargeting` false, MMCP §11 MUST 3); otherwise the character's own skeleton in MMCP
 * conventions.
 */
export function buildRequestSkeleton(rig: CharacterRig, model: Pick<ModelSpec, 'canonical_skeleton' | 'supports_retargeting'>): RequestSkeleton {
  const jointMap = mapCanonicalToCharacter(model.canonical_skeleton, rig);
  if (!model.supports_retargeting) {
    const skeleton = structuredClone(model.canonical_skeleton);
    const jointIndex: Record<string, number> = {};
    skeleton.joints.forEach((j, i) => { jointIndex[j.name] = i; });
    return { skeleton, retargeted: false, jointIndex, jointMap };
  }
  const own = characterSkeleton(rig);
  const jointIndex: Record<string, number> = {};
  own.skeleton.names.forEach((n, i) => { jointIndex[n] = own.jointIndex[i]!; });
  const skeleton: Skeleton = {
    joints: own.skeleton.names.map((name, i) => {
      const p = own.skeleton.parents[i]!;
      return {
        name,
        parent: p < 0 ? null : own.skeleton.names[p]!,
        rest_translation: [own.skeleton.restTranslations[3 * i]!, own.skeleton.restTranslations[3 * i + 1]!, own.skeleton.restTranslations[3 * i + 2]!],
        rest_rotation: [0, 0, 0, 1],
      };
    }),
    coordinate_system: 'right_handed_y_up',
    units: 'meters',
  };
  return { skeleton, retargeted: true, jointIndex, jointMap };
}
