/**
 * MMCP 1.0–1.3 wire types (see `docs/mmcp.md` and the protocol spec).
 * Pure types: no I/O, no Babylon. Field names are the wire names (snake_case).
 */

/** `[x, y, z, w]` quaternion, right-handed, +Y up. */
export type Quat = [number, number, number, number];
/** `[x, y, z]` vector in metres, right-handed, +Y up. */
export type Vec3 = [number, number, number];
/** `[x, z]` ground-plane position in metres. */
export type Vec2 = [number, number];

/** One joint of an MMCP skeleton. */
export interface SkeletonJoint {
  name: string;
  parent: string | null;
  /** Rest position minus the parent's, along world axes (root: world rest position). */
  rest_translation: Vec3;
  /** Clients send identity `[0,0,0,1]`. */
  rest_rotation?: Quat;
  display_name?: string | null;
}

/** An MMCP skeleton (every request carries one). */
export interface Skeleton {
  joints: SkeletonJoint[];
  coordinate_system?: 'right_handed_y_up';
  units?: 'meters';
}

/** Limits a model advertises (`ModelSpec.limits`). Optional ones are absent when unset. */
export interface ModelLimits {
  max_duration_seconds: number;
  max_num_samples: number;
  max_constraints_per_request: number;
  max_prompt_length: number;
  max_request_bytes: number;
  max_batch_size?: number;
  max_reference_frames?: number;
  max_video_bytes?: number;
  max_video_seconds?: number;
}

/** One model a server hosts (`capabilities.models[]`). */
export interface ModelSpec {
  id: string;
  fps: number;
  canonical_skeleton: Skeleton;
  supports_retargeting?: boolean;
  supports_async?: boolean;
  supports_segment_seed?: boolean;
  supports_loop?: boolean;
  supports_motion_reference_mixed?: boolean;
  supports_batch?: boolean;
  supports_trajectory?: boolean;
  supported_constraints?: string[];
  supported_segments?: string[] | null;
  supported_guidance_types?: string[];
  predicted_contact_joints?: string[];
  native_clip_seconds?: number;
  chunking?: 'none' | 'stitched';
  recommended_max_duration_seconds?: number;
  limits: ModelLimits;
  /** Unknown additive fields from newer minors are kept, never relied upon. */
  [extra: string]: unknown;
}

/** `GET /capabilities` body. */
export interface Capabilities {
  protocol_version: string;
  rotation_format?: 'quaternion_xyzw';
  coordinate_system?: 'right_handed_y_up';
  units?: 'meters';
  response_formats?: string[];
  models: ModelSpec[];
  [extra: string]: unknown;
}

export interface TextSegment {
  type: 'text';
  prompt: string;
  duration_frames: number;
  language?: string | null;
  seed?: number | null;
}
export interface UnconditionedSegment {
  type: 'unconditioned';
  duration_frames: number;
  seed?: number | null;
}
export interface PoseSegment {
  type: 'pose';
  prompt: string;
  language?: string | null;
  seed?: number | null;
}
export interface MotionReferenceSegment {
  type: 'motion_reference';
  duration_frames: number;
  joint_names: string[];
  rotations: Quat[][];
  root_positions: Vec3[];
  fps: number;
  skeleton?: Skeleton;
  seed?: number | null;
}
export interface VideoReferenceSegment {
  type: 'video_reference';
  duration_frames: number;
  video: { url: string } | { data: string; media_type: 'video/mp4' | 'video/quicktime' | 'video/webm' };
  start_s?: number;
  end_s: number;
  fps?: number;
  seed?: number | null;
}
export type Segment =
  | TextSegment
  | UnconditionedSegment
  | PoseSegment
  | MotionReferenceSegment
  | VideoReferenceSegment;

