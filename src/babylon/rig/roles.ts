/**
 * The humanoid role vocabulary: VRM 1.0 humanoid bone names (`VRMHumanBoneName` in pixiv/three-vrm).
 * @packageDocumentation
 */

/** Core body roles (no fingers), in parent-before-child order. */
export const CORE_ROLES = [
  'hips', 'spine', 'chest', 'upperChest', 'neck', 'head',
  'leftShoulder', 'leftUpperArm', 'leftLowerArm', 'leftHand',
  'rightShoulder', 'rightUpperArm', 'rightLowerArm', 'rightHand',
  'leftUpperLeg', 'leftLowerLeg', 'leftFoot', 'leftToes',
  'rightUpperLeg', 'rightLowerLeg', 'rightFoot', 'rightToes',
] as const;

const FINGERS = ['Thumb', 'Index', 'Middle', 'Ring', 'Little'] as const;
const THUMB_SEGMENTS = ['Metacarpal', 'Proximal', 'Distal'] as const;
const FINGER_SEGMENTS = ['Proximal', 'Intermediate', 'Distal'] as const;

/** Finger roles (optional everywhere). */
export const FINGER_ROLES: readonly string[] = (['left', 'right'] as const).flatMap((side) =>
  FINGERS.flatMap((f) => (f === 'Thumb' ? THUMB_SEGMENTS : FINGER_SEGMENTS).map((s) => `${side}${f}${s}`)),
);

/** A core humanoid role. */
export type CoreHumanoidRole = (typeof CORE_ROLES)[number];
/** Any humanoid role: a core role, a finger role (`leftIndexProximal` …), or `leftEye`/`rightEye`/`jaw`. */
export type HumanoidRole = CoreHumanoidRole | 'leftEye' | 'rightEye' | 'jaw' | (string & {});

/** Every role this package knows. */
export const ALL_ROLES: readonly string[] = [...CORE_ROLES, 'leftEye', 'rightEye', 'jaw', ...FINGER_ROLES];

/** Roles without which a skeleton is not treated as a humanoid. */
export const REQUIRED_ROLES: readonly CoreHumanoidRole[] = [
  'hips', 'spine', 'head', 'leftUpperArm', 'rightUpperArm', 'leftUpperLeg', 'rightUpperLeg',
];

/** The role a segment starting at `role` points to (its anatomical child), for direction matching. */
export const CHILD_ROLE: Readonly<Partial<Record<string, readonly string[]>>> = {
  spine: ['chest', 'upperChest', 'neck', 'head'],
  chest: ['upperChest', 'neck', 'head'],
  upperChest: ['neck', 'head'],
  neck: ['head'],
  leftShoulder: ['leftUpperArm'], rightShoulder: ['rightUpperArm'],
  leftUpperArm: ['leftLowerArm'], rightUpperArm: ['rightLowerArm'],
  leftLowerArm: ['leftHand'], rightLowerArm: ['rightHand'],
  leftUpperLeg: ['leftLowerLeg'], rightUpperLeg: ['rightLowerLeg'],
  leftLowerLeg: ['leftFoot'], rightLowerLeg: ['rightFoot'],
  leftFoot: ['leftToes'], rightFoot: ['rightToes'],
};

/** The anatomical parent role of a role (the nearest one that may exist). */
export const PARENT_ROLE: Readonly<Partial<Record<string, readonly string[]>>> = {
  spine: ['hips'], chest: ['spine'], upperChest: ['chest', 'spine'], neck: ['upperChest', 'chest', 'spine'], head: ['neck', 'upperChest', 'chest'],
  leftShoulder: ['upperChest', 'chest', 'spine'], rightShoulder: ['upperChest', 'chest', 'spine'],
  leftUpperArm: ['leftShoulder', 'upperChest', 'chest', 'spine'], rightUpperArm: ['rightShoulder', 'upperChest', 'chest', 'spine'],
  leftLowerArm: ['leftUpperArm'], rightLowerArm: ['rightUpperArm'], leftHand: ['leftLowerArm'], rightHand: ['rightLowerArm'],
  leftUpperLeg: ['hips'], rightUpperLeg: ['hips'], leftLowerLeg: ['leftUpperLeg'], rightLowerLeg: ['rightUpperLeg'],
  leftFoot: ['leftLowerLeg'], rightFoot: ['rightLowerLeg'], leftToes: ['leftFoot'], rightToes: ['rightFoot'],
};

/** The mirrored role (`leftHand` ↔ `rightHand`), or the role itself for central ones. */
export function mirrorRole(role: string): string {
  if (role.startsWith('left')) return 'right' + role.slice(4);
  if (role.startsWith('right')) return 'left' + role.slice(5);
  return role;
}
