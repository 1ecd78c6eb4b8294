/**
 * Babylon layer: bind a character, map its joints to humanoid roles, retarget MMCP motion onto
 * it, and build AnimationGroups straight from typed arrays.
 * @packageDocumentation
 */
export { bindCharacter, type BindOptions, type CharacterRig, type RigTarget } from './bind.js';
export { readVrmHumanoid, readGltfJson, type VrmHumanoid } from './vrm.js';
export { retargetClip, mapMotionSkeleton, type RetargetOptions, type RetargetedClip } from './retarget.js';
export { buildRequestSkeleton, characterSkeleton, mapCanonicalToCharacter, type JointMap, type RequestSkeleton } from './request-skeleton.js';
export { createAnimationGroup, type CreateAnimationGroupOptions } from './animation-group.js';
export { TypedArrayAnimation } from './typed-animation.js';
export { motionSkeletonFromWire, wireSkeletonFromMotion, sanitizeJointNames } from './skeleton-conv.js';
export { mapHumanoid, type HumanoidMap, type RoleAssignment, type MapHumanoidOptions, type SkeletonGeometry } from './rig/humanoid.js';
export { parseJointName, type ParsedJointName } from './rig/names.js';
export { CORE_ROLES, FINGER_ROLES, ALL_ROLES, REQUIRED_ROLES, type HumanoidRole, type CoreHumanoidRole } from './rig/roles.js';
export { retargetTracks, skeletonRestWorld, pairsByRole, type JointPair, type RetargetedTracks, type RootMotionMode, type RetargetCoreOptions } from './rig/retarget-core.js';
export { buildRigData, type RigData, type RigInput } from './rig/core.js';
export * from './facade/index.js';