export interface RootPathConstraint {
  type: 'root_path';
  frames: number[];
  positions_xz: Vec2[];
  heading_radians?: number[];
}
export interface EffectorTargetConstraint {
  type: 'effector_target';
  joint: string;
  frames: number[];
  positions: Vec3[];
  rotations?: Quat[];
}
export interface PoseKeyframeConstraint {
  type: 'pose_keyframe';
  frame: number;
  joint_rotations: Record<string, Quat>;
  root_position?: Vec3;
  fill_mode?: 'generate' | 'rest';
}
export interface GroundHeightConstraint {
  type: 'ground_height';
  /** `[x, z, y]`: height last. */
  points: [number, number, number][];
}
export type Constraint =
  | RootPathConstraint
  | EffectorTargetConstraint
  | PoseKeyframeConstraint
  | GroundHeightConstraint;

export interface Guidance {
  type: 'nocfg' | 'regular' | 'separated';
  weight: number[];
}

export interface GenerateOptions {
  diffusion_steps?: number;
  num_samples?: number;
  seed?: number | null;
  post_processing?: boolean;
  transition_frames?: number;
  guidance?: Guidance | null;
  loop?: boolean;
}

/** `POST /generate` single-request body. */
export interface GenerateRequest {
  protocol_version: string;
  model: string;
  skeleton: Skeleton;
  segments?: Segment[];
  constraints?: Constraint[];
  duration_frames?: number;
  timing?: { fps: number };
  options?: GenerateOptions;
}

/** `POST /generate` batch body. */
export interface BatchRequest {
  protocol_version: string;
  requests: Array<Omit<GenerateRequest, 'protocol_version'> & { protocol_version?: string }>;
}

/** The MMCP error envelope. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown> | null };
}

/** The protocol version this client implements against. */
export const PROTOCOL_VERSION = '1.3';

/** Segment types defined by MMCP 1.0–1.3. */
export const SEGMENT_TYPES = ['text', 'unconditioned', 'pose', 'motion_reference', 'video_reference'] as const;
/** Constraint types defined by MMCP 1.0–1.3. */
export const CONSTRAINT_TYPES = ['root_path', 'effector_target', 'pose_keyframe', 'ground_height'] as const;
/** Segment types every server supports when `supported_segments` is absent (SDK default). */
export const DEFAULT_SEGMENTS: readonly string[] = ['text', 'unconditioned'];

/** Error codes a server may send (MMCP §9). Servers may send others; they are kept verbatim. */
export type MmcpServerCode =
  | 'schema_validation'
  | 'unknown_model'
  | 'retargeting_unsupported'
  | 'unsupported_constraint'
  | 'unsupported_segment'
  | 'unknown_joint'
  | 'invalid_skeleton'
  | 'frame_out_of_range'
  | 'invalid_request'
  | 'invalid_options'
  | 'version_unsupported'
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'resource_exhausted'
  | 'model_unavailable'
  | 'timeout';

/** HTTP status an SDK server answers for each server code. */
export const STATUS_FOR_CODE: Readonly<Record<MmcpServerCode, number>> = {
  schema_validation: 422,
  unknown_model: 400,
  retargeting_unsupported: 400,
  unsupported_constraint: 400,
  unsupported_segment: 400,
  unknown_joint: 400,
  invalid_skeleton: 400,
  frame_out_of_range: 400,
  invalid_request: 400,
  invalid_options: 400,
  version_unsupported: 400,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  resource_exhausted: 503,
  model_unavailable: 503,
  timeout: 504,
};

/** One item of a batch response (`results[]`). */
export type BatchResultItem = { gltf: Record<string, unknown> } | ErrorEnvelope;

/** `POST /generate` batch response body. */
export interface BatchResponse {
  results: BatchResultItem[];
}

/** `GET /health` body (non-normative; only `retargeting` is read). */
export interface HealthResponse {
  retargeting?: 'ready' | 'unavailable' | string;
  [extra: string]: unknown;
}

/** One entry of `details.errors` in a `schema_validation` / `invalid_skeleton` error. */
export interface ValidationIssue {
  /** Where: path of keys and indices from the request root, e.g. `['segments', 0, 'prompt']`. */
  loc: Array<string | number>;
  /** What is wrong, in words. */
  msg: string;
  /** Short machine tag (`client_rule` marks rules only a client enforces). */
  type?: string;
}
