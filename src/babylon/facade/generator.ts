/**
 * `MotionGenerator`: the entry point. One per scene and backend; binds characters into
 * {@link MotionActor}s and reports every generation through Babylon observables.
 * @packageDocumentation
 */
import { keepSkinnedMeshesVisible } from './keep-visible.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import { Observable } from '@babylonjs/core/Misc/observable.pure.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { MotionBackend, WarmUpReport } from '../../backend.js';
import { pickModel } from '../../protocol/capabilities.js';
import { MmcpError } from '../../protocol/errors.js';
import type { Capabilities, ModelSpec } from '../../protocol/types.js';
import { bindCharacter, type BindOptions, type CharacterRig } from '../bind.js';
import { buildRequestSkeleton, type RequestSkeleton } from '../request-skeleton.js';
import { MotionActor } from './actor.js';
import { FrameBudget, nextAnimationFrame } from './frame-budget.js';
import { toMmcpError } from './support.js';
import type { GeneratedEvent, GenerateErrorEvent, GenerateProgressEvent, GenerateStartedEvent, MotionGeneratorOptions } from './types.js';

/** Options for {@link MotionGenerator.bind}. */
export interface BindActorOptions extends BindOptions {
  /** A name for logs and group names (default: the node's name). */
  name?: string;
  /**
   * Keep the character's skinned meshes out of frustum culling (default true). Generated root
   * motion walks the skeleton away from the bounding box Babylon computed at load, so without this a
   * character that walks off disappears once the camera no longer sees where it started. Pass
   * `false` if you refresh bounding boxes yourself.
   */
  keepVisible?: boolean;
}

/**
 * Turns words into motion on your characters.
 *
 * ```ts
 * const generator = new MotionGenerator(scene, { backend });
 * const actor = await generator.bind(container.rootNodes[0]);
 * const { groups } = await actor.generate({ prompt: 'a person waves', seconds: 3, seed: 1 });
 * actor.play(groups[0]);
 * ```
 *
 * Groups it builds belong to the scene (in `scene.animationGroups`); {@link dispose} disposes them
 * and its actors, never the backend you passed in.
 */
export class MotionGenerator {
  /** A generation started (the request is final). */
  readonly onGenerateStartedObservable = new Observable<GenerateStartedEvent>();
  /** Progress of a generation (queued, model steps, download …). */
  readonly onProgressObservable = new Observable<GenerateProgressEvent>();
  /** A generation finished; its groups are built. */
  readonly onGeneratedObservable = new Observable<GeneratedEvent>();
  /** A generation or a bind failed. */
  readonly onErrorObservable = new Observable<GenerateErrorEvent>();

  /** The motion source. */
  readonly backend: MotionBackend;
  /**
   * Main-thread time per animation frame that building generated clips may take, shared by all
   * actors of this generator (retargeting slices and group builds queue for it): 3 ms.
   */
  readonly frameBudget = new FrameBudget(3, nextAnimationFrame);
  /** Per-generation deadline in ms (backend default when undefined). */
  readonly timeoutMs: number | undefined;
  private readonly wantedModel: string | undefined;
  private capabilities: Promise<Capabilities> | null = null;
  private readonly actors = new Set<MotionActor>();
  private readonly groups = new Set<AnimationGroup>();
  private disposed = false;

  /**
   * @param scene the scene your characters live in
   * @param options the backend (local, remote, or cached) and an optional model id
   */
  constructor(
    readonly scene: Scene,
    options: MotionGeneratorOptions,
  ) {
    if (!options?.backend || typeof options.backend.generate !== 'function') {
      throw new MmcpError('invalid_request', 'new MotionGenerator(scene, { backend }) needs a backend: a LocalBackend, a RemoteBackend, or one wrapped by withCache().', {});
    }
    this.backend = options.backend;
    this.wantedModel = options.model;
    this.timeoutMs = options.timeoutMs;
  }

