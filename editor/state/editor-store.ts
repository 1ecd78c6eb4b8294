/**
 * `MotionEditorStore`: the pane's state and actions, independent of React. One store per scene
 * (see {@link storeForScene}), so closing and reopening the Inspector keeps what the user
 * authored. Generation goes through the facade (`MotionGenerator` / `MotionActor.generate`);
 * the {@link EditorBackend} decorator adds gaps and the options the facade does not take.
 * A failed request sets {@link EditorState.error} and leaves the timeline, options and path as
 * they were.
 * @packageDocumentation
 */
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { MotionBackend } from '../../src/backend.js';
import { bindCharacter } from '../../src/babylon/bind.js';
import { createAnimationGroup } from '../../src/babylon/animation-group.js';
import { retargetClip } from '../../src/babylon/retarget.js';
import { MotionGenerator } from '../../src/babylon/facade/generator.js';
import type { MotionActor } from '../../src/babylon/facade/actor.js';
import { shiftClipStart, toMmcpError } from '../../src/babylon/facade/support.js';
import type { SegmentInput } from '../../src/babylon/facade/types.js';
import type { ScenePoint } from '../../src/babylon/facade/world-space.js';
import { ClipCache } from '../../src/cache/clip-cache.js';
import { withCache } from '../../src/cache/with-cache.js';
import { LocalBackend } from '../../src/local/local-backend.js';
import { parseMotionDocument } from '../../src/motion/parse.js';
import { MmcpError } from '../../src/protocol/errors.js';
import { effectiveSupportedSegments, supportedConstraints } from '../../src/protocol/capabilities.js';
import { secondsToFrames } from '../../src/protocol/timeline.js';
import type { ModelSpec } from '../../src/protocol/types.js';
import { RemoteBackend } from '../../src/remote/remote-backend.js';
import { candidateForEntity, findCharacters, type CharacterCandidate } from './characters.js';
import { EditorBackend } from './editor-backend.js';
import { captureRestPose, downloadBytes, exportFileName, exportGroupGlb, type RestPose } from './export.js';
import { materialiseGroup } from './materialise.js';
import { findGround, PathTool } from './path-tool.js';
import type { AuthoredOptions, BackendConfig, EditorState, KeptView, MotionEditorOptions, TimelineItem } from './types.js';

/** Default local model package (served next to the app). */
export const DEFAULT_LOCAL_MODEL = '/models/bn-motion-small/';

const stores = new WeakMap<Scene, MotionEditorStore>();

/** The scene's editor store (created on first use with `options`; later options are ignored). */
export function storeForScene(scene: Scene, options: MotionEditorOptions = {}): MotionEditorStore {
  let s = stores.get(scene);
  if (!s) {
    s = new MotionEditorStore(scene, options);
    stores.set(scene, s);
    scene.onDisposeObservable.addOnce(() => { s!.dispose(); stores.delete(scene); });
  }
  return s;
}

/** A licence string that forbids commercial use (`CC-BY-NC-4.0`, "non-commercial" …). */
export function isNonCommercial(license: unknown): boolean {
  return typeof license === 'string' && /(^|[^a-z])nc([^a-z]|$)|non-?commercial/i.test(license);
}

/** The editor's state and actions for one scene. */
export class MotionEditorStore {
  private state: EditorState;
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private generator: MotionGenerator | null = null;
  private editorBackend: EditorBackend | null = null;
  private actor: MotionActor | null = null;
  private rest: RestPose | null = null;
  private abort: AbortController | null = null;
  private readonly cache: ClipCache | null;
  private readonly pathTool: PathTool;
  private connectSeq = 0;

