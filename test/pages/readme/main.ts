// Runs the README's code block (written by test/browser/readme.spec.ts to .cache/readme-example/)
// with the one thing it assumes: a running Babylon `scene`.
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import '@babylonjs/core/Materials/standardMaterial.js';

const engine = new Engine(document.getElementById('c') as HTMLCanvasElement, true);
const scene = new Scene(engine);
new ArcRotateCamera('camera', Math.PI / 2, 1.2, 4, new Vector3(0, 1, 0), scene);
new HemisphericLight('light', new Vector3(0, 1, 0), scene);
engine.runRenderLoop(() => scene.render());
const w = window as unknown as { scene: Scene; readme: { done: boolean; error: string | null } };
w.scene = scene;
w.readme = { done: false, error: null };
const snippet = new URLSearchParams(location.search).get('snippet') ?? '/.cache/readme-example/snippet.ts';
try {
  await import(/* @vite-ignore */ snippet);
  w.readme.done = true;
} catch (err) {
  w.readme.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
