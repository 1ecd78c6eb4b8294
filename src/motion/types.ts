/**
 * Motion data as typed arrays: what the codec produces from an MMCP response document and
 * what everything above it (retargeting, AnimationGroups, cache) consumes. No Babylon, no I/O.
 */

/** A skeleton read from a response document's `nodes` (MMCP conventions). */
export interface MotionSkeleton {
  /** Joint names in node order (= request skeleton order). */
  names: string[];
  /** Parent index per joint, -1 for the root. */
  parents: Int32Array;
  /** Rest translation per joint (parent-local; with identity rest rotations = world axes), 3 floats each. */
  restTranslations: Float32Array;
  /** Rest rotation per joint, `[x,y,z,w]`, 4 floats each. */
  restRotations: Float32Array;
}

/** Per-joint foot-contact flags, keyed by joint name; one entry per frame. */
export type FootContacts = Record<string, Uint8Array>;

/** A travel trajectory (MMCP §8.4), as sent: one ground-plane position and yaw per frame. */
export interface Trajectory {
  model: string;
  loop: boolean;
  params: Record<string, unknown>;
  /** `[x0, z0, x1, z1, …]`, metres, response frame. */
  position: Float32Array;
  /** Radians about +Y per frame, `yaw[0] = 0`. */
  yaw: Float32Array;
}

/** One generated sample. */
export interface MotionClip {
  /** Sample name (`sample_<i>`). */
  name: string;
  fps: number;
  frameCount: number;
  /** Joint names in the order of `rotations`' joint axis. */
  jointNames: string[];
  /** Frame-major local rotations, `[x,y,z,w]` per joint: length `frameCount * joints * 4`. */
  rotations: Float32Array;
  /** Absolute world position of the root per frame: length `frameCount * 3`. */
  rootPositions: Float32Array;
  /** Foot contacts when the server sent them. */
  footContacts?: FootContacts;
  /** Stitch frames (`chunk_boundaries`), empty when none. */
  chunkBoundaries: number[];
  /** Travel trajectory when the server sent one. */
  trajectory?: Trajectory;
}

/** A parsed MMCP response document (one per request). */
export interface MotionDocument {
  /** `MMCP_motion.version` (the version the server served), or `undefined` when absent. */
  version: string | undefined;
  /** `MMCP_motion.model`. */
  model: string | undefined;
  fps: number;
  skeleton: MotionSkeleton;
  /** Canonical → request joint names when the server retargeted. */
  canonicalToRequest?: Record<string, string>;
  /** One clip per animation (sample), in order. */
  clips: MotionClip[];
}
