// Editor sample: a scene with a character; the button opens Babylon's Inspector with the Motion
// pane (`babylon-mmcp/editor`, loaded only when clicked). `?model=<url>` picks the model package,
// `?open=1` opens the editor at once.
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import '@babylonjs/core/Animations/animatable.js';
import '@babylonjs/core/Culling/ray.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { GridMaterial } from '@babylonjs/materials/grid/gridMaterial.js';

const params = new URLSearchParams(location.search);
const canvas = document.getElementById('c') as HTMLCanvasElement;
const status = document.getElementById('status')!;
const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: true });
const scene = new Scene(engine);
scene.clearColor = new Color4(0.11, 0.13, 0.19, 1);
const camera = new ArcRotateCamera('camera', -Math.PI / 2 - 0.4, 1.05, 6, new Vector3(0, 0.8, 0), scene);
camera.attachControl(canvas, true);
new HemisphericLight('sky', new Vector3(0, 1, 0), scene).intensity = 0.8;
new DirectionalLight('sun', new Vector3(-0.4, -1, 0.6), scene).intensity = 0.6;
const ground = CreateGround('ground', { width: 30, height: 30 }, scene);
const grid = new GridMaterial('grid', scene);
grid.mainColor = new Color3(0.2, 0.23, 0.3);
grid.lineColor = new Color3(0.45, 0.5, 0.62);
grid.gridRatio = 0.5;
ground.material = grid;

const container = await LoadAssetContainerAsync('../assets/VALID_White_M_1_Casual_mixamorig.glb', scene, { pluginOptions: { gltf: { animationStartMode: 0 } } });
container.addAllToScene();
const skin = new StandardMaterial('skin', scene);
skin.diffuseColor = new Color3(0.85, 0.72, 0.62);
const cloth = new StandardMaterial('cloth', scene);
cloth.diffuseColor = new Color3(0.25, 0.42, 0.75);
for (const m of container.meshes as AbstractMesh[]) {
  if (!m.getTotalVertices()) continue;
  m.material = /body|head|hand|eye/i.test(m.name) ? skin : cloth;
}
engine.runRenderLoop(() => scene.render());
addEventListener('resize', () => engine.resize());
status.textContent = 'Ready. The default model is non-commercial (CC BY-NC 4.0).';

async function open(): Promise<void> {
  status.textContent = 'Loading the Inspector…';
  const t0 = performance.now();
  const { showMotionInspector } = await import('../../editor/index.js');
  await showMotionInspector(scene, { localModel: params.get('model') ?? '/models/bn-motion-small/', ground, disableTeachingMoments: params.get('hints') !== '1' });
  status.textContent = `Inspector open (${Math.round(performance.now() - t0)} ms).`;
}
document.getElementById('open')!.addEventListener('click', () => void open().catch((e) => (status.textContent = String(e))));
if (params.get('open') === '1') void open();

// For tests and the console: the scene and a world → canvas projection.
(window as unknown as { editorSample: unknown }).editorSample = {
  scene,
  engine,
  toScreen(x: number, y: number, z: number) {
    const vp = camera.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight());
    const p = Vector3.Project(new Vector3(x, y, z), Matrix.Identity(), scene.getTransformMatrix(), vp);
    const r = canvas.getBoundingClientRect();
    const k = r.width / engine.getRenderWidth();
    return { x: r.left + p.x * k, y: r.top + p.y * k };
  },
};
(window as unknown as { editorSampleReady: boolean }).editorSampleReady = true;
