// A Babylon WebGL scene that keeps rendering while the in-page model generates: the test reads
// long tasks (PerformanceObserver 'longtask') and frames rendered during a generation.
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder.js';
import '@babylonjs/core/Materials/standardMaterial.js';
import { LocalBackend } from '../../../src/local/index.js';
import type { GenerateRequest } from '../../../src/protocol/types.js';

const canvas = document.getElementById('c') as HTMLCanvasElement;
const engine = new Engine(canvas, true);
const scene = new Scene(engine);
const camera = new FreeCamera('cam', new Vector3(0, 3, -8), scene);
camera.setTarget(Vector3.Zero());
new HemisphericLight('light', new Vector3(0, 1, 0), scene);
CreateGround('ground', { width: 6, height: 6 }, scene);
const box = CreateBox('box', { size: 1 }, scene);
box.position.y = 0.5;
let frames = 0;
scene.onBeforeRenderObservable.add(() => {
  box.rotation.y += 0.02;
  frames++;
});
engine.runRenderLoop(() => scene.render());

const longTasks: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

/** Runs one generation and reports long tasks and rendered frames during it. */
async function measure(model: string, seconds: number, samples: number): Promise<Record<string, unknown>> {
  const backend = new LocalBackend({ model, executionProvider: 'wasm', numThreads: 1 });
  const l0 = performance.now();
  const info = await backend.ready();
  const l1 = performance.now();
  const caps = await backend.capabilities();
  const spec = caps.models[0]!;
  const request: GenerateRequest = {
    protocol_version: '1.3',
    model: spec.id,
    skeleton: spec.canonical_skeleton,
    segments: [{ type: 'text', prompt: 'walk', duration_frames: Math.round(seconds * spec.fps) }],
    options: { seed: 3, num_samples: samples },
  };
  await new Promise((r) => setTimeout(r, 300));
  // Baseline: the same scene, idle, for one second (what the machine does without us).
  const b0 = performance.now();
  await new Promise((r) => setTimeout(r, 1000));
  const b1 = performance.now();
  const t0 = performance.now();
  const f0 = frames;
  let steps = 0;
  const result = await backend.generate(request, { onProgress: (e) => void (e.stage === 'step' && steps++) });
  const t1 = performance.now();
  const f1 = frames;
  backend.dispose();
  const during = longTasks.filter((t) => t.start + t.duration >= t0 && t.start <= t1);
  const duringLoad = longTasks.filter((t) => t.start + t.duration >= l0 && t.start <= l1);
  const baseline = longTasks.filter((t) => t.start + t.duration >= b0 && t.start <= b1);
  return {
    loadLongTasks: duringLoad,
    baselineLongTasks: baseline,
    executionProvider: info.executionProvider,
    ms: t1 - t0,
    frames: f1 - f0,
    clips: result.document.clips.length,
    steps,
    longTasks: during,
    maxLongTask: Math.max(0, ...during.map((t) => t.duration)),
  };
}

(window as unknown as { sceneTest: unknown }).sceneTest = { measure, frames: () => frames };