  /** The model this generator uses (fetched once from the backend's capabilities). */
  async modelSpec(signal?: AbortSignal): Promise<ModelSpec> {
    if (this.disposed) throw new MmcpError('invalid_request', 'This MotionGenerator was disposed.', {});
    if (!this.capabilities) {
      this.capabilities = this.backend.capabilities(signal);
      this.capabilities.catch(() => { this.capabilities = null; });
    }
    const caps = await this.capabilities;
    const spec = pickModel(caps, this.wantedModel ?? null);
    if (!spec) {
      const ids = caps.models.map((m) => m.id).join(', ') || 'none';
      throw new MmcpError('unknown_model', this.wantedModel ? `The backend has no model "${this.wantedModel}" (it has: ${ids}).` : `The backend advertises no model (models: ${ids}).`, { phase: 'capabilities' });
    }
    return spec;
  }

  /**
   * Warms the backend up while your game loads: the local backend runs a walk along a root path, an
   * action and a two-segment clip once and discards them, so the browser compiles the model's code
   * before play instead of during the first generations (which otherwise come with a burst of
   * background compilation that can stall frames on machines with few cores). Nothing is cached.
   * Resolves with the backend's report, or `undefined` when the backend has nothing to warm up (a
   * remote server).
   *
   * ```ts
   * const generator = new MotionGenerator(scene, { backend });
   * await generator.warmUp(); // behind your loading screen
   * ```
   */
  async warmUp(options: { signal?: AbortSignal; rounds?: number } = {}): Promise<WarmUpReport | undefined> {
    if (this.disposed) throw new MmcpError('invalid_request', 'This MotionGenerator was disposed.', {});
    return this.backend.warmUp?.(options);
  }

  /**
   * Binds a character: the loader's `__root__` (or any node above the rig), a skinned mesh, or a
   * `Skeleton`. Throws `MmcpError` `not_humanoid` naming the missing roles (fix with `overrides`).
   */
  async bind(character: Node | Skeleton, options: BindActorOptions = {}): Promise<MotionActor> {
    if (this.disposed) throw new MmcpError('invalid_request', 'This MotionGenerator was disposed.', {});
    const { name, keepVisible = true, ...bindOptions } = options;
    const label = name ?? (character as { name?: string }).name ?? 'character';
    let rig: CharacterRig;
    try {
      rig = bindCharacter(character, bindOptions);
      // Fail at bind time, not at the first generation, when the model cannot drive this rig.
      const spec = await this.modelSpec();
      this.requestSkeletonFor(rig, spec);
    } catch (err) {
      const base = toMmcpError(err);
      const error = new MmcpError(base.code, `Cannot bind "${label}": ${base.message}`, { details: base.details, phase: base.phase, cause: base });
      this.onErrorObservable.notifyObservers({ actor: null, error });
      throw error;
    }
    if (keepVisible) keepSkinnedMeshesVisible(character);
    const actor = new MotionActor(this, rig, label);
    this.actors.add(actor);
    return actor;
  }

  /** @internal The request skeleton for a rig and a model (throws when the model cannot drive it). */
  requestSkeletonFor(rig: CharacterRig, spec: ModelSpec): RequestSkeleton {
    const req = buildRequestSkeleton(rig, spec);
    const missing = req.jointMap.missingOnCharacter.filter((r) => ['hips', 'leftUpperLeg', 'rightUpperLeg', 'leftLowerLeg', 'rightLowerLeg', 'spine'].includes(r));
    if (!req.retargeted && missing.length) {
      throw new MmcpError('not_humanoid', `model "${spec.id}" needs the roles ${missing.join(', ')}, which this character lacks; map them with the overrides option (role → joint name).`, { details: { missing } });
    }
    return req;
  }

  /** @internal Records a group this generator built (disposed with it). */
  track(group: AnimationGroup): void {
    this.groups.add(group);
  }

  /** @internal */
  forget(actor: MotionActor): void {
    this.actors.delete(actor);
  }

  /** The actors bound and not disposed. */
  get boundActors(): MotionActor[] {
    return [...this.actors];
  }

  /** Disposes the actors and every AnimationGroup this generator built (not the backend). */
  dispose(): void {
    if (this.disposed) return;
    for (const a of [...this.actors]) a.dispose();
    for (const g of [...this.groups]) g.dispose();
    this.groups.clear();
    this.disposed = true;
    this.onGenerateStartedObservable.clear();
    this.onProgressObservable.clear();
    this.onGeneratedObservable.clear();
    this.onErrorObservable.clear();
  }
}
