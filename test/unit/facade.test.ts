import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
/**
 * The facade end to end in Node: real characters (NullEngine), the real default model on
 * onnxruntime-node (in-process and behind a real loopback HTTP server via RemoteBackend), world
 * conversions in left- and right-handed scenes, root motion, cross-fades and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Vector3, Quaternion } from '@babylonjs/core/Maths/math.vector.pure.js';
import { TargetCamera } from '@babylonjs/core/Cameras/targetCamera.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import { createNodeRuntime } from '../../src/local/node.js';
import type { LocalRuntime } from '../../src/local/runtime.js';
import { RemoteBackend } from '../../src/remote/index.js';
import { ClipCache, memoryCacheStore, withCache } from '../../src/cache/index.js';
import type { MotionBackend } from '../../src/backend.js';
import { MmcpError } from '../../src/protocol/errors.js';
import { FrameBudget, MotionGenerator, bindCharacter, retargetClip, retargetInSlices, type MotionActor } from '../../src/babylon/index.js';
import { characterFrame, characterToWorldMatrix, sceneHeading, sceneToRequest, requestToScene } from '../../src/babylon/facade/world-space.js';
import { loadCharacter } from '../support/characters.js';
import { startLoopbackMmcp, type LoopbackServer } from '../support/loopback-mmcp.js';

const MODEL = 'models/bn-motion-small';
const HUMAN = 'VALID_White_M_1_Casual_mixamorig.glb';
const hasModel = existsSync(`${MODEL}/manifest.json`);

let runtime: LocalRuntime;
let local: MotionBackend;

beforeAll(async () => {
  if (!hasModel) return;
  const files = Object.fromEntries(readdirSync(MODEL).map((f) => [f, new Uint8Array(readFileSync(`${MODEL}/${f}`))]));
  runtime = await createNodeRuntime({ files });
  local = { id: 'local-node:test', capabilities: async () => runtime.capabilities(), generate: (r, o) => runtime.generate(r, o) };
}, 60_000);

/** Places the loaded character: position and heading (yaw about +Y in scene terms). */
function place(root: TransformNode, at: Vector3, yaw: number): void {
  root.position.copyFrom(at);
  // Keep the loader's handedness rotation/scale; turn it about the scene's +Y.
  root.rotationQuaternion = Quaternion.RotationAxis(Vector3.Up(), yaw).multiply(root.rotationQuaternion ?? Quaternion.Identity());
  root.computeWorldMatrix(true);
}

function worldOf(scene: Scene, node: TransformNode): Vector3 {
  void scene;
  const chain: TransformNode[] = [];
  for (let n: TransformNode | null = node; n; n = n.parent as TransformNode | null) chain.unshift(n);
  for (const n of chain) n.computeWorldMatrix(true);
  return node.getAbsolutePosition().clone();
}

function hipsNode(actor: MotionActor): TransformNode {
  return actor.rig.targets[actor.rig.humanoid.roles.hips!.joint] as TransformNode;
}

function frameWorld(group: AnimationGroup, frame: number, actor: MotionActor): Vector3 {
  if (!group.isStarted) { group.start(false); group.pause(); }
  group.goToFrame(frame);
  return worldOf(actor.scene, hipsNode(actor));
}

describe('world space without a loader __root__ (rig read in scene world space)', () => {
  it('left-handed: z → −z; right-handed: unchanged; units through the scale', () => {
    const lh = characterFrame(characterToWorldMatrix(null, false), [0, 0], 2);
    const rh = characterFrame(characterToWorldMatrix(null, true), [0, 0], 2);
    expect(sceneToRequest({ x: 1, y: 0, z: 4 }, lh)).toEqual([0.5, -2]);
    expect(sceneToRequest({ x: 1, y: 0, z: 4 }, rh)).toEqual([0.5, 2]);
    const back = requestToScene([0.5, -2], lh);
    expect([back.x, back.z]).toEqual([1, 4]);
    // Heading of character-space +Z in the scene: −Z in a left-handed scene, +Z in a right-handed one.
    expect(Math.abs(sceneHeading(lh))).toBeCloseTo(Math.PI, 9);
    expect(sceneHeading(rh)).toBeCloseTo(0, 9);
    // Pivot: request origin is the ground point under the hips.
    const p = characterFrame(characterToWorldMatrix(null, true), [3, -1], 1);
    expect(sceneToRequest({ x: 3, y: 5, z: -1 }, p)).toEqual([0, 0]);
  });
});

