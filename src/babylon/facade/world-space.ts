/**
 * Scene coordinates ↔ the frame motion is requested in. **The one place** where handedness and
 * units are converted for the facade.
 *
 * - *Character space* is the space the rig was read in (`CharacterRig.worldP`): MMCP conventions
 *   (right-handed, +Y up, the character's glTF units). For a glTF character it is the local
 *   space of the loader's `__root__` node, whose world matrix already carries the handedness
 *   mirror of a left-handed scene (`__root__` = 180° about Y with scale z −1: glTF `(x,y,z)` shows
 *   at world `(−x,y,z)`), so the character keeps facing where it faces. A rig without a
 *   `__root__` is read in scene world space, mirrored `z → −z` when the scene is left-handed
 *   (`useRightHandedSystem` false) and unchanged when it is right-handed — the same rule
 *   `bindCharacter` applies.
 * - *Request space* is MMCP space as the model sees it: metres of the model's skeleton, origin at
 *   the ground point under the character's hips where the clip starts, +Z where the character
 *   faces. `requestXZ = (characterXZ − pivot) / scale`, where `scale` is the retarget leg-length
 *   ratio (character units per model metre).
 * @packageDocumentation
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { Node } from '@babylonjs/core/node.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';

/** A point in scene coordinates (a Babylon `Vector3` or any `{x, y, z}`). */
export interface ScenePoint {
  x: number;
  y: number;
  z: number;
}

/** The mapping between scene coordinates and one character's request space at one moment. */
export interface CharacterFrame {
  /** Character space → scene world (includes the handedness mirror). */
  toWorld: Matrix;
  /** Scene world → character space. */
  toCharacter: Matrix;
  /** Ground point (x, z) in character space where a clip starts: under the hips. */
  pivot: [number, number];
  /** Character-space units per model metre (target leg length / model leg length). */
  scale: number;
}

/**
 * Character space → scene world: the world matrix of `top` (the loader's `__root__`, which
 * carries the mirror), or for a rig read in world space the scene's handedness: `z → −z` in a
 * left-handed scene, identity in a right-handed one.
 */
export function characterToWorldMatrix(top: Node | null, rightHanded: boolean): Matrix {
  if (top) return (top as TransformNode).computeWorldMatrix(true).clone();
  return rightHanded ? Matrix.Identity() : Matrix.Scaling(1, 1, -1);
}

/** Builds a {@link CharacterFrame}. */
export function characterFrame(toWorld: Matrix, pivot: [number, number], scale: number): CharacterFrame {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`characterFrame: scale must be a positive number, got ${scale}.`);
  return { toWorld, toCharacter: Matrix.Invert(toWorld), pivot, scale };
}

/** A scene point → request-space ground position `[x, z]` (model metres, relative to the clip start). */
export function sceneToRequest(point: ScenePoint, frame: CharacterFrame): [number, number] {
  const m = Vector3.TransformCoordinatesFromFloatsToRef(point.x, point.y, point.z, frame.toCharacter, new Vector3());
  return [(m.x - frame.pivot[0]) / frame.scale, (m.z - frame.pivot[1]) / frame.scale];
}

/** A request-space ground position → scene point (at character-space height `y`, default 0). */
export function requestToScene(xz: readonly [number, number], frame: CharacterFrame, y = 0): Vector3 {
  const cx = frame.pivot[0] + xz[0] * frame.scale;
  const cz = frame.pivot[1] + xz[1] * frame.scale;
  return Vector3.TransformCoordinatesFromFloatsToRef(cx, y, cz, frame.toWorld, new Vector3());
}

/**
 * The direction the character faces in the scene (character-space +Z, projected on the ground),
 * as a yaw about +Y measured from scene +Z towards scene +X, in radians.
 */
export function sceneHeading(frame: CharacterFrame): number {
  const f = Vector3.TransformNormalFromFloatsToRef(0, 0, 1, frame.toWorld, new Vector3());
  return Math.atan2(f.x, f.z);
}

/**
 * Model metres per scene unit along the ground (how far the model must walk for one scene unit),
 * for converting speeds and distances.
 */
export function requestMetresPerSceneUnit(frame: CharacterFrame): number {
  const f = Vector3.TransformNormalFromFloatsToRef(1, 0, 0, frame.toCharacter, new Vector3());
  return Math.hypot(f.x, f.z) / frame.scale;
}
