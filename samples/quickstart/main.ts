// Quickstart: one character, a prompt box, motion from words.
// The library calls are the ones in README.md; everything else is page plumbing.
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import '@babylonjs/core/Animations/animatable.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { GridMaterial } from '@babylonjs/materials/grid/gridMaterial.js';
import { MotionGenerator, type MotionActor, type GeneratedMotion } from '../../src/babylon/index.js';
import { isMmcpError } from '../../src/protocol/errors.js';
import { choiceFromLocation, createBackend, DEFAULT_MODEL_URL, type BackendChoice } from '../common/backend.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('c');
const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: true });
const scene = new Scene(engine);
scene.clearColor = new Color4(0.11, 0.13, 0.19, 1);
const camera = new ArcRotateCamera('camera', Math.PI / 2 - 0.6, 1.25, 4.2, new Vector3(0, 1, 0), scene);
camera.attachControl(canvas, true);
camera.lowerRadiusLimit = 1.5;
new HemisphericLight('sky', new Vector3(0, 1, 0), scene).intensity = 0.8;
const sun = new DirectionalLight('sun', new Vector3(-0.4, -1, 0.6), scene);
sun.intensity = 0.6;
const ground = CreateGround('ground', { width: 40, height: 40 }, scene);
const grid = new GridMaterial('grid', scene);
grid.mainColor = new Color3(0.2, 0.23, 0.3);
grid.lineColor = new Color3(0.45, 0.5, 0.62);
grid.gridRatio = 0.5;
grid.opacity = 0.99;
ground.material = grid;

const ui = {
  prompt: $<HTMLTextAreaElement>('prompt'),
  seconds: $<HTMLInputElement>('seconds'),
  seed: $<HTMLInputElement>('seed'),
  samples: $<HTMLInputElement>('samples-n'),
  go: $<HTMLButtonElement>('go'),
  progress: $<HTMLProgressElement>('progress'),
  status: $('status'),
  error: $('error'),
  samplesBox: $('samples'),
  remoteFields: $('remote-fields'),
  url: $<HTMLInputElement>('url'),
  token: $<HTMLInputElement>('token'),
  cache: $<HTMLInputElement>('cache'),
};

let generator: MotionGenerator | null = null;
let actor: MotionActor | null = null;
let lastResult: GeneratedMotion | null = null;
let executionProvider: string | undefined;
let busy = false;
let disposeBackend = (): void => {};

function showError(err: unknown): void {
  const text = isMmcpError(err) ? `${err.message}\n(code: ${err.code})` : err instanceof Error ? err.message : String(err);
  ui.error.textContent = text;
  console.warn('[quickstart]', text);
}

async function loadCharacter(): Promise<TransformNode> {
  const container = await LoadAssetContainerAsync('../assets/VALID_White_M_1_Casual_mixamorig.glb', scene, { pluginOptions: { gltf: { animationStartMode: 0 } } });
  container.addAllToScene();
  const skin = new StandardMaterial('skin', scene);
  skin.diffuseColor = new Color3(0.78, 0.66, 0.58);
  const cloth = new StandardMaterial('cloth', scene);
  cloth.diffuseColor = new Color3(0.15, 0.15, 0.2);
  for (const m of container.meshes as AbstractMesh[]) {
    if (!m.getTotalVertices()) continue;
    // One skinned body mesh plus eyes and teeth (the derived file has no textures).
    m.material = /eye|teeth|gland/i.test(m.name) ? cloth : skin;
    if (m.skeleton) m.skeleton.useTextureToStoreBoneMatrices = true;
  }
  return container.rootNodes.find((n) => n.name === '__root__') as TransformNode;
}

function currentChoice(): BackendChoice {
  const kind = (document.querySelector('input[name=backend]:checked') as HTMLInputElement).value as 'local' | 'remote';
  const base = choiceFromLocation();
  const choice: BackendChoice = { kind, url: kind === 'remote' ? ui.url.value.trim() : base.kind === 'local' ? base.url : DEFAULT_MODEL_URL, cache: ui.cache.checked };
  if (base.executionProvider) choice.executionProvider = base.executionProvider;
  if (kind === 'remote' && ui.token.value) choice.token = ui.token.value;
  return choice;
}

