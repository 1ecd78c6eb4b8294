/**
 * The Babylon-free core of a bound character: joint hierarchy, reference (rest or bind) pose,
 * and world rest positions/rotations in MMCP space (RH, +Y up, metres).
 * @packageDocumentation
 */
import { affineFromTRS, affineMul, qMul, qMirrorZ, type Arr } from '../../motion/math3d.js';

/** Local transforms of a character's joints, as read from the engine. */
export interface RigInput {
  names: string[];
  /** Parent joint per joint, -1 for roots; parents first. */
  parents: ArrayLike<number>;
  /** Reference-pose local TRS of each joint relative to its parent *node* (3/4/3 per joint). */
  localT: Arr; localR: Arr; localS: Arr;
  /**
   * Transform from the parent joint's frame (or the rig's top frame, for roots) to the joint's
   * parent node frame: the non-joint nodes in between (affine 12 + rotation 4 per joint).
   */
  preAffine: Arr; preRot: Arr;
  /** True when the engine frame is Babylon's left-handed world and must be mirrored (z → −z). */
  mirror: boolean;
}

/** The Babylon-free description of a bound character. */
export interface RigData {
  names: string[];
  parents: Int32Array;
  /** Reference local rotation relative to the parent node, in MMCP handedness (4 per joint). */
  localR: Float64Array;
  /** Reference local translation relative to the parent node, in MMCP handedness (3 per joint). */
  localT: Float64Array;
  /** Parent-joint → parent-node rotation, MMCP handedness (4 per joint). */
  preRot: Float64Array;
  /** World (top-relative) reference rotation per joint, MMCP space (4 per joint). */
  worldR: Float64Array;
  /** World (top-relative) reference position per joint, MMCP space, metres (3 per joint). */
  worldP: Float64Array;
  /** World affine of each joint's parent node, MMCP space (12 per joint). */
  parentAffine: Float64Array;
  /** Whether engine values are mirrored relative to MMCP (Babylon LH world without a glTF `__root__`). */
  mirror: boolean;
}

/** Converts engine-local values into MMCP handedness and runs forward kinematics once. */
export function buildRigData(input: RigInput): RigData {
  const n = input.names.length;
  const parents = Int32Array.from(input.parents as ArrayLike<number>);
  const localR = new Float64Array(4 * n), localT = new Float64Array(3 * n), localS = new Float64Array(3 * n);
  const preRot = new Float64Array(4 * n), preAff = new Float64Array(12 * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < 4; k++) { localR[4 * j + k] = input.localR[4 * j + k]!; preRot[4 * j + k] = input.preRot[4 * j + k]!; }
    for (let k = 0; k < 3; k++) { localT[3 * j + k] = input.localT[3 * j + k]!; localS[3 * j + k] = input.localS[3 * j + k]!; }
    for (let k = 0; k < 12; k++) preAff[12 * j + k] = input.preAffine[12 * j + k]!;
    if (input.mirror) {
      qMirrorZ(localR, 4 * j);
      qMirrorZ(preRot, 4 * j);
      localT[3 * j + 2] = -localT[3 * j + 2]!;
      mirrorAffine(preAff, 12 * j);
    }
  }
  const worldR = new Float64Array(4 * n), worldP = new Float64Array(3 * n);
  const worldA = new Float64Array(12 * n), parentAffine = new Float64Array(12 * n);
  const trs = new Float64Array(12);
  const identityRot = [0, 0, 0, 1];
  for (let j = 0; j < n; j++) {
    const p = parents[j]!;
    if (p >= 0) {
      affineMul(parentAffine, 12 * j, worldA, 12 * p, preAff, 12 * j);
      qMul(worldR, 4 * j, worldR, 4 * p, preRot, 4 * j);
    } else {
      for (let k = 0; k < 12; k++) parentAffine[12 * j + k] = preAff[12 * j + k]!;
      qMul(worldR, 4 * j, identityRot, 0, preRot, 4 * j);
    }
    qMul(worldR, 4 * j, worldR, 4 * j, localR, 4 * j);
    affineFromTRS(trs, 0, localT, 3 * j, localR, 4 * j, localS, 3 * j);
    affineMul(worldA, 12 * j, parentAffine, 12 * j, trs, 0);
    worldP[3 * j] = worldA[12 * j + 9]!; worldP[3 * j + 1] = worldA[12 * j + 10]!; worldP[3 * j + 2] = worldA[12 * j + 11]!;
  }
  return { names: input.names.slice(), parents, localR, localT, preRot, worldR, worldP, parentAffine, mirror: input.mirror };
}

/** M·A·M with M = diag(1, 1, −1), in place. */
function mirrorAffine(a: Float64Array, o: number): void {
  // Linear part: negate entries (r,c) where exactly one of r, c is z (index 2).
  a[o + 2] = -a[o + 2]!; a[o + 5] = -a[o + 5]!; a[o + 6] = -a[o + 6]!; a[o + 7] = -a[o + 7]!;
  a[o + 11] = -a[o + 11]!;
}
