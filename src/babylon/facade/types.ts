/**
 * Public types of the facade: options and results of {@link MotionActor.generate} and
 * {@link MotionActor.play}, and the observable event payloads.
 * @packageDocumentation
 */
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { GenerateProgress, GenerateTimings, MotionBackend } from '../../backend.js';
import type { FootContacts, MotionClip, MotionDocument } from '../../motion/types.js';
import type { MmcpError } from '../../protocol/errors.js';
import type { GenerateRequest } from '../../protocol/types.js';
import type { ScenePoint } from './world-space.js';
import type { MotionActor } from './actor.js';

/** Options for `new MotionGenerator(scene, options)`. */
export interface MotionGeneratorOptions {
  /** Where motion comes from: a `LocalBackend`, a `RemoteBackend`, or either wrapped by `withCache`. */
  backend: MotionBackend;
  /** Model id to use (default: the first model the backend advertises). */
  model?: string;
  /** Deadline of one generation in milliseconds (passed to the backend). */
  timeoutMs?: number;
}

/** One text segment of a multi-action request. */
export interface SegmentInput {
  /** What happens in this segment, e.g. `"walk forward"`. */
  prompt: string;
  /** Its length in seconds. */
  seconds: number;
  /** Per-segment seed (only sent when the model supports segment seeds). */
  seed?: number;
}

/** A waypoint in scene coordinates, optionally with the time (seconds from the clip start) to reach it. */
export type Waypoint = ScenePoint | { position: ScenePoint; seconds?: number };

/** Options for {@link MotionActor.generate}. */
export interface GenerateMotionOptions {
  /**
   * What the character does, in words. Several actions in order ("walk, then bow") become one
   * segment each when the model accepts text segments; `seconds` is shared among them.
   */
  prompt?: string;
  /** Explicit segments instead of `prompt`. */
  segments?: SegmentInput[];
  /** Total length in seconds when `prompt` is used (default 4). */
  seconds?: number;
  /** How many variations to generate (default 1): one AnimationGroup each. */
  samples?: number;
  /** Seed for reproducible results (and cache hits). Default: random. */
  seed?: number;
  /** Ask for a seamless cycle (only when the model supports it; otherwise a warning). */
  loop?: boolean;
  /**
   * Waypoints in scene coordinates the character's root should pass through (a `root_path`
   * constraint). Without times, they are spread over the clip by distance, the last one reached
   * at the end.
   */
  path?: Waypoint[];
  /**
   * Build the groups in place: horizontal travel and turning removed from the animation (sway
   * and bounce kept). Play such a group with `{ rootMotion: true }` to move the character by
   * the removed travel instead.
   */
  inPlace?: boolean;
  /** Group names start with this (default: the prompt). */
  name?: string;
  /** Cancels the generation (the promise rejects with `MmcpError` code `aborted`). */
  signal?: AbortSignal;
  /** Progress from the backend (queued, model steps, download …). */
  onProgress?: (progress: GenerateProgress) => void;
}

/** What {@link MotionActor.generate} returns. */
export interface GeneratedMotion {
  /** One AnimationGroup per sample, targeting this character's nodes, not started. */
  groups: AnimationGroup[];
  /** The clips as the backend returned them (MMCP space, on {@link document}'s skeleton). */
  clips: MotionClip[];
  /** The parsed response document. */
  document: MotionDocument;
  /** Foot contacts per sample, keyed by this character's joint names (empty when none were sent). */
  contacts: FootContacts[];
  /** Where the time went, in ms: the backend's phases plus `build` (retarget + groups) and `total`. */
  timings: GenerateTimings;
  /** Which execution provider ran (local backend), e.g. `wasm` or `webgpu`. */
  executionProvider?: string;
  /** True when the clip cache answered. */
  cached: boolean;
  /** Model that answered. */
  model: string;
  /** Things that did not stop the generation but a developer should know (gated options …). */
  warnings: string[];
  /** The MMCP request that was sent. */
  request: GenerateRequest;
}

/** Options for {@link MotionActor.play}. */
export interface PlayOptions {
  /** Loop (default: the group's own `loopAnimation`). */
  loop?: boolean;
  /** Cross-fade from what is playing now over this many seconds (default 0.25; 0 cuts). */
  crossFadeSeconds?: number;
  /** Playback speed ratio (default 1). */
  speedRatio?: number;
  /**
   * Move the character by the clip's travel (root motion) — for groups built with `inPlace`. The
   * character keeps the position and heading it reached when the clip ends or is replaced.
   */
  rootMotion?: boolean;
}

/** Payload of `onGenerateStartedObservable`. */
export interface GenerateStartedEvent {
  actor: MotionActor;
  request: GenerateRequest;
}
/** Payload of `onProgressObservable`. */
export interface GenerateProgressEvent {
  actor: MotionActor;
  progress: GenerateProgress;
}
/** Payload of `onGeneratedObservable`. */
export interface GeneratedEvent {
  actor: MotionActor;
  result: GeneratedMotion;
}
/** Payload of `onErrorObservable`. */
export interface GenerateErrorEvent {
  /** The actor, or null when binding failed. */
  actor: MotionActor | null;
  error: MmcpError;
}