describe.each([false, true])('world space (rightHanded=%s)', (rightHanded) => {
  it('a point ahead of a placed, turned character is straight ahead in request space, and back', async () => {
    const { scene, root } = await loadCharacter(HUMAN, rightHanded);
    new TargetCamera('cam', new Vector3(0, 2, -5), scene);
    const yaw = 0.7;
    place(root as TransformNode, new Vector3(3, 0, -2), yaw);
    const gen = new MotionGenerator(scene, { backend: local });
    const actor = await gen.bind(root);
    const spec = await gen.modelSpec();
    const frame = actor.frameFor(spec);
    const heading = sceneHeading(frame);
    // The character's facing in the scene, from its own rest pose: the feet/toes point forward.
    const hips = worldOf(scene, hipsNode(actor));
    const ahead = hips.add(new Vector3(Math.sin(heading), 0, Math.cos(heading)).scale(2));
    const [x, z] = sceneToRequest(ahead, frame);
    expect(Math.abs(x)).toBeLessThan(1e-3);
    expect(z * frame.scale).toBeCloseTo(2, 3);
    const back = requestToScene([x, z], frame);
    expect(Vector3.Distance(new Vector3(back.x, 0, back.z), new Vector3(ahead.x, 0, ahead.z))).toBeLessThan(1e-4);
    // The character's left (scene) lands on request +X (MMCP: facing +Z, left = +X).
    const toes = actor.rig.humanoid.roles.leftUpperLeg!.joint;
    const leftHip = worldOf(scene, actor.rig.targets[toes] as TransformNode);
    expect(sceneToRequest(leftHip, frame)[0]).toBeGreaterThan(0.03);
    // Heading: in an LH scene the loader's __root__ keeps +Z forward; turning the root by yaw turns the heading by yaw (RH: by yaw too, about the same +Y).
    expect(Math.abs(Math.atan2(Math.sin(heading - yaw), Math.cos(heading - yaw)))).toBeLessThan(1e-4);
    gen.dispose();
  }, 60_000);
});

