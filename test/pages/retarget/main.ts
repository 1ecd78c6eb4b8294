/**
 * Test page: a Bandai Namco BVH frame (passed in by the spec) retargeted onto two different rigs
 * (CesiumMan: arms-down rest, VALID: T-pose rest) rendered side by side with WebGL.
 */
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { bindCharacter } from '../../../src/babylon/bind.js';
import { retargetClip } from '../../../src/babylon/retarget.js';
import { createAnimationGroup } from '../../../src/babylon/animation-group.js';
import { parseBvh } from '../../../src/motion/bvh.js';

const CLEAR = new Color4(0.16, 0.2, 0.28, 1);

async function run(bvhText: string, frame: number): Promise<{ rigs: string[]; scales: number[]; width: number; height: number }> {
  const canvas = document.getElementById('c') as HTMLCanvasElement;
  const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, antialias: true });
  const scene = new Scene(engine);
  scene.clearColor = CLEAR;
  const camera = new ArcRotateCamera('cam', Math.PI / 2, Math.PI / 2.15, 4.2, new Vector3(0, 0.85, 0), scene);
  camera.minZ = 0.05;
  new HemisphericLight('sky', new Vector3(0.2, 1, -0.4), scene).intensity = 1.1;
  const bn = parseBvh(bvhText, { scale: 0.01, rest: 'first', name: 'wave' });
  const out = { rigs: [] as string[], scales: [] as number[] };
  const files: [string, number][] = [['khronos/CesiumMan.glb', 0.75], ['VALID_White_M_1_Casual_mixamorig.glb', -0.75]];
  for (const [file, x] of files) {
    const bytes = new Uint8Array(await (await fetch(`/shared/assets/characters/${file}`)).arrayBuffer());
    const container = await LoadAssetContainerAsync(bytes, scene, { pluginExtension: '.glb', pluginOptions: { gltf: { animationStartMode: 0 } } });
    container.addAllToScene();
    const root = container.rootNodes.find((n) => n.name === '__root__') as TransformNode;
    root.position.x = x;
    const rig = bindCharacter(root, { gltf: bytes });
    const r = retargetClip(bn.clip, bn.skeleton, rig, { rootMotion: 'locked' });
    const group = createAnimationGroup(r, rig, scene, { name: `wave #0 on ${file}` });
    group.start(true);
    group.pause();
    group.goToFrame(frame);
    out.rigs.push(file);
    out.scales.push(r.scale);
  }
  await scene.whenReadyAsync();
  for (let i = 0; i < 3; i++) scene.render();
  return { ...out, width: canvas.width, height: canvas.height };
}

/** Fraction of non-clear pixels in the left and right halves of the canvas. */
function coverage(): { left: number; right: number } {
  const canvas = document.getElementById('c') as HTMLCanvasElement;
  const c2 = document.createElement('canvas');
  c2.width = canvas.width; c2.height = canvas.height;
  const ctx = c2.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, c2.width, c2.height);
  const clear = [CLEAR.r, CLEAR.g, CLEAR.b].map((v) => Math.round(v * 255));
  let left = 0, right = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const o = 4 * (y * width + x);
    const d = Math.abs(data[o]! - clear[0]!) + Math.abs(data[o + 1]! - clear[1]!) + Math.abs(data[o + 2]! - clear[2]!);
    if (d > 24) { if (x < width / 2) left++; else right++; }
  }
  const half = (width * height) / 2;
  return { left: left / half, right: right / half };
}

Object.assign(window, { retargetPage: { run, coverage } });
(window as unknown as { retargetPageReady: boolean }).retargetPageReady = true;
