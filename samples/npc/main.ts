// NPC crowd: 12 characters on two rigs walk between waypoints (root_path from scene coordinates,
// root motion) and do actions (cached: the same action request serves every NPC), with frame
// rate and generation stats. Generation runs in the model's worker; the scene keeps rendering.
// Generation can be paused (checkbox, or `npc.pause(true)`) to compare frame times without it.
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import { CreateCylinder } from '@babylonjs/core/Meshes/Builders/cylinderBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AssetContainer } from '@babylonjs/core/assetContainer.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import '@babylonjs/core/Animations/animatable.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { MotionGenerator, type MotionActor, type GeneratedMotion } from '../../src/babylon/index.js';
import { choiceFromLocation, createBackend } from '../common/backend.js';
import { FrameRecorder, type FrameStats } from './frame-stats.js';
import { mergeCharacterMeshes } from './merge-character.js';
import { FramePacer, isSoftwareRenderer } from '../common/frame-pacer.js';

/** URL switches: ?scale, ?fps, ?n, ?warmup, plus the backend ones read by choiceFromLocation(). */
const params = new URLSearchParams(location.search);
const canvas = document.getElementById('c') as HTMLCanvasElement;
const statsEl = document.getElementById('stats')!;
const engine = new Engine(canvas, false, { preserveDrawingBuffer: false, antialias: false, stencil: false });
// Render at half resolution (the sample must stay smooth on software GL too).
engine.setHardwareScalingLevel(Number(params.get('scale') ?? 2));
// Frame cap: ?fps=N (0: display rate); by default 30 on a software renderer (no GPU: the CPU
// rasterises every frame and must leave room for the model's worker), display rate with a GPU.
const fpsParam = params.get('fps');
const pacer = new FramePacer(fpsParam !== null ? Number(fpsParam) : isSoftwareRenderer(engine) ? 30 : 0);
const scene = new Scene(engine);
scene.clearColor = new Color4(0.09, 0.1, 0.14, 1);
scene.skipPointerMovePicking = true;
scene.skipFrustumClipping = true;
const camera = new ArcRotateCamera('camera', Math.PI / 2, 0.9, 14.5, new Vector3(0, 0, 0), scene);
camera.attachControl(canvas, true);
new HemisphericLight('sky', new Vector3(0.3, 1, 0.2), scene).groundColor = new Color3(0.25, 0.25, 0.3);
const ground = CreateGround('ground', { width: 16, height: 16 }, scene);
const groundMat = new StandardMaterial('ground', scene);
groundMat.diffuseColor = new Color3(0.24, 0.3, 0.26);
groundMat.specularColor = Color3.Black();
ground.material = groundMat;

/** Waypoints on the plaza (scene coordinates), marked by posts. */
const WAYPOINTS = Array.from({ length: 8 }, (_, i) => {
  const a = (i / 8) * Math.PI * 2;
  return new Vector3(Math.cos(a) * 5.2, 0, Math.sin(a) * 5.2);
});
const postMat = new StandardMaterial('post', scene);
postMat.diffuseColor = new Color3(0.8, 0.65, 0.3);
for (const [i, p] of WAYPOINTS.entries()) {
  const post = CreateCylinder(`post${i}`, { height: 0.5, diameter: 0.12, tessellation: 6 }, scene);
  post.position.set(p.x, 0.25, p.z);
  post.material = postMat;
}

const WALKS = ['walk', 'a happy person walks', 'an old man walks', 'a tired person walks', 'a proud person walks', 'walk like a giant'];
const ACTIONS = ['wave with the right hand', 'bow', 'dance', 'raise both hands', 'wave with both hands', 'kick'];
const NPC_COUNT = Number(params.get('n') ?? 12);

interface Npc {
  index: number;
  rig: 'robot' | 'figure';
  actor: MotionActor;
  root: TransformNode;
  target: number;
  clips: number;
  groups: AnimationGroup[];
}

const stats = {
  generations: 0,
  cacheHits: 0,
  inFlight: 0,
  genMs: [] as number[],
  buildMs: [] as number[],
  errors: [] as string[],
  executionProvider: '',
  warmUpMs: 0,
};
const recorder = new FrameRecorder(scene, () => stats.inFlight > 0);
const frameStats = (sinceMs = 0): FrameStats => recorder.stats(sinceMs);

/** Pausing holds new requests back (what is in flight finishes); NPCs keep looping their last action. */
let paused = false;
let resume: () => void = () => {};
let resumed = Promise.resolve();
function pause(on: boolean): void {
  if (on === paused) return;
  paused = on;
  if (on) resumed = new Promise((r) => (resume = r));
  else resume();
  const box = document.getElementById('generate') as HTMLInputElement | null;
  if (box) box.checked = !on;
}
document.getElementById('generate')?.addEventListener('change', (e) => pause(!(e.target as HTMLInputElement).checked));

async function load(file: string): Promise<AssetContainer> {
  return LoadAssetContainerAsync(`../assets/${file}`, scene, { pluginOptions: { gltf: { animationStartMode: 0 } } });
}

