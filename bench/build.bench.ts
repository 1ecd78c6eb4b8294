/**
 * `npm run bench -- build`: a 30-joint × 300-frame clip into an AnimationGroup on 30 nodes,
 * warm median, zero-copy (TypedArrayAnimation, the default) vs one key object per frame, vs the
 * same clip loaded through `@babylonjs/loaders` from its GLB; heap per clip for each.
 * Headline last: `build_ms=<median, zero-copy>`.
 */
import { readFileSync } from 'node:fs';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { bindCharacter } from '../src/babylon/bind.js';
import { retargetClip } from '../src/babylon/retarget.js';
import { createAnimationGroup } from '../src/babylon/animation-group.js';
import { characterSkeleton } from '../src/babylon/request-skeleton.js';
import { encodeMotionDocument } from '../src/motion/encode.js';
import { SOMA30_PATH } from '../test/support/characters.js';
import type { MotionClip } from '../src/motion/types.js';

const FRAMES = 300, FPS = 30;
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const median = (a: number[]): number => { const s = a.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]!; };
const pct = (a: number[], p: number): number => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };

interface CanonJoint { name: string; parent: string | null; rest_translation: number[] }
const joints = (JSON.parse(readFileSync(SOMA30_PATH, 'utf8')) as { joints: CanonJoint[] }).joints;

const engine = new NullEngine();
const scene = new Scene(engine);
scene.useRightHandedSystem = true;
const character = new TransformNode('character', scene);
const byName = new Map<string, TransformNode>();
for (const j of joints) {
  const tn = new TransformNode(j.name, scene);
  tn.parent = j.parent ? byName.get(j.parent)! : character;
  tn.position = Vector3.FromArray(j.rest_translation);
  byName.set(j.name, tn);
}
const rig = bindCharacter(character);
const own = characterSkeleton(rig).skeleton;
const J = own.names.length;
const rotations = new Float32Array(FRAMES * J * 4);
const rootPositions = new Float32Array(FRAMES * 3);
for (let t = 0; t < FRAMES; t++) {
  for (let j = 0; j < J; j++) {
    const a = (0.1 + 0.5 * ((j * 7) % 5) / 5) * Math.sin((2 * Math.PI * t) / FPS + j);
    const o = (t * J + j) * 4;
    const ax = [Math.sin(j), Math.cos(j * 1.3), Math.sin(j * 0.7)];
    const n = Math.hypot(ax[0]!, ax[1]!, ax[2]!);
    rotations[o] = (Math.sin(a / 2) * ax[0]!) / n; rotations[o + 1] = (Math.sin(a / 2) * ax[1]!) / n; rotations[o + 2] = (Math.sin(a / 2) * ax[2]!) / n; rotations[o + 3] = Math.cos(a / 2);
  }
  rootPositions.set([0, 0.99 + 0.02 * Math.sin(t / 3), t * 0.04], 3 * t);
}
const clip: MotionClip = { name: 'sample_0', fps: FPS, frameCount: FRAMES, jointNames: own.names.slice(), rotations, rootPositions, chunkBoundaries: [] };
const rawBytes = rotations.byteLength + rootPositions.byteLength;

// Retarget once (its own figure), then time the group build from the typed arrays.
const retargetTimes: number[] = [];
let retargeted = retargetClip(clip, own, rig);
for (let i = 0; i < 30; i++) { const t0 = performance.now(); retargeted = retargetClip(clip, own, rig); retargetTimes.push(performance.now() - t0); }

function timeBuild(zeroCopy: boolean, reps: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const g = createAnimationGroup(retargeted, rig, scene, { name: 'bench', zeroCopy });
    times.push(performance.now() - t0);
    g.dispose();
  }
  return times;
}
function heapPerGroup(zeroCopy: boolean, n: number): number {
  const keep: AnimationGroup[] = [];
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) keep.push(createAnimationGroup(retargeted, rig, scene, { name: 'heap', zeroCopy }));
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  for (const g of keep) g.dispose();
  return (after - before) / n;
}

const coldT0 = performance.now();
createAnimationGroup(retargeted, rig, scene, { name: 'cold' }).dispose();
const cold = performance.now() - coldT0;
timeBuild(true, 200); timeBuild(false, 50); // warm-up
const zc = timeBuild(true, 500);
const keys = timeBuild(false, 200);
const zcHeap = heapPerGroup(true, 200);
const keysHeap = heapPerGroup(false, 50);

// Loader path: the same clip as an MMCP GLB through @babylonjs/loaders.
const glb = encodeMotionDocument({ version: '1.3', model: 'bench', fps: FPS, skeleton: own, clips: [clip] }, { binary: true });
const loaderScene = new Scene(engine);
async function loadOnce(): Promise<{ ms: number; dispose: () => void }> {
  const t0 = performance.now();
  const c = await LoadAssetContainerAsync(glb, loaderScene, { pluginExtension: '.glb', pluginOptions: { gltf: { animationStartMode: 0 } } });
  const ms = performance.now() - t0;
  if (c.animationGroups.length !== 1) throw new Error('loader produced no animation group');
  return { ms, dispose: () => c.dispose() };
}
for (let i = 0; i < 5; i++) (await loadOnce()).dispose();
const loaderTimes: number[] = [];
for (let i = 0; i < 40; i++) { const r = await loadOnce(); loaderTimes.push(r.ms); r.dispose(); }
gc(); gc();
const lb = process.memoryUsage().heapUsed;
const kept: (() => void)[] = [];
for (let i = 0; i < 20; i++) kept.push((await loadOnce()).dispose);
gc(); gc();
const loaderHeap = (process.memoryUsage().heapUsed - lb) / 20;
for (const d of kept) d();

const f = (x: number): string => x.toFixed(4);
console.log(`clip=${J}x${FRAMES} raw_kib=${(rawBytes / 1024).toFixed(1)}`);
console.log(`retarget_ms_median=${f(median(retargetTimes))}`);
console.log(`build_cold_ms=${f(cold)}`);
console.log(`build_keys_ms_median=${f(median(keys))} build_keys_ms_p90=${f(pct(keys, 0.9))} build_keys_ms_min=${f(Math.min(...keys))}`);
console.log(`build_zero_copy_ms_p90=${f(pct(zc, 0.9))} build_zero_copy_ms_min=${f(Math.min(...zc))}`);
console.log(`loader_ms_median=${f(median(loaderTimes))} loader_ms_min=${f(Math.min(...loaderTimes))}`);
console.log(`heap_kib_per_clip_zero_copy=${(zcHeap / 1024).toFixed(1)} heap_kib_per_clip_keys=${(keysHeap / 1024).toFixed(1)} heap_kib_per_clip_loader=${(loaderHeap / 1024).toFixed(1)}`);
console.log(`speedup_vs_loader=${(median(loaderTimes) / median(zc)).toFixed(1)} speedup_vs_keys=${(median(keys) / median(zc)).toFixed(1)}`);
console.log(`build_ms=${f(median(zc))}`);
engine.dispose();
