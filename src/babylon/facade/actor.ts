/**
 * `MotionActor`: one bound character. Generates motion for it (AnimationGroups on its own nodes)
 * and plays them with cross-fades and optional root motion.
 * @packageDocumentation
 */
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import { Animation } from '@babylonjs/core/Animations/animation.pure.js';
import type { Observer } from '@babylonjs/core/Misc/observable.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { FootContacts, MotionClip } from '../../motion/types.js';
import { clipInPlace } from '../../motion/ops/in-place.js';
import { MmcpError } from '../../protocol/errors.js';
import type { ModelSpec } from '../../protocol/types.js';
import type { CharacterRig } from '../bind.js';
import { createAnimationGroup } from '../animation-group.js';
import type { RequestSkeleton } from '../request-skeleton.js';
import { buildGenerateRequest } from './request.js';
import { clipTravel, RootMotionDriver, type ClipTravel } from './root-motion.js';
import { retargetInSlices } from './slices.js';
import { nextAnimationFrame, type SliceBudget } from './frame-budget.js';
import { clipStartPivot, estimateScale, shiftClipStart, toMmcpError } from './support.js';
import type { GeneratedMotion, GenerateMotionOptions, PlayOptions } from './types.js';
import { characterFrame, characterToWorldMatrix, type CharacterFrame } from './world-space.js';
import type { MotionGenerator } from './generator.js';

/** Frames in the first retargeting slice (a 10-frame slice of an 84-joint rig takes about a millisecond on a desktop). */
const SLICE_FRAMES = 10;

/** What the actor remembers about a group it built (for root motion). */
interface GroupInfo {
  travel?: ClipTravel;
  /** Turning centre of the travel, character space. */
  center: [number, number];
  scale: number;
}

interface Fade {
  from: AnimationGroup[];
  to: AnimationGroup;
  seconds: number;
  elapsed: number;
}

/** A character bound to a {@link MotionGenerator}; create it with `generator.bind(...)`. */
export class MotionActor {
  /** Groups this actor built, with their root-motion facts. */
  private readonly info = new WeakMap<AnimationGroup, GroupInfo>();
  private current: AnimationGroup | null = null;
  private driver: RootMotionDriver | null = null;
  private fade: Fade | null = null;
  private beforeObserver: Observer<Scene> | null;
  private afterObserver: Observer<Scene> | null;
  private readonly skeletons = new Map<string, RequestSkeleton>();
  private disposed = false;

  /** @internal Use `generator.bind()`. */
  constructor(
    /** The generator that made this actor. */
    readonly generator: MotionGenerator,
    /** The character as read from the scene (joints, humanoid roles, rest pose). */
    readonly rig: CharacterRig,
    /** A name for logs and group names. */
    readonly name: string,
  ) {
    const scene = generator.scene;
    this.beforeObserver = scene.onBeforeAnimationsObservable.add(() => this.stepFade());
    this.afterObserver = scene.onAfterAnimationsObservable.add(() => this.driver?.update());
  }

  /** The Babylon scene. */
  get scene(): Scene {
    return this.generator.scene;
  }

  /** The node that carries the character in the scene (the loader's `__root__`), or null for rigs read in world space. */
  get anchor(): TransformNode | null {
    return (this.rig.top as TransformNode | null) ?? null;
  }

  /** The group playing now (the target of the latest {@link play}), or null. */
  get currentGroup(): AnimationGroup | null {
    return this.current;
  }

  /** The request skeleton for a model (the canonical one verbatim unless the model retargets). */
  requestSkeleton(spec: ModelSpec): RequestSkeleton {
    let s = this.skeletons.get(spec.id);
    if (!s) {
      s = this.generator.requestSkeletonFor(this.rig, spec);
      this.skeletons.set(spec.id, s);
    }
    return s;
  }

  /**
   * The frame scene coordinates are converted through for a model: character space → world, the
   * ground point where clips start, and the unit scale. See `world-space.ts`.
   */
  frameFor(spec: ModelSpec): CharacterFrame {
    const req = this.requestSkeleton(spec);
    const scale = req.retargeted ? 1 : estimateScale(this.rig, spec);
    const pivot = clipStartPivot(this.rig, req, spec, scale);
    return characterFrame(characterToWorldMatrix(this.rig.top, this.scene.useRightHandedSystem), pivot, scale);
  }

