/**
 * Contact sheet for `npm run eval:model` (acceptance item 7): MMCP response documents generated
 * by the local runtime (GLB bytes, passed in by scripts/eval-model/contact-sheet.mjs) are parsed,
 * retargeted onto a real character with the plugin (`bindCharacter` → `retargetClip` →
 * `createAnimationGroup`) and rendered with WebGL at a few frames each; the cells are composed
 * into one labelled sheet (rows = prompts, columns = times).
 */
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import { GridMaterial } from '@babylonjs/materials/grid/gridMaterial.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { bindCharacter } from '../../../src/babylon/bind.js';
import { retargetClip } from '../../../src/babylon/retarget.js';
import { createAnimationGroup } from '../../../src/babylon/animation-group.js';
import { parseMotionDocument } from '../../../src/motion/parse.js';

/** One row of the sheet. */
interface SheetRow {
  label: string;
  /** The MMCP response document (GLB), base64. */
  glb: string;
}

interface SheetInput {
  rows: SheetRow[];
  /** Frames to show per row. */
  frames: number[];
  character: string;
  title: string;
}

const CLEAR = new Color4(0.16, 0.2, 0.27, 1);

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function gridGround(scene: Scene): void {
  const ground = CreateGround('ground', { width: 60, height: 60 }, scene);
  const mat = new GridMaterial('groundGrid', scene);
  mat.mainColor = new Color3(0.34, 0.39, 0.47);
  mat.lineColor = new Color3(0.55, 0.6, 0.68);
  mat.gridRatio = 0.5; // a line every 50 cm
  mat.majorUnitFrequency = 2;
  mat.opacity = 0.99;
  ground.material = mat;
}

async function render(input: SheetInput): Promise<{ png: string; rows: number; cols: number; scale: number[]; mapped: number[] }> {
  const canvas = document.getElementById('c') as HTMLCanvasElement;
  const cw = canvas.width;
  const ch = canvas.height;
  const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, antialias: true });
  const scene = new Scene(engine);
  scene.clearColor = CLEAR;
  const ALPHA = Math.PI / 2 - 0.55;
  const BETA = Math.PI / 2.3;
  const RADIUS = 3.6;
  const camera = new ArcRotateCamera('cam', ALPHA, BETA, RADIUS, new Vector3(0, 0.9, 0), scene);
  camera.minZ = 0.05;
  new HemisphericLight('sky', new Vector3(0.2, 1, -0.3), scene).intensity = 0.8;
  new DirectionalLight('sun', new Vector3(-0.4, -1, -0.6), scene).intensity = 0.6;
  gridGround(scene);

  const bytes = new Uint8Array(await (await fetch(`/shared/assets/characters/${input.character}`)).arrayBuffer());
  const container = await LoadAssetContainerAsync(bytes, scene, { pluginExtension: '.glb', pluginOptions: { gltf: { animationStartMode: 0 } } });
  container.addAllToScene();
  const root = container.rootNodes.find((n) => n.name === '__root__') as TransformNode;
  const rig = bindCharacter(root, { gltf: bytes });
  await scene.whenReadyAsync();

  const label = 190;
  const head = 34;
  const sheet = document.createElement('canvas');
  sheet.width = label + cw * input.frames.length;
  sheet.height = head + ch * input.rows.length;
  const g = sheet.getContext('2d')!;
  g.fillStyle = '#11151c';
  g.fillRect(0, 0, sheet.width, sheet.height);
  g.fillStyle = '#e8edf5';
  let size = 15;
  do {
    g.font = `bold ${size}px sans-serif`;
    size--;
  } while (size > 8 && g.measureText(input.title).width > sheet.width - 20);
  g.fillText(input.title, 10, 22);
  const scales: number[] = [];
  const mapped: number[] = [];
  for (let r = 0; r < input.rows.length; r++) {
    const row = input.rows[r]!;
    const doc = parseMotionDocument(fromBase64(row.glb));
    const clip = doc.clips[0]!;
    const rt = retargetClip(clip, doc.skeleton, rig, { rootMotion: 'generated', withWorldPositions: true });
    scales.push(rt.scale);
    mapped.push(rt.rotations.length);
    const group = createAnimationGroup(rt, rig, scene, { name: row.label, loop: false });
    group.start(false);
    group.pause();
    const J = rig.names.length;
    const top = rig.top ?? root;
    for (let c = 0; c < input.frames.length; c++) {
      const f = Math.min(input.frames[c]!, clip.frameCount - 1);
      group.goToFrame(f);
      // Follow the hips (MMCP space → world through the character's top node).
      const wp = rt.worldPositions!;
      const hips = Vector3.TransformCoordinates(new Vector3(wp[(f * J + rt.rootJoint) * 3]!, wp[(f * J + rt.rootJoint) * 3 + 1]!, wp[(f * J + rt.rootJoint) * 3 + 2]!), top.computeWorldMatrix(true));
      camera.target = new Vector3(hips.x, 0.85, hips.z);
      camera.alpha = ALPHA; // setting the target may re-derive the angles from the old position
      camera.beta = BETA;
      camera.radius = RADIUS;
      scene.render();
      scene.render();
      g.drawImage(canvas, label + c * cw, head + r * ch);
      g.fillStyle = 'rgba(17, 21, 28, 0.75)';
      g.fillRect(label + c * cw + 4, head + r * ch + ch - 26, 72, 21);
      g.fillStyle = '#e8edf5';
      g.font = '13px sans-serif';
      g.fillText(`t = ${(f / clip.fps).toFixed(1)} s`, label + c * cw + 8, head + r * ch + ch - 10);
    }
    group.stop();
    group.dispose();
    g.fillStyle = '#e8edf5';
    g.font = 'bold 14px sans-serif';
    const words = row.label.split(' ');
    let line = '';
    let y = head + r * ch + ch / 2 - 10;
    for (const w of words) {
      if (g.measureText(`${line} ${w}`).width > label - 20 && line) {
        g.fillText(line, 10, y);
        y += 18;
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    g.fillText(line, 10, y);
    // How far the root travelled over the clip (MMCP metres), to tell walking from stepping in place.
    const rp = clip.rootPositions;
    const last = (clip.frameCount - 1) * 3;
    g.font = '12px sans-serif';
    g.fillStyle = '#aab4c3';
    g.fillText(`root travels ${Math.hypot(rp[last]! - rp[0]!, rp[last + 2]! - rp[2]!).toFixed(2)} m`, 10, y + 22);
    g.strokeStyle = '#11151c';
    g.lineWidth = 2;
    g.strokeRect(label, head + r * ch, cw * input.frames.length, ch);
  }
  const png = sheet.toDataURL('image/png');
  engine.dispose();
  return { png, rows: input.rows.length, cols: input.frames.length, scale: scales, mapped };
}

Object.assign(window, { contactSheet: { render } });
(window as unknown as { contactSheetReady: boolean }).contactSheetReady = true;