  constructor(
    /** The scene the pane edits. */
    readonly scene: Scene,
    private readonly options: MotionEditorOptions = {},
  ) {
    this.cache = options.cache === false ? null : (options.cache ?? new ClipCache());
    const backend: BackendConfig = {
      kind: options.backend ? 'custom' : options.remoteUrl ? 'remote' : 'local',
      localModel: options.localModel ?? DEFAULT_LOCAL_MODEL,
      remoteUrl: options.remoteUrl ?? '',
      remoteToken: options.remoteToken ?? '',
    };
    this.state = {
      backend,
      connection: { status: 'idle' },
      character: { id: null, followSelection: false, overrides: {}, rig: null, missingForModel: [], bound: false },
      timeline: [{ id: this.nextId++, kind: 'text', prompt: 'a person walks forward', seconds: 3 }],
      options: { seed: 1, samples: 2, loop: false, transitionFrames: null, diffusionSteps: null },
      path: [],
      drawingPath: false,
      running: null,
      generation: null,
      preview: null,
      kept: [],
      cacheEnabled: this.cache !== null,
      cacheEntries: [],
      error: null,
      notice: null,
    };
    this.pathTool = new PathTool(scene, findGround(scene, options.ground), (p) => this.addPathPoint(p));
  }

  // ---- subscription (React: useSyncExternalStore) ----

  /** Current state (a new object after every change). */
  getState = (): EditorState => this.state;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<EditorState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  private fail(err: unknown): MmcpError {
    const error = toMmcpError(err);
    this.set({ error, notice: null });
    return error;
  }

  /** Hides the error bar. */
  dismissError(): void {
    this.set({ error: null });
  }

  // ---- backend ----

  /** The model spec in use, or null before connecting. */
  get spec(): ModelSpec | null {
    const c = this.state.connection;
    return c.capabilities?.models.find((m) => m.id === c.modelId) ?? null;
  }

  /** Edits the backend configuration (takes effect on {@link connect}). */
  setBackendConfig(patch: Partial<BackendConfig>): void {
    this.set({ backend: { ...this.state.backend, ...patch } });
  }

  private async makeBackend(cfg: BackendConfig): Promise<MotionBackend> {
    if (cfg.kind === 'custom') {
      if (!this.options.backend) throw new MmcpError('invalid_request', 'No custom backend was given to the editor; choose the local model or a server.', {});
      return this.options.backend;
    }
    if (cfg.kind === 'remote') {
      if (!cfg.remoteUrl.trim()) throw new MmcpError('invalid_request', 'Enter the server URL (e.g. https://motion.example.com/mmcp).', { phase: 'capabilities' });
      return new RemoteBackend({ url: cfg.remoteUrl.trim(), ...(cfg.remoteToken ? { token: cfg.remoteToken } : {}) });
    }
    if (!cfg.localModel.trim()) throw new MmcpError('invalid_request', 'Enter the model package URL (folder with manifest.json).', { phase: 'load' });
    const local = new LocalBackend({ ...this.options.local, model: cfg.localModel.trim() });
    try {
      await local.ready();
    } catch (err) {
      local.dispose();
      throw err;
    }
    return local;
  }

  /** Connects to the configured backend and reads its models (keeps the timeline, options and path). */
  async connect(): Promise<void> {
    const seq = ++this.connectSeq;
    const cfg = this.state.backend;
    this.set({ connection: { status: 'connecting' }, error: null });
    try {
      const raw = await this.makeBackend(cfg);
      const wrapped = this.cache ? withCache(raw, this.cache) : raw;
      const backend = new EditorBackend(wrapped);
      const capabilities = await backend.capabilities();
      if (seq !== this.connectSeq) return;
      const prev = this.state.connection.modelId;
      const modelId = capabilities.models.find((m) => m.id === prev)?.id ?? capabilities.models[0]?.id;
      if (!modelId) throw new MmcpError('unknown_model', 'The backend advertises no model.', { phase: 'capabilities' });
      this.replaceBackend(backend);
      this.set({ connection: { status: 'ready', capabilities, modelId, backendId: backend.id } });
      await this.rebind();
      await this.refreshCache();
    } catch (err) {
      if (seq !== this.connectSeq) return;
      this.set({ connection: { status: 'error' } });
      this.fail(err);
    }
  }