function clone(container: AssetContainer, name: string): TransformNode {
  const entries = container.instantiateModelsToScene((n) => (n === '__root__' ? n : `${name}:${n}`), false, { doNotInstantiate: true });
  for (const g of entries.animationGroups) g.dispose(); // the files' own clips are not used
  for (const s of entries.skeletons) s.useTextureToStoreBoneMatrices = true;
  const root = entries.rootNodes[0] as TransformNode;
  // Light on purpose: no face morph targets (unused here), one skinned mesh for the rigid parts
  // and one for the skinned ones (RobotExpressive: 2 draw calls and 1 skeleton instead of 19 and 2),
  // no per-frame bounding work for skinned meshes.
  for (const m of root.getChildMeshes(false)) m.morphTargetManager = null;
  mergeCharacterMeshes(root, name);
  for (const m of root.getChildMeshes(false)) {
    m.alwaysSelectAsActiveMesh = true;
    m.isPickable = false;
  }
  return root;
}

function place(root: TransformNode, at: Vector3, yaw: number): void {
  root.position.copyFrom(at);
  root.rotationQuaternion = Quaternion.RotationAxis(Vector3.Up(), yaw).multiply(root.rotationQuaternion ?? Quaternion.Identity());
}

/** Generates with bookkeeping for the stats panel. */
async function generate(npc: Npc, options: Parameters<MotionActor['generate']>[0]): Promise<GeneratedMotion> {
  while (paused) await resumed;
  stats.inFlight++;
  const t0 = performance.now();
  try {
    const r = await npc.actor.generate(options);
    stats.generations++;
    if (r.cached) stats.cacheHits++;
    stats.genMs.push(performance.now() - t0);
    stats.buildMs.push(r.timings.build ?? 0);
    if (r.executionProvider) stats.executionProvider = r.executionProvider;
    return r;
  } finally {
    stats.inFlight--;
  }
}