/** (Re)creates the generator for the chosen backend and binds the character. */
async function connect(): Promise<void> {
  ui.go.disabled = true;
  ui.error.textContent = '';
  generator?.dispose();
  disposeBackend();
  disposeBackend = () => {};
  generator = null;
  actor = null;
  try {
    const choice = currentChoice();
    ui.status.textContent = choice.kind === 'local' ? 'Loading the in-page model…' : `Connecting to ${choice.url}…`;
    const made = await createBackend(choice, (t) => (ui.status.textContent = t));
    executionProvider = made.executionProvider;
    disposeBackend = made.dispose;
    generator = new MotionGenerator(scene, { backend: made.backend });
    generator.onProgressObservable.add(({ progress }) => {
      if (!busy) return;
      ui.progress.hidden = false;
      if (progress.stage === 'step') ui.progress.value = progress.step / progress.steps;
      else if (progress.stage === 'queued') ui.status.textContent = 'Queued on the server…';
      else if (progress.stage === 'cache' && progress.hit) ui.status.textContent = 'From the clip cache.';
    });
    actor = await generator.bind(character, { name: 'VALID avatar' });
    const spec = await generator.modelSpec();
    ui.status.textContent = `Ready: model ${spec.id}${executionProvider ? ` on ${executionProvider}` : ''} (${spec.fps} fps, up to ${spec.limits.max_duration_seconds} s).`;
    ui.go.disabled = false;
  } catch (err) {
    ui.status.textContent = 'Not connected.';
    showError(err);
  }
  state.ready = actor !== null;
}

function pick(i: number): void {
  if (!lastResult || !actor) return;
  const group = lastResult.groups[i];
  if (!group) return;
  actor.play(group, { loop: true, crossFadeSeconds: 0.3 });
  ui.samplesBox.querySelectorAll('button').forEach((b, k) => b.classList.toggle('on', k === i));
  state.playing = i;
}

async function generate(): Promise<GeneratedMotion | null> {
  if (!actor) return null;
  ui.go.disabled = true;
  busy = true;
  ui.error.textContent = '';
  ui.progress.hidden = false;
  ui.progress.removeAttribute('value');
  ui.status.textContent = 'Generating…';
  const t0 = performance.now();
  try {
    const old = lastResult;
    const result = await actor.generate({
      prompt: ui.prompt.value,
      seconds: Number(ui.seconds.value),
      seed: Number(ui.seed.value),
      samples: Number(ui.samples.value),
    });
    const ms = performance.now() - t0;
    lastResult = result;
    ui.samplesBox.innerHTML = '';
    result.groups.forEach((_, i) => {
      const b = document.createElement('button');
      b.textContent = `Sample ${i + 1}`;
      b.onclick = () => pick(i);
      ui.samplesBox.append(b);
    });
    pick(0);
    // The previous result's groups are no longer offered: free them once the fade is over.
    if (old) setTimeout(() => old.groups.forEach((g) => g.dispose()), 1000);
    const ep = result.executionProvider ?? executionProvider;
    ui.status.textContent =
      `${result.groups.length} sample(s) in ${Math.round(ms)} ms` +
      `${result.cached ? ' (from cache)' : ep ? ` on ${ep}` : ' (remote)'}\n` +
      `model ${result.model}, build ${result.timings.build?.toFixed(1)} ms` +
      (result.warnings.length ? `\n${result.warnings.join('\n')}` : '');
    state.generations++;
    return result;
  } catch (err) {
    ui.status.textContent = 'Generation failed.';
    showError(err);
    return null;
  } finally {
    busy = false;
    ui.progress.hidden = true;
    ui.go.disabled = false;
  }
}