describe.skipIf(!hasModel)('MotionGenerator with the default model', () => {
  let server: LoopbackServer;
  beforeAll(async () => { server = await startLoopbackMmcp(runtime, 'sekret'); });
  afterAll(async () => { await server?.close(); });

  it.each(['local', 'remote'] as const)('%s: generates groups that walk the character forward, where it stands and faces', async (kind) => {
    const backend = kind === 'local' ? local : new RemoteBackend({ url: server.url, token: 'sekret' });
    for (const rightHanded of [false, true]) {
      const { scene, root } = await loadCharacter(HUMAN, rightHanded);
      new TargetCamera('cam', new Vector3(0, 2, -5), scene);
      place(root as TransformNode, new Vector3(-4, 0, 6), -1.1);
      const gen = new MotionGenerator(scene, { backend });
      const seen: string[] = [];
      gen.onGenerateStartedObservable.add(() => seen.push('started'));
      gen.onGeneratedObservable.add(() => seen.push('generated'));
      const actor = await gen.bind(root);
      const start = worldOf(scene, hipsNode(actor));
      const res = await actor.generate({ prompt: 'a person walks forward', seconds: 3, samples: 2, seed: 5 });
      expect(seen).toEqual(['started', 'generated']);
      expect(res.groups).toHaveLength(2);
      expect((res.request.segments![0] as { duration_frames: number }).duration_frames).toBe(90);
      expect(res.request.options).toMatchObject({ num_samples: 2, seed: 5 });
      expect(res.timings.total).toBeGreaterThan(0);
      const g = res.groups[0]!;
      expect(g.targetedAnimations.length).toBeGreaterThan(15);
      const first = frameWorld(g, 0, actor);
      const last = frameWorld(g, g.to, actor);
      // Starts where the character stands.
      expect(Math.hypot(first.x - start.x, first.z - start.z)).toBeLessThan(0.15);
      // Travels forward along the character's heading.
      const heading = sceneHeading(actor.frameFor(await gen.modelSpec()));
      const d = last.subtract(first);
      const forward = d.x * Math.sin(heading) + d.z * Math.cos(heading);
      const side = -d.x * Math.cos(heading) + d.z * Math.sin(heading);
      expect(forward).toBeGreaterThan(0.8);
      expect(Math.abs(side)).toBeLessThan(forward); // within 45° of the facing (walks vary per sample)
      gen.dispose();
      expect(scene.animationGroups.length).toBe(0);
    }
  }, 120_000);

  it('binding keeps skinned meshes out of frustum culling unless keepVisible is false', async () => {
    const { scene, root } = await loadCharacter(HUMAN);
    const skinned = () => (root.getChildMeshes(false) as AbstractMesh[]).filter((m) => m.skeleton);
    expect(skinned().length).toBeGreaterThan(0);
    expect(skinned().every((m) => !m.alwaysSelectAsActiveMesh)).toBe(true);
    await new MotionGenerator(scene, { backend: local }).bind(root, { keepVisible: false });
    expect(skinned().every((m) => !m.alwaysSelectAsActiveMesh)).toBe(true);
    await new MotionGenerator(scene, { backend: local }).bind(root);
    expect(skinned().every((m) => m.alwaysSelectAsActiveMesh)).toBe(true);
  }, 60_000);

  it('local and remote give the same clip for the same seed', async () => {
    const { scene, root } = await loadCharacter(HUMAN);
    const a = await new MotionGenerator(scene, { backend: local }).bind(root);
    const b = await new MotionGenerator(scene, { backend: new RemoteBackend({ url: server.url, token: 'sekret' }) }).bind(root);
    const ra = await a.generate({ prompt: 'wave with the right hand', seconds: 2, seed: 9 });
    const rb = await b.generate({ prompt: 'wave with the right hand', seconds: 2, seed: 9 });
    expect(rb.request).toEqual(ra.request);
    expect(Array.from(rb.clips[0]!.rotations)).toEqual(Array.from(ra.clips[0]!.rotations));
  }, 60_000);

  it.each([false, true])('path: the character reaches world waypoints (rightHanded=%s)', async (rightHanded) => {
    const { scene, root } = await loadCharacter(HUMAN, rightHanded);
    new TargetCamera('cam', new Vector3(0, 2, -5), scene);
    place(root as TransformNode, new Vector3(1, 0, 1), 0.4);
    const gen = new MotionGenerator(scene, { backend: local });
    const actor = await gen.bind(root);
    const goal = new Vector3(3, 0, 4);
    const mid = new Vector3(2.5, 0, 2);
    const res = await actor.generate({ prompt: 'walk', seconds: 4, seed: 3, path: [mid, goal] });
    const c = res.request.constraints![0]!;
    expect(c.type).toBe('root_path');
    const end = frameWorld(res.groups[0]!, res.groups[0]!.to, actor);
    expect(Math.hypot(end.x - goal.x, end.z - goal.z)).toBeLessThan(0.1);
    gen.dispose();
  }, 60_000);

  it('inPlace + rootMotion moves the character node and keeps it there; cross-fade ramps weights', async () => {
    const { scene, root } = await loadCharacter(HUMAN);
    new TargetCamera('cam', new Vector3(0, 2, -5), scene);
    const gen = new MotionGenerator(scene, { backend: local });
    const actor = await gen.bind(root);
    const res = await actor.generate({ prompt: 'walk forward', seconds: 2, seed: 4, inPlace: true, samples: 2 });
    const [g0, g1] = res.groups as [AnimationGroup, AnimationGroup];
    // In place: hips stay near the start over the clip.
    const a = frameWorld(g0, 0, actor), b = frameWorld(g0, g0.to, actor);
    expect(Math.hypot(b.x - a.x, b.z - a.z)).toBeLessThan(0.3);
    g0.stop();
    const anchor = root as TransformNode;
    const p0 = anchor.position.clone();
    actor.play(g0, { rootMotion: true, crossFadeSeconds: 0 });
    g0.goToFrame(g0.to * 0.9);
    scene.render();
    const moved = anchor.position.subtract(p0);
    expect(Math.hypot(moved.x, moved.z)).toBeGreaterThan(0.25);
    actor.play(g1, { crossFadeSeconds: 10 });
    scene.render();
    expect(g1.weight).toBeGreaterThanOrEqual(0);
    expect(g1.weight).toBeLessThan(0.5);
    expect(g0.weight).toBeGreaterThan(0.5);
    // The node stays where the first clip left it.
    const kept = anchor.position.clone();
    scene.render();
    expect(Vector3.Distance(anchor.position, kept)).toBeLessThan(1e-9);
    actor.stop();
    expect(g0.isPlaying || g1.isPlaying).toBe(false);
    gen.dispose();
  }, 60_000);

  it.each([false, true])('root motion ends where the generated travel ends, turning included (rightHanded=%s)', async (rightHanded) => {
    const { scene, root } = await loadCharacter(HUMAN, rightHanded);
    new TargetCamera('cam', new Vector3(0, 2, -5), scene);
    place(root as TransformNode, new Vector3(-1, 0, 2), 0.6);
    const gen = new MotionGenerator(scene, { backend: local });
    const actor = await gen.bind(root);
    const goal = new Vector3(1.5, 0, 4.5);
    const asGenerated = await actor.generate({ prompt: 'walk', seconds: 4, seed: 8, path: [goal] });
    const g1 = asGenerated.groups[0]!;
    const end1 = frameWorld(g1, g1.to, actor);
    const head1 = worldOf(scene, actor.rig.targets[actor.rig.humanoid.roles.head!.joint] as TransformNode);
    g1.stop();
    g1.goToFrame(0);
    const inPlace = await actor.generate({ prompt: 'walk', seconds: 4, seed: 8, path: [goal], inPlace: true });
    const g2 = inPlace.groups[0]!;
    actor.play(g2, { rootMotion: true, loop: false, crossFadeSeconds: 0 });
    g2.goToFrame(g2.to);
    scene.render();
    const end2 = worldOf(scene, hipsNode(actor));
    const head2 = worldOf(scene, actor.rig.targets[actor.rig.humanoid.roles.head!.joint] as TransformNode);
    expect(Math.hypot(end1.x - goal.x, end1.z - goal.z)).toBeLessThan(0.1);
    expect(Math.hypot(end2.x - end1.x, end2.z - end1.z)).toBeLessThan(0.08);
    expect(Vector3.Distance(head2, head1)).toBeLessThan(0.1);
    gen.dispose();
  }, 60_000);

  it('retargeting in slices equals retargeting the whole clip', async () => {
    const { root } = await loadCharacter('RobotExpressive.glb');
    const rig = bindCharacter(root);
    const spec = runtime.capabilities().models[0]!;
    const res = await runtime.generate({ protocol_version: '1.3', model: spec.id, skeleton: spec.canonical_skeleton, segments: [{ type: 'text', prompt: 'dance', duration_frames: 100 }], options: { seed: 3 } });
    const clip = res.document.clips[0]!;
    const whole = retargetClip(clip, res.document.skeleton, rig, { rootMotion: 'generated' });
    let yields = 0;
    const sliced = await retargetInSlices(clip, res.document.skeleton, rig, { rootMotion: 'generated' }, 30, async () => { yields++; });
    expect(yields).toBe(3);
    expect(sliced.frameCount).toBe(100);
    expect(sliced.rotations.map((t) => t.joint)).toEqual(whole.rotations.map((t) => t.joint));
    let worst = 0;
    for (const [k, t] of whole.rotations.entries()) {
      const v = sliced.rotations[k]!.values;
      for (let f = 0; f < 100; f++) {
        let dot = 0;
        for (let c = 0; c < 4; c++) dot += t.values[4 * f + c]! * v[4 * f + c]!;
        worst = Math.max(worst, 1 - dot); // same sign too (continuity kept across slices)
      }
    }
    expect(worst).toBeLessThan(1e-5);
    for (const [k, t] of whole.positions.entries()) {
      const v = sliced.positions[k]!.values;
      for (let i = 0; i < v.length; i++) expect(Math.abs(v[i]! - t.values[i]!)).toBeLessThan(1e-5);
    }
  }, 60_000);

  it('budgeted slices resize to the time budget and still equal the whole clip', async () => {
    const { root } = await loadCharacter('RobotExpressive.glb');
    const rig = bindCharacter(root);
    const spec = runtime.capabilities().models[0]!;
    const res = await runtime.generate({ protocol_version: '1.3', model: spec.id, skeleton: spec.canonical_skeleton, segments: [{ type: 'text', prompt: 'walk', duration_frames: 120 }], options: { seed: 5 } });
    const clip = res.document.clips[0]!;
    const whole = retargetClip(clip, res.document.skeleton, rig, { rootMotion: 'generated' });
    // A tiny budget: every slice after the first shrinks to a frame or a few (many yields).
    let tinyYields = 0;
    const tiny = await retargetInSlices(clip, res.document.skeleton, rig, { rootMotion: 'generated' }, 10, async () => { tinyYields++; }, { budgetMs: 0.01 });
    expect(tinyYields).toBeGreaterThan(20);
    // A large budget: slices grow (at most 4× each), so far fewer yields than fixed 10-frame slices.
    let bigYields = 0;
    const big = await retargetInSlices(clip, res.document.skeleton, rig, { rootMotion: 'generated' }, 10, async () => { bigYields++; }, { budgetMs: 1e6 });
    expect(bigYields).toBe(2); // 10 + 40 + 70 frames
    // A budget shared by two clips retargeted at once: the generator's way; each equals the whole clip.
    let frames = 0;
    const shared = new FrameBudget(0.5, async () => { frames++; });
    const [s1, s2] = await Promise.all([0, 1].map(() => retargetInSlices(clip, res.document.skeleton, rig, { rootMotion: 'generated' }, 10, async () => {}, { budget: shared })));
    expect(frames).toBeGreaterThan(4);
    for (const sliced of [tiny, big, s1!, s2!]) {
      expect(sliced.frameCount).toBe(120);
      let worst = 0;
      for (const [k, t] of whole.rotations.entries()) {
        const v = sliced.rotations[k]!.values;
        expect(v.length).toBe(t.values.length);
        for (let f = 0; f < 120; f++) {
          let dot = 0;
          for (let c = 0; c < 4; c++) dot += t.values[4 * f + c]! * v[4 * f + c]!;
          worst = Math.max(worst, 1 - dot);
        }
      }
      expect(worst).toBeLessThan(1e-5);
    }
  }, 60_000);

  it('works the same behind the clip cache: a repeat is served from it', async () => {
    const { scene, root } = await loadCharacter(HUMAN);
    const cached = withCache(local, new ClipCache({ store: memoryCacheStore() }));
    const actor = await new MotionGenerator(scene, { backend: cached }).bind(root);
    const first = await actor.generate({ prompt: 'bow', seconds: 2, seed: 6 });
    const again = await actor.generate({ prompt: 'bow', seconds: 2, seed: 6 });
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(Array.from(again.clips[0]!.rotations)).toEqual(Array.from(first.clips[0]!.rotations));
    expect(again.groups[0]!.targetedAnimations.length).toBe(first.groups[0]!.targetedAnimations.length);
    expect(again.groups[0]).not.toBe(first.groups[0]);
  }, 60_000);

  it('multi-action prompts become segments', async () => {
    const { scene, root } = await loadCharacter(HUMAN);
    const actor = await new MotionGenerator(scene, { backend: local }).bind(root);
    const res = await actor.generate({ prompt: 'walk, then bow', seconds: 4, seed: 1 });
    expect(res.request.segments!.map((s) => (s as { prompt: string }).prompt)).toEqual(['walk', 'bow']);
    expect(res.groups[0]!.to).toBe(119);
  }, 60_000);

  it('errors are MmcpErrors a developer can act on', async () => {
    const fox = await loadCharacter('khronos/Fox.glb');
    const gen = new MotionGenerator(fox.scene, { backend: local });
    const bindErr = await gen.bind(fox.root).catch((e: unknown) => e);
    expect(bindErr).toBeInstanceOf(MmcpError);
    expect((bindErr as MmcpError).code).toBe('not_humanoid');
    expect((bindErr as MmcpError).message).toMatch(/Cannot bind.*Missing roles: .*(Leg|Arm|hips)/);
    const { scene, root } = await loadCharacter(HUMAN);
    const g2 = new MotionGenerator(scene, { backend: local });
    const errors: MmcpError[] = [];
    g2.onErrorObservable.add((e) => errors.push(e.error));
    const actor = await g2.bind(root);
    const refused = await actor.generate({ prompt: 'qwzx blorf', seconds: 2, seed: 1 }).then(() => null as unknown as MmcpError, (e: unknown) => e as MmcpError);
    expect(refused).toBeInstanceOf(MmcpError);
    expect(refused.message).toMatch(/walk|wave|understand/i);
    const tooMany = await actor.generate({ prompt: 'walk', samples: 999 }).then(() => null as unknown as MmcpError, (e: unknown) => e as MmcpError);
    expect(tooMany.code).toBe('invalid_options');
    expect(tooMany.message).toMatch(/at most \d+ samples/);
    const none = await actor.generate({}).then(() => null as unknown as MmcpError, (e: unknown) => e as MmcpError);
    expect(none.message).toMatch(/needs a prompt/);
    expect(errors.length).toBe(3);
    const bad = (() => { try { return new MotionGenerator(scene, {} as never); } catch (e) { return e as MmcpError; } })();
    expect((bad as MmcpError).message).toMatch(/needs a backend/);
  }, 60_000);
});