/** Plays a result's first group; frees groups two clips old. */
function play(npc: Npc, r: GeneratedMotion, opts: { loop: boolean; rootMotion: boolean }): AnimationGroup {
  const g = r.groups[0]!;
  npc.actor.play(g, { loop: opts.loop, rootMotion: opts.rootMotion, crossFadeSeconds: 0.3 });
  npc.groups.push(g);
  while (npc.groups.length > 3) npc.groups.shift()!.dispose();
  npc.clips++;
  return g;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function ended(g: AnimationGroup): Promise<void> {
  return new Promise((resolve) => g.onAnimationGroupEndObservable.addOnce(() => resolve()));
}

/** One NPC's life: action (cached pool) → walk to another waypoint (its own root path) → … */
async function live(npc: Npc): Promise<void> {
  await delay(200 * npc.index); // stagger the first requests
  let action = generate(npc, { prompt: ACTIONS[npc.index % ACTIONS.length]!, seconds: 3, seed: 1 + (npc.index % 2), inPlace: true });
  for (let round = 0; ; round++) {
    const a = await action;
    play(npc, a, { loop: true, rootMotion: false });
    // While the action loops, plan the walk from where the NPC stands now.
    const next = (npc.target + 2 + ((npc.index + round) % 4)) % WAYPOINTS.length;
    // Each NPC has its own spot around the waypoint, so they do not stack up.
    const base = WAYPOINTS[next]!;
    const tangent = new Vector3(-base.z, 0, base.x).normalize();
    const goal = base.add(tangent.scale(((npc.index % 3) - 1) * 0.9)).subtract(base.normalizeToNew().scale(0.9 * (npc.index % 2)));
    const here = npc.root.position;
    const dist = Math.hypot(goal.x - here.x, goal.z - here.z);
    const seconds = Math.min(6, Math.max(2.5, dist / 1.1));
    const linger = delay(3000 + 1000 * ((npc.index * 7 + round) % 4));
    const walk = await generate(npc, { prompt: WALKS[(npc.index + round) % WALKS.length]!, seconds, seed: 10 * npc.index + round, path: [goal], inPlace: true });
    await linger;
    npc.target = next;
    const g = play(npc, walk, { loop: false, rootMotion: true });
    action = generate(npc, { prompt: ACTIONS[(npc.index + round + 1) % ACTIONS.length]!, seconds: 3, seed: 1 + ((npc.index + round) % 2), inPlace: true });
    await ended(g);
    // The next action is not there yet (paused, or a slow backend): loop the last one meanwhile.
    let ready = false;
    void action.then(() => (ready = true), () => {});
    await Promise.resolve();
    if (!ready) npc.actor.play(npc.groups[npc.groups.length - 2]!, { loop: true, crossFadeSeconds: 0.3 });
  }
}

const npcs: Npc[] = [];
let readyFlag = false;

setInterval(() => {
  const fs = frameStats(performance.now() - 2000);
  const avg = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
  statsEl.textContent =
    `NPCs ${npcs.length} (2 rigs)   fps ${fs.fps.toFixed(1)}   frame max ${fs.maxMs.toFixed(1)} ms (generating ${fs.maxMsGenerating.toFixed(1)}, idle ${fs.maxMsIdle.toFixed(1)})   p95 ${fs.p95Ms.toFixed(1)} ms\n` +
    `generations ${stats.generations}   cache hits ${stats.cacheHits}   in flight ${stats.inFlight}   ` +
    `avg ${avg(stats.genMs).toFixed(0)} ms/clip   build ${avg(stats.buildMs).toFixed(1)} ms   EP ${stats.executionProvider || '…'}   warm-up ${stats.warmUpMs.toFixed(0)} ms   frame cap ${pacer.maxFps > 0 ? `${pacer.maxFps} fps` : 'display rate'}` +
    (stats.errors.length ? `\nerrors: ${stats.errors.slice(-2).join(' | ')}` : '');
}, 500);

(window as unknown as { npc: unknown }).npc = {
  get ready() { return readyFlag; },
  /** The Babylon scene (for experiments in the console). */
  get scene() { return scene; },
  stats: () => ({ ...stats, paused, frameCapFps: pacer.maxFps, genMs: undefined, buildMs: undefined }),
  frameStats,
  /** Holds new generation requests back (true) or lets them go (false). */
  pause,
  /** Per NPC: clips started, whether something plays, and a pose fingerprint (changes when it animates). */
  npcs: () =>
    npcs.map((n) => {
      const hips = n.actor.rig.targets[n.actor.rig.humanoid.roles.hips!.joint] as TransformNode;
      const arm = n.actor.rig.targets[n.actor.rig.humanoid.roles.rightUpperArm!.joint] as TransformNode;
      const q = arm.rotationQuaternion ?? Quaternion.Identity();
      const p = hips.getAbsolutePosition();
      return { index: n.index, rig: n.rig, clips: n.clips, playing: n.actor.currentGroup?.isPlaying ?? false, pose: [q.x, q.y, q.z, q.w, p.x, p.y, p.z] };
    }),
};

const [robot, figure] = await Promise.all([load('RobotExpressive.glb'), load('RiggedFigure.glb')]);
const figureMat = new StandardMaterial('figure', scene);
figureMat.diffuseColor = new Color3(0.75, 0.55, 0.45);
for (const m of figure.meshes as AbstractMesh[]) if (m.getTotalVertices()) m.material = figureMat;
// Plain Lambert materials instead of the files' PBR ones: far cheaper per pixel (software GL included).
const robotMat = new StandardMaterial('robot', scene);
robotMat.diffuseColor = new Color3(0.9, 0.68, 0.25);
robotMat.specularColor = new Color3(0.15, 0.15, 0.15);
for (const m of robot.meshes as AbstractMesh[]) if (m.getTotalVertices()) m.material = robotMat;

// One model thread by default: the crowd's frames come first (override with ?threads=N).
const choice = choiceFromLocation();
choice.numThreads ??= 1;
const { backend, executionProvider } = await createBackend(choice, (t) => (statsEl.textContent = t));
stats.executionProvider = executionProvider ?? '';
const generator = new MotionGenerator(scene, { backend });
generator.onErrorObservable.add(({ error }) => { stats.errors.push(`${error.code}: ${error.message}`); console.warn('[npc]', error.message); });

for (let i = 0; i < NPC_COUNT; i++) {
  // One robot in three: a RobotExpressive has 7,214 vertices and a RiggedFigure 370; without a GPU
  // each robot costs about 2 ms of CPU per frame (measured with SwiftShader, docs/testing.md).
  const isRobot = i % 3 === 0;
  const root = clone(isRobot ? robot : figure, `npc${i}`);
  const start = WAYPOINTS[i % WAYPOINTS.length]!;
  // Spread NPCs sharing a waypoint, facing the plaza centre.
  const offset = Math.floor(i / WAYPOINTS.length) * 1.2;
  const at = start.scale((5.2 - offset) / 5.2);
  place(root, at, Math.atan2(-at.x, -at.z));
  if (isRobot) root.scaling.scaleInPlace(0.32); // RobotExpressive is ~3 units tall
  const actor = await generator.bind(root, { name: `npc${i}` });
  npcs.push({ index: i, rig: isRobot ? 'robot' : 'figure', actor, root, target: i % WAYPOINTS.length, clips: 0, groups: [] });
}
scene.blockMaterialDirtyMechanism = true;
engine.runRenderLoop(() => {
  if (pacer.shouldRender(performance.now())) scene.render();
});
addEventListener('resize', () => engine.resize());
// Compile the model's code now, while the crowd stands and the page says so, not during the first
// generations (?warmup=0 skips it).
if (params.get('warmup') !== '0') {
  statsEl.textContent = 'Warming the model up…';
  const w = await generator.warmUp({ rounds: 3 });
  stats.warmUpMs = w?.ms ?? 0;
}
readyFlag = true;
for (const npc of npcs) void live(npc).catch((err: unknown) => stats.errors.push(String(err)));