  /**
   * Generates motion for this character: one AnimationGroup per sample on its own nodes, not
   * started. Fires the generator's observables. Errors are `MmcpError`s with an actionable
   * message (bad options, a prompt the model does not understand, an unreachable server …).
   */
  async generate(options: GenerateMotionOptions): Promise<GeneratedMotion> {
    const gen = this.generator;
    const t0 = performance.now();
    try {
      if (this.disposed) throw new MmcpError('invalid_request', `Actor "${this.name}" was disposed; bind the character again.`, {});
      const spec = await gen.modelSpec(options.signal);
      const req = this.requestSkeleton(spec);
      const frame = this.frameFor(spec);
      const plan = buildGenerateRequest({ options, spec, skeleton: req.skeleton, frame });
      gen.onGenerateStartedObservable.notifyObservers({ actor: this, request: plan.request });
      const callOptions: Parameters<typeof gen.backend.generate>[1] = {
        onProgress: (progress) => {
          options.onProgress?.(progress);
          gen.onProgressObservable.notifyObservers({ actor: this, progress });
        },
      };
      if (options.signal) callOptions.signal = options.signal;
      if (gen.timeoutMs !== undefined) callOptions.timeoutMs = gen.timeoutMs;
      const res = await gen.backend.generate(plan.request, callOptions);
      let buildMs = 0;
      const doc = res.document;
      const groups: AnimationGroup[] = [];
      const contacts: FootContacts[] = [];
      const baseName = (options.name ?? options.prompt ?? options.segments?.map((s) => s.prompt).join(', ') ?? 'motion').slice(0, 60);
      const rootName = doc.skeleton.names[Array.from(doc.skeleton.parents).indexOf(-1)] ?? doc.skeleton.names[0]!;
      for (const [i, raw] of doc.clips.entries()) {
        // One sample per frame: building never holds a frame for more than one clip.
        if (i > 0) await nextAnimationFrame();
        const rootIndex = Math.max(0, raw.jointNames.indexOf(rootName));
        // Without a path, start the clip under the character (servers need not start at the origin).
        const clip: MotionClip = options.path ? raw : shiftClipStart(raw, doc.skeleton);
        let played = clip;
        let travel: ClipTravel | undefined;
        if (options.inPlace) {
          played = clipInPlace(clip, {}, rootIndex);
          travel = clipTravel(clip, played);
        }
        // Retarget in slices that share the generator's per-frame budget with every other clip being
        // built, so neither a long clip on a big rig nor many clips at once hold a frame.
        const budget: SliceBudget = {
          acquire: () => gen.frameBudget.acquire(),
          release: (ms) => {
            buildMs += ms;
            gen.frameBudget.release(ms);
          },
        };
        const r = await retargetInSlices(played, doc.skeleton, this.rig, { rootMotion: 'generated' }, SLICE_FRAMES, nextAnimationFrame, { budget });
        // Building the group (one Animation per joint track) takes a slice of the budget too.
        await budget.acquire();
        const tb = performance.now();
        let group: AnimationGroup;
        try {
          group = createAnimationGroup(r, this.rig, this.scene, { name: `${baseName} #${i}`, loop: options.loop ?? false });
        } finally {
          budget.release(performance.now() - tb);
        }
        const pivot = clipStartPivot(this.rig, req, spec, r.scale, doc.skeleton);
        const info: GroupInfo = { center: travel ? [pivot[0] + r.scale * travel.start[0], pivot[1] + r.scale * travel.start[1]] : pivot, scale: r.scale };
        if (travel) info.travel = travel;
        this.info.set(group, info);
        gen.track(group);
        groups.push(group);
        contacts.push(r.footContacts ?? {});
      }
      const now = performance.now();
      const result: GeneratedMotion = {
        groups,
        clips: doc.clips,
        document: doc,
        contacts,
        timings: { ...res.timings, backend: res.timings.total, build: buildMs, total: now - t0 },
        cached: res.cached ?? false,
        model: res.model,
        warnings: plan.warnings,
        request: plan.request,
      };
      if (res.executionProvider) result.executionProvider = res.executionProvider;
      gen.onGeneratedObservable.notifyObservers({ actor: this, result });
      return result;
    } catch (err) {
      const error = toMmcpError(err);
      gen.onErrorObservable.notifyObservers({ actor: this, error });
      throw error;
    }
  }

