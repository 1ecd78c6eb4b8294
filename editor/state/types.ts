/**
 * Types of the editor's state: what the user authors (backend, timeline, options, path) and what
 * the editor shows (capabilities, joint map, samples, kept groups, cache entries, errors).
 * @packageDocumentation
 */
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { GenerateProgress, MotionBackend } from '../../src/backend.js';
import type { LocalBackendOptions } from '../../src/local/local-backend.js';
import type { CharacterRig } from '../../src/babylon/bind.js';
import type { ScenePoint } from '../../src/babylon/facade/world-space.js';
import type { ClipCache } from '../../src/cache/clip-cache.js';
import type { CacheEntryMeta } from '../../src/cache/types.js';
import type { MotionDocument } from '../../src/motion/types.js';
import type { MmcpError } from '../../src/protocol/errors.js';
import type { Capabilities, GenerateRequest } from '../../src/protocol/types.js';

/** Options of {@link showMotionInspector} and of the pane service. */
export interface MotionEditorOptions {
  /** Model package URL for the local backend (default `/models/bn-motion-small/`). */
  localModel?: string;
  /** Extra `LocalBackend` options (worker URL or factory, execution provider, threads …). */
  local?: Partial<Omit<LocalBackendOptions, 'model'>>;
  /** Start with a remote server instead of the local model. */
  remoteUrl?: string;
  /** Bearer token for the remote server. */
  remoteToken?: string;
  /** Use this backend instead of building one (shown as "custom"). */
  backend?: MotionBackend;
  /** Clip cache (default: a new IndexedDB `ClipCache`); `false` turns caching off. */
  cache?: ClipCache | false;
  /** Ground mesh for drawing paths (default: the first mesh named like "ground"/"floor"). */
  ground?: AbstractMesh | null;
  /** Connect to the backend as soon as the pane opens (default true). */
  autoConnect?: boolean;
  /** Deadline of one generation in ms (default: the backend's). */
  timeoutMs?: number;
}

/** Where motion comes from. */
export type BackendKind = 'local' | 'remote' | 'custom';

/** The backend the user configured. */
export interface BackendConfig {
  kind: BackendKind;
  localModel: string;
  remoteUrl: string;
  remoteToken: string;
}

/** State of the connection to the backend. */
export interface ConnectionState {
  status: 'idle' | 'connecting' | 'ready' | 'error';
  capabilities?: Capabilities;
  /** The model in use. */
  modelId?: string;
  /** Backend id (`local:…`, `remote:…`). */
  backendId?: string;
}

/** One item of the timeline: a text prompt or an unconditioned gap, with its length. */
export interface TimelineItem {
  id: number;
  kind: 'text' | 'gap';
  prompt: string;
  seconds: number;
}

/** Generation options the user sets. `null` = the model's default. */
export interface AuthoredOptions {
  seed: number | null;
  samples: number;
  loop: boolean;
  transitionFrames: number | null;
  diffusionSteps: number | null;
}

/** The bound character. */
export interface CharacterState {
  /** Candidate id (see `findCharacters`). */
  id: string | null;
  followSelection: boolean;
  /** Role → joint name overrides (`null` unmaps). */
  overrides: Record<string, string | null>;
  /** The rig as read (also when the model cannot drive it). */
  rig: CharacterRig | null;
  /** Roles the model's skeleton has and this character lacks. */
  missingForModel: string[];
  /** Whether an actor is bound (generation possible). */
  bound: boolean;
}

/** One generated sample. */
export interface SampleView {
  index: number;
  group: AnimationGroup;
  frames: number;
  seconds: number;
}

/** The latest generation. */
export interface GenerationView {
  samples: SampleView[];
  document: MotionDocument;
  /** The response GLB (what "Export MMCP .glb" writes). */
  bytes: Uint8Array | null;
  request: GenerateRequest;
  model: string;
  cached: boolean;
  timings: Record<string, number>;
  requestId?: string;
  executionProvider?: string;
  warnings: string[];
  /** Whether a path was used (clips start where the path says, not under the character). */
  withPath: boolean;
}

/** A sample kept as a named AnimationGroup. */
export interface KeptView {
  name: string;
  group: AnimationGroup;
  /** The MMCP GLB it came from, when known. */
  bytes: Uint8Array | null;
}

/** A generation in flight. */
export interface RunningState {
  startedAt: number;
  progress: GenerateProgress | null;
}

/** Everything the pane shows. */
export interface EditorState {
  backend: BackendConfig;
  connection: ConnectionState;
  character: CharacterState;
  timeline: TimelineItem[];
  options: AuthoredOptions;
  path: ScenePoint[];
  drawingPath: boolean;
  running: RunningState | null;
  generation: GenerationView | null;
  preview: number | null;
  kept: KeptView[];
  cacheEnabled: boolean;
  cacheEntries: CacheEntryMeta[];
  /** The error shown in the pane (server code and message), until dismissed or the next success. */
  error: MmcpError | null;
  /** A short success note (e.g. "Exported walk.glb"). */
  notice: string | null;
}