  private replaceBackend(backend: EditorBackend): void {
    // The previous generator's actors go; its groups stay in the scene until a new generation
    // replaces the samples (kept groups are separate copies and never disposed here).
    for (const a of this.generator?.boundActors ?? []) a.dispose();
    const old = this.editorBackend;
    if (old && old.inner !== this.options.backend) void old.dispose();
    this.editorBackend = backend;
    this.generator = new MotionGenerator(this.scene, { backend, ...(this.state.connection.modelId ? { model: this.state.connection.modelId } : {}), ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}) });
    this.actor = null;
  }

  /** Picks another model of the backend. */
  async selectModel(modelId: string): Promise<void> {
    const c = this.state.connection;
    if (!c.capabilities?.models.some((m) => m.id === modelId) || !this.editorBackend) return;
    this.set({ connection: { ...c, modelId } });
    this.replaceBackend(this.editorBackend);
    await this.rebind();
  }

  // ---- character ----

  /** Characters found in the scene. */
  characters(): CharacterCandidate[] {
    return findCharacters(this.scene);
  }

  /** Binds the character with `id` (a {@link CharacterCandidate} id). */
  async selectCharacter(id: string | null): Promise<void> {
    if (id === this.state.character.id) return;
    this.rest?.restore();
    this.actor?.stop();
    this.set({ character: { ...this.state.character, id, overrides: {}, rig: null, bound: false, missingForModel: [] }, preview: null });
    await this.rebind();
  }

  /** Follow the Inspector's selection (called by the pane with the selected entity). */
  setFollowSelection(on: boolean): void {
    this.set({ character: { ...this.state.character, followSelection: on } });
  }

  /**
   * The Inspector selected `entity`; binds its character when following the selection. Returns
   * true when the selection belongs to a character (the pane then shows itself again).
   */
  async onSelection(entity: unknown): Promise<boolean> {
    if (!this.state.character.followSelection) return false;
    const c = candidateForEntity(this.characters(), entity);
    if (!c) return false;
    await this.selectCharacter(c.id);
    return true;
  }

  /** Sets (joint name) or clears (`undefined`) a role override; `null` unmaps the role. */
  async setOverride(role: string, joint: string | null | undefined): Promise<void> {
    const overrides = { ...this.state.character.overrides };
    if (joint === undefined) delete overrides[role];
    else overrides[role] = joint;
    this.set({ character: { ...this.state.character, overrides } });
    await this.rebind();
  }

  private candidate(): CharacterCandidate | null {
    const id = this.state.character.id;
    return this.characters().find((c) => c.id === id) ?? null;
  }

  /** Reads the character (joint map) and binds it to the generator when the model can drive it. */
  private async rebind(): Promise<void> {
    const cand = this.candidate();
    this.actor?.dispose();
    this.actor = null;
    if (!cand) {
      this.set({ character: { ...this.state.character, rig: null, bound: false, missingForModel: [] } });
      return;
    }
    const overrides = this.state.character.overrides;
    let rig = null;
    try {
      rig = bindCharacter(cand.target, { overrides, allowPartial: true });
    } catch (err) {
      this.set({ character: { ...this.state.character, rig: null, bound: false, missingForModel: [] } });
      this.fail(err);
      return;
    }
    this.rest = captureRestPose(rig);
    this.set({ character: { ...this.state.character, rig, bound: false, missingForModel: [] } });
    const gen = this.generator;
    const spec = this.spec;
    if (!gen || !spec) return;
    try {
      const actor = await gen.bind(cand.target, { overrides, name: cand.label.split(' (')[0] });
      this.actor = actor;
      const missing = actor.requestSkeleton(spec).jointMap.missingOnCharacter;
      this.set({ character: { ...this.state.character, rig: actor.rig, bound: true, missingForModel: missing }, error: null });
    } catch (err) {
      this.fail(err);
    }
  }

  // ---- timeline, options, path ----

  /** Adds a text segment (or, when the model takes them, an unconditioned gap). */
  addItem(kind: 'text' | 'gap'): void {
    const item: TimelineItem = { id: this.nextId++, kind, prompt: kind === 'text' ? '' : '', seconds: kind === 'text' ? 2 : 1 };
    this.set({ timeline: [...this.state.timeline, item] });
  }

  /** Edits a timeline item. */
  updateItem(id: number, patch: Partial<Omit<TimelineItem, 'id'>>): void {
    this.set({ timeline: this.state.timeline.map((t) => (t.id === id ? { ...t, ...patch } : t)) });
  }

  /** Removes a timeline item. */
  removeItem(id: number): void {
    this.set({ timeline: this.state.timeline.filter((t) => t.id !== id) });
  }

  /** Moves an item up (-1) or down (+1). */
  moveItem(id: number, delta: -1 | 1): void {
    const t = [...this.state.timeline];
    const i = t.findIndex((x) => x.id === id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= t.length) return;
    [t[i], t[j]] = [t[j]!, t[i]!];
    this.set({ timeline: t });
  }

  /** Edits the generation options. */
  setOptions(patch: Partial<AuthoredOptions>): void {
    this.set({ options: { ...this.state.options, ...patch } });
  }

  /** Starts or stops drawing the root path by clicking on the ground. */
  setDrawingPath(on: boolean): void {
    this.pathTool.setActive(on);
    this.set({ drawingPath: on });
  }

  /** Adds a waypoint (scene coordinates). */
  addPathPoint(p: ScenePoint): void {
    const path = [...this.state.path, { x: p.x, y: p.y, z: p.z }];
    this.pathTool.draw(path);
    this.set({ path });
  }

  /** Removes the last waypoint. */
  undoPathPoint(): void {
    const path = this.state.path.slice(0, -1);
    this.pathTool.draw(path);
    this.set({ path });
  }

  /** Removes every waypoint. */
  clearPath(): void {
    this.pathTool.draw([]);
    this.set({ path: [] });
  }

  // ---- generate ----

  /** Whether the current model takes unconditioned segments / root paths / loops. */
  features(): { gaps: boolean; rootPath: boolean; loop: boolean; segmentSeed: boolean; maxSamples: number; maxSeconds: number; fps: number } {
    const spec = this.spec;
    if (!spec) return { gaps: false, rootPath: false, loop: false, segmentSeed: false, maxSamples: 1, maxSeconds: 10, fps: 30 };
    return {
      gaps: effectiveSupportedSegments(spec).includes('unconditioned'),
      rootPath: supportedConstraints(spec).includes('root_path'),
      loop: spec.supports_loop === true,
      segmentSeed: spec.supports_segment_seed === true,
      maxSamples: spec.limits.max_num_samples,
      maxSeconds: spec.limits.max_duration_seconds,
      fps: spec.fps,
    };
  }

  /** Generates the timeline on the character. Errors land in the pane; the authored state stays. */
  async generate(): Promise<void> {
    if (this.state.running) return;
    const s = this.state;
    const spec = this.spec;
    const backend = this.editorBackend;
    try {
      if (!spec || !backend || !this.generator) throw new MmcpError('invalid_request', 'Connect to a backend first (Backend section).', {});
      if (!this.actor) throw new MmcpError('invalid_request', s.character.rig ? 'The model cannot drive this character yet: map the missing roles in the joint map.' : 'Pick a character first (Character section).', {});
      const texts = s.timeline.filter((t) => t.kind === 'text');
      if (!texts.length) throw new MmcpError('invalid_request', 'Add at least one text segment to the timeline (e.g. "walk forward").', { phase: 'validate' });
      const segments: SegmentInput[] = texts.map((t) => ({ prompt: t.prompt, seconds: t.seconds }));
      const order = s.timeline.map((t) => (t.kind === 'text' ? ('text' as const) : secondsToFrames(t.seconds, spec.fps)));
      backend.extras = {
        order,
        ...(s.options.transitionFrames !== null ? { transitionFrames: s.options.transitionFrames } : {}),
        ...(s.options.diffusionSteps !== null ? { diffusionSteps: s.options.diffusionSteps } : {}),
      };
      backend.last = null;
      this.abort = new AbortController();
      this.set({ running: { startedAt: performance.now(), progress: null }, error: null, notice: null });
      const res = await this.actor.generate({
        segments,
        samples: s.options.samples,
        ...(s.options.seed !== null ? { seed: s.options.seed } : {}),
        loop: s.options.loop,
        ...(s.path.length ? { path: s.path } : {}),
        name: texts.map((t) => t.prompt).join(', ').slice(0, 40),
        signal: this.abort.signal,
        onProgress: (progress) => this.set({ running: { ...(this.state.running ?? { startedAt: performance.now() }), progress } }),
      });
      this.actor.stop();
      for (const sample of this.state.generation?.samples ?? []) sample.group.dispose();
      const last = backend.last as { result: { bytes: Uint8Array; requestId?: string } } | null;
      this.set({
        generation: {
          samples: res.groups.map((group, index) => ({ index, group, frames: res.clips[index]?.frameCount ?? 0, seconds: (res.clips[index]?.frameCount ?? 0) / (res.clips[index]?.fps || spec.fps) })),
          document: res.document,
          bytes: last?.result.bytes ?? null,
          request: res.request,
          model: res.model,
          cached: res.cached,
          timings: { ...res.timings },
          ...(last?.result.requestId ? { requestId: last.result.requestId } : {}),
          ...(res.executionProvider ? { executionProvider: res.executionProvider } : {}),
          warnings: res.warnings,
          withPath: s.path.length > 0,
        },
        preview: null,
      });
      await this.refreshCache();
    } catch (err) {
      this.fail(err);
    } finally {
      if (backend) backend.extras = null;
      this.abort = null;
      if (this.state.running) this.set({ running: null });
    }
  }

  /** Cancels the generation in flight. */
  cancel(): void {
    this.abort?.abort();
  }

  // ---- samples ----

  /** Plays sample `index` on the character (looping); `null` stops. */
  preview(index: number | null): void {
    const g = this.state.generation;
    if (!this.actor) return;
    if (index === null || !g?.samples[index]) {
      this.actor.stop();
      this.rest?.restore();
      this.set({ preview: null });
      return;
    }
    this.actor.play(g.samples[index].group, { loop: true, crossFadeSeconds: 0.2 });
    this.set({ preview: index });
  }

  /** Keeps sample `index` as a named AnimationGroup in the scene (a keyed copy; returns it). */
  keep(index: number, name: string): AnimationGroup {
    const g = this.state.generation;
    const sample = g?.samples[index];
    if (!g || !sample) throw this.fail(new MmcpError('invalid_request', `There is no sample ${index + 1} to keep.`, {}));
    const clean = name.trim() || `${sample.group.name}`;
    if (this.scene.animationGroups.some((a) => a.name === clean && a.metadata?.mmcpKept)) throw this.fail(new MmcpError('invalid_request', `A kept animation is already named "${clean}"; choose another name.`, {}));
    const group = materialiseGroup(sample.group, clean, this.scene, this.state.options.loop);
    const kept: KeptView = { name: clean, group, bytes: g.bytes };
    this.set({ kept: [...this.state.kept, kept], notice: `Kept "${clean}" (${group.targetedAnimations.length} animations) in the scene.`, error: null });
    return group;
  }

  /** Plays a kept group on the character. */
  playKept(name: string): void {
    const k = this.state.kept.find((x) => x.name === name);
    if (k && this.actor) this.actor.play(k.group, { loop: true });
  }

  /** Removes a kept group from the scene. */
  removeKept(name: string): void {
    const k = this.state.kept.find((x) => x.name === name);
    if (!k) return;
    if (this.actor?.currentGroup === k.group) this.actor.stop();
    k.group.dispose();
    this.set({ kept: this.state.kept.filter((x) => x !== k) });
  }

  /** Exports a kept group as `.glb` (Babylon serializer); downloads it unless `download` is false. Returns the bytes. */
  async exportKept(name: string, download = true): Promise<Uint8Array | null> {
    const k = this.state.kept.find((x) => x.name === name);
    if (!k) return null;
    try {
      const root = (this.candidate()?.target as Node | undefined) ?? null;
      this.actor?.stop();
      const bytes = await exportGroupGlb(this.scene, k.group, root && typeof (root as Node).getChildren === 'function' ? root : null, this.rest);
      const file = exportFileName(k.name);
      if (download) downloadBytes(bytes, file);
      this.set({ notice: `Exported ${file} (${(bytes.byteLength / 1024).toFixed(1)} KiB).` });
      return bytes;
    } catch (err) {
      this.fail(err);
      return null;
    }
  }

  /** Downloads the MMCP response GLB a kept group came from (parses with `parseMotionDocument`). */
  exportKeptMmcp(name: string): Uint8Array | null {
    const k = this.state.kept.find((x) => x.name === name);
    if (!k?.bytes) {
      this.fail(new MmcpError('export_failed', `No MMCP document is known for "${name}".`, {}));
      return null;
    }
    const file = exportFileName(k.name, '.mmcp');
    downloadBytes(k.bytes, file);
    this.set({ notice: `Exported ${file} (${(k.bytes.byteLength / 1024).toFixed(1)} KiB).` });
    return k.bytes;
  }

  // ---- cache library ----

  /** Re-reads the cache entries. */
  async refreshCache(): Promise<void> {
    if (!this.cache) return;
    try {
      const entries = await this.cache.list();
      entries.sort((a, b) => b.lastUsed - a.lastUsed);
      this.set({ cacheEntries: entries });
    } catch (err) {
      this.fail(err);
    }
  }

  /** Deletes a cache entry. */
  async deleteCached(key: string): Promise<void> {
    if (!this.cache) return;
    try {
      await this.cache.delete(key);
    } catch (err) {
      this.fail(err);
    }
    await this.refreshCache();
  }

  /** Replays a cached clip on the character: its samples become the current samples. */
  async replayCached(key: string): Promise<void> {
    try {
      if (!this.cache) return;
      const rig = this.actor?.rig;
      if (!rig || !this.actor) throw new MmcpError('invalid_request', 'Pick a character first (Character section).', {});
      const rec = await this.cache.get(key);
      if (!rec) throw new MmcpError('not_found', 'This entry is no longer in the cache.', {});
      const document = parseMotionDocument(rec.bytes);
      const withPath = (rec.request?.constraints ?? []).some((c) => c.type === 'root_path');
      this.actor.stop();
      for (const sample of this.state.generation?.samples ?? []) sample.group.dispose();
      const samples = document.clips.map((raw, index) => {
        const clip = withPath ? raw : shiftClipStart(raw, document.skeleton);
        const r = retargetClip(clip, document.skeleton, rig, { rootMotion: 'generated' });
        const group = createAnimationGroup(r, rig, this.scene, { name: `${rec.meta.summary.slice(0, 40)} #${index}`, loop: true });
        return { index, group, frames: raw.frameCount, seconds: raw.frameCount / raw.fps };
      });
      this.set({
        generation: {
          samples, document, bytes: rec.bytes, request: rec.request ?? { protocol_version: '1.3', model: rec.meta.model, skeleton: { joints: [] } },
          model: rec.meta.model, cached: true, timings: { total: 0 }, ...(rec.meta.requestId ? { requestId: rec.meta.requestId } : {}), warnings: [], withPath,
        },
        preview: null,
        error: null,
      });
      this.preview(0);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Stops drawing, removes markers and releases the backend (kept groups stay in the scene). */
  dispose(): void {
    this.abort?.abort();
    this.pathTool.dispose();
    for (const a of this.generator?.boundActors ?? []) a.dispose();
    const b = this.editorBackend;
    if (b && b.inner !== this.options.backend) void b.dispose();
    this.listeners.clear();
  }
}