  /**
   * Plays `group` on this character, cross-fading from what plays now (weights ramp over
   * `crossFadeSeconds`, default 0.25 s). With `rootMotion` and a group built `inPlace`, the
   * character is moved by the clip's travel; it stays where the clip leaves it.
   */
  play(group: AnimationGroup, options: PlayOptions = {}): AnimationGroup {
    if (this.disposed) throw new MmcpError('invalid_request', `Actor "${this.name}" was disposed.`, {});
    const fadeSeconds = Math.max(0, options.crossFadeSeconds ?? 0.25);
    const loop = options.loop ?? group.loopAnimation;
    const previous = this.current && this.current !== group ? this.current : null;
    const fading = this.fade ? this.fade.from.filter((g) => g !== group) : [];
    if (previous) fading.push(previous);
    this.driver = null; // keep the node where the previous clip left it
    this.fade = null;
    if (fading.length && fadeSeconds > 0) {
      for (const g of fading) if (g.weight < 0) g.weight = 1;
      group.weight = 0;
      this.fade = { from: fading, to: group, seconds: fadeSeconds, elapsed: 0 };
    } else {
      for (const g of fading) { g.stop(); g.weight = -1; }
      group.weight = -1;
    }
    if (group.isPlaying) group.stop();
    // The group's loop flag only restarts it; each animation's own loop mode decides whether it cycles or holds.
    const mode = loop ? Animation.ANIMATIONLOOPMODE_CYCLE : Animation.ANIMATIONLOOPMODE_CONSTANT;
    for (const ta of group.targetedAnimations) ta.animation.loopMode = mode;
    group.start(loop, options.speedRatio ?? 1, group.from, group.to);
    this.current = group;
    const info = this.info.get(group);
    if (options.rootMotion) {
      const anchor = this.anchor;
      if (!info?.travel) throw new MmcpError('invalid_request', 'rootMotion needs a group generated with { inPlace: true } by this actor.', {});
      if (!anchor) throw new MmcpError('invalid_request', `Character "${this.name}" has no top node (loader "__root__") to move; bind the loaded character's root node for root motion.`, {});
      const driver = new RootMotionDriver(anchor, info.travel, info.center, info.scale, () => (group.isStarted ? group.getCurrentFrame() : null));
      // A clip that ends (no loop) leaves the character where its travel ends.
      group.onAnimationGroupEndObservable.addOnce(() => { if (this.driver === driver) driver.finish(); });
      this.driver = driver;
    }
    return group;
  }

  /** Stops whatever this actor plays (the character keeps its current place). */
  stop(): void {
    this.driver = null;
    for (const g of this.fade?.from ?? []) { g.stop(); g.weight = -1; }
    this.fade = null;
    this.current?.stop();
    this.current = null;
  }

  /** Disposes the actor's observers (its groups belong to the scene / generator). */
  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    this.scene.onBeforeAnimationsObservable.remove(this.beforeObserver);
    this.scene.onAfterAnimationsObservable.remove(this.afterObserver);
    this.beforeObserver = this.afterObserver = null;
    this.generator.forget(this);
  }

  private stepFade(): void {
    const f = this.fade;
    if (!f) return;
    f.elapsed += this.scene.getEngine().getDeltaTime() / 1000;
    const w = Math.min(1, f.elapsed / f.seconds);
    f.to.weight = w;
    for (const g of f.from) g.weight = 1 - w;
    if (w >= 1) {
      for (const g of f.from) { g.stop(); g.weight = -1; }
      f.to.weight = -1;
      this.fade = null;
    }
  }
}