// Follow the character with the camera.
scene.onBeforeRenderObservable.add(() => {
  if (!actor) return;
  const hips = actor.rig.targets[actor.rig.humanoid.roles.hips!.joint] as TransformNode;
  const p = hips.getAbsolutePosition();
  // Frame-rate independent: closes ~95 % of the gap in 0.75 s, also at 10 fps on software GL.
  const k = 1 - Math.exp(-4 * Math.min(0.25, engine.getDeltaTime() / 1000));
  camera.target = Vector3.Lerp(camera.target, new Vector3(p.x, 1, p.z), k);
});

ui.go.onclick = () => void generate();
document.querySelectorAll<HTMLInputElement>('input[name=backend]').forEach((r) =>
  r.addEventListener('change', () => {
    ui.remoteFields.hidden = currentChoice().kind !== 'remote';
    if (currentChoice().kind === 'local') void connect();
  }),
);
ui.url.addEventListener('change', () => void connect());
ui.token.addEventListener('change', () => void connect());
ui.cache.addEventListener('change', () => void connect());

/** World positions of humanoid roles over the playing group, frame by frame (for tests and curious users). */
function trace(roles: string[], step = 1): { frames: number[]; positions: Record<string, [number, number, number][]> } {
  const group: AnimationGroup | null = actor?.currentGroup ?? null;
  if (!actor || !group) throw new Error('Nothing is playing.');
  const rig = actor.rig;
  const nodes = roles.map((r) => {
    const a = rig.humanoid.roles[r];
    if (!a) throw new Error(`Role ${r} is not mapped on this character.`);
    return rig.targets[a.joint] as TransformNode;
  });
  const wasPlaying = group.isPlaying;
  group.pause();
  const out: Record<string, [number, number, number][]> = Object.fromEntries(roles.map((r) => [r, []]));
  const frames: number[] = [];
  for (let f = group.from; f <= group.to; f += step) {
    group.goToFrame(f);
    frames.push(f);
    nodes.forEach((n, i) => {
      const chain: TransformNode[] = [];
      for (let k: TransformNode | null = n; k; k = k.parent as TransformNode | null) chain.unshift(k);
      for (const k of chain) k.computeWorldMatrix(true);
      const p = n.getAbsolutePosition();
      out[roles[i]!]!.push([p.x, p.y, p.z]);
    });
  }
  if (wasPlaying) group.play(true);
  return { frames, positions: out };
}

const state = {
  ready: false,
  generations: 0,
  playing: -1,
  /** Generates with the UI's current values after setting the given ones. */
  async generate(prompt: string, opts: { seconds?: number; seed?: number; samples?: number } = {}) {
    ui.prompt.value = prompt;
    if (opts.seconds !== undefined) ui.seconds.value = String(opts.seconds);
    if (opts.seed !== undefined) ui.seed.value = String(opts.seed);
    if (opts.samples !== undefined) ui.samples.value = String(opts.samples);
    const r = await generate();
    return r ? { samples: r.groups.length, cached: r.cached, executionProvider: r.executionProvider ?? executionProvider, ms: r.timings.total, warnings: r.warnings, error: null } : { error: ui.error.textContent };
  },
  trace,
  pick,
  /** Holds the playing group at `frame` (for screenshots). */
  freeze(frame: number) {
    const g = actor?.currentGroup;
    if (!g) return;
    g.pause();
    g.goToFrame(frame);
  },
  heading: () => (actor && generator ? generator.modelSpec().then((s) => actor!.frameFor(s)) : null),
  status: () => ui.status.textContent,
};
(window as unknown as { quickstart: typeof state }).quickstart = state;

const character = await loadCharacter();
engine.runRenderLoop(() => scene.render());
addEventListener('resize', () => engine.resize());
const initial = choiceFromLocation();
if (initial.kind === 'remote') {
  (document.querySelector('input[value=remote]') as HTMLInputElement).checked = true;
  ui.url.value = initial.url;
  ui.token.value = initial.token ?? '';
  ui.remoteFields.hidden = false;
}
ui.cache.checked = initial.cache;
await connect();
