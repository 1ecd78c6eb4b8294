/**
 * Clip cache benchmark page: `generate()` on a cached 300-frame, 30-joint clip → AnimationGroup
 * playing on a 30-node hierarchy, and what a miss pays to store. Driven by bench/cache.bench.ts.
 */
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import { TargetCamera } from '@babylonjs/core/Cameras/targetCamera.js';
import { Animation } from '@babylonjs/core/Animations/animation.js';
import { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { ClipCache, idbCacheStore, withCache } from '../../../src/cache/index.js';
import { bindCharacter, createAnimationGroup, type CharacterRig } from '../../../src/babylon/index.js';
import type { MotionClip } from '../../../src/motion/types.js';
import type { GenerateRequest, Skeleton } from '../../../src/protocol/types.js';
import { proceduralBackend } from '../../../test/support/procedural-backend.js';

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;

/** One Animation per joint (rotationQuaternion) plus the root position, keys from the clip's typed arrays. */
function buildGroup(clip: MotionClip, nodes: TransformNode[], scene: Scene): AnimationGroup {
  const J = clip.jointNames.length;
  const F = clip.frameCount;
  const rot = clip.rotations;
  const group = new AnimationGroup('cached', scene);
  for (let j = 0; j < J; j++) {
    const a = new Animation(`r${j}`, 'rotationQuaternion', clip.fps, Animation.ANIMATIONTYPE_QUATERNION, Animation.ANIMATIONLOOPMODE_CYCLE);
    const keys = new Array<{ frame: number; value: Quaternion }>(F);
    for (let f = 0; f < F; f++) {
      const o = (f * J + j) * 4;
      keys[f] = { frame: f, value: new Quaternion(rot[o], rot[o + 1], rot[o + 2], rot[o + 3]) };
    }
    a.setKeys(keys, true);
    group.addTargetedAnimation(a, nodes[j]!);
  }
  const root = new Animation('root', 'position', clip.fps, Animation.ANIMATIONTYPE_VECTOR3, Animation.ANIMATIONLOOPMODE_CYCLE);
  const rp = clip.rootPositions;
  const keys = new Array<{ frame: number; value: Vector3 }>(F);
  for (let f = 0; f < F; f++) keys[f] = { frame: f, value: new Vector3(rp[f * 3], rp[f * 3 + 1], rp[f * 3 + 2]) };
  root.setKeys(keys, true);
  group.addTargetedAnimation(root, nodes[0]!);
  return group;
}

interface RunOptions {
  reps: number;
  misses: number;
  clips: number;
  /** `facade`: bindCharacter + createAnimationGroup (retarget included); `direct`: Babylon Animation keys built here. */
  builder: 'facade' | 'direct';
}

async function run(o: RunOptions) {
  const skeleton = (await (await fetch('/shared/fixtures/mmcp/kimodo-soma30-canonical.json')).json()) as Skeleton;
  const engine = new NullEngine();
  const scene = new Scene(engine);
  new TargetCamera('cam', new Vector3(0, 1, -4), scene);
  const index = new Map(skeleton.joints.map((j, i) => [j.name, i]));
  // The character: 30 joint nodes under a glTF-style `__root__` (MMCP space = glTF space).
  const top = new TransformNode('__root__', scene);
  const nodes = skeleton.joints.map((j) => new TransformNode(j.name, scene));
  skeleton.joints.forEach((j, i) => {
    const n = nodes[i]!;
    n.parent = j.parent !== null ? nodes[index.get(j.parent)!]! : top;
    n.position.set(...j.rest_translation);
    n.rotationQuaternion = Quaternion.Identity();
  });
  const tb = performance.now();
  const rig: CharacterRig | undefined = o.builder === 'facade' ? bindCharacter(top) : undefined;
  const bindMs = performance.now() - tb;

  const store = idbCacheStore({ dbName: 'babylon-mmcp-cache-bench' });
  const cache = new ClipCache({ store, logger: null });
  await cache.clear();
  const inner = proceduralBackend({ skeleton, model: 'bench-walker' });
  const backend = withCache(inner, cache);
  const req = (seed: number): GenerateRequest => ({
    protocol_version: '1.3',
    model: 'bench-walker',
    skeleton,
    segments: [{ type: 'text', prompt: 'walk forward then wave', duration_frames: 300 }],
    options: { seed, num_samples: 1 },
  });

  // Misses: the wrapped backend alone vs through the cache (each seed new), and the store cost.
  const direct: number[] = [];
  const missWall: number[] = [];
  const store_: number[] = [];
  const missKey: number[] = [];
  const missLookup: number[] = [];
  const missLock: number[] = [];
  for (let i = 0; i < o.misses; i++) {
    let t = performance.now();
    await inner.generate(req(100_000 + i));
    direct.push(performance.now() - t);
    t = performance.now();
    const r = await backend.generate(req(1 + i));
    missWall.push(performance.now() - t);
    store_.push(r.timings['cache_store'] ?? NaN);
    missKey.push(r.timings['cache_key'] ?? NaN);
    missLookup.push(r.timings['cache_lookup'] ?? NaN);
    missLock.push(r.timings['cache_lock'] ?? NaN);
    if (r.cached) throw new Error('expected a miss');
  }
  await cache.flush();
  const size = (await cache.list())[0]!.size;

  // Hits: rotate over the cached clips; each rep ends with the group playing and a frame applied.
  const hit: number[] = [];
  const gen: number[] = [];
  const build: number[] = [];
  const read: number[] = [];
  const parse: number[] = [];
  const key: number[] = [];
  let prev: AnimationGroup | undefined;
  let checked = 0;
  for (let i = 0; i < o.reps; i++) {
    const seed = 1 + (i % Math.min(o.clips, o.misses));
    prev?.dispose();
    const t0 = performance.now();
    const r = await backend.generate(req(seed));
    const t1 = performance.now();
    const clip = r.document.clips[0]!;
    const group = rig ? createAnimationGroup(clip, rig, scene, { sourceSkeleton: r.document.skeleton, name: 'cached' }) : buildGroup(clip, nodes, scene);
    group.start(true);
    scene.render();
    const t2 = performance.now();
    if (!r.cached || !group.isPlaying) throw new Error('expected a playing cached clip');
    // Playing: after one render a node shows the group's own value at the current frame.
    const node = nodes[5]!;
    const ta = group.targetedAnimations.find((t) => t.target === node && t.animation.targetProperty === 'rotationQuaternion');
    const frame = group.animatables[0]?.masterFrame ?? 0;
    const want = ta?.animation.evaluate(frame) as Quaternion | undefined;
    const q = node.rotationQuaternion!;
    if (want && Math.abs(Math.abs(Quaternion.Dot(q, want)) - 1) < 1e-4) checked++;
    hit.push(t2 - t0);
    gen.push(t1 - t0);
    build.push(t2 - t1);
    read.push(r.timings['cache_read'] ?? NaN);
    parse.push(r.timings['cache_parse'] ?? NaN);
    key.push(r.timings['cache_key'] ?? NaN);
    prev = group;
    await new Promise((res) => setTimeout(res, 5));
  }
  const stats = await cache.stats();
  await cache.clear();
  engine.dispose();
  return {
    builder: o.builder,
    bind_ms: bindMs,
    joints: skeleton.joints.length,
    frames: 300,
    entry_bytes: size,
    reps: o.reps,
    frame_applied: checked,
    hit_generate_ms: median(gen),
    hit_key_ms: median(key),
    hit_read_ms: median(read),
    hit_parse_ms: median(parse),
    hit_build_start_render_ms: median(build),
    hit_to_play_min_ms: Math.min(...hit),
    hit_to_play_p90_ms: pct(hit, 0.9),
    miss_direct_generate_ms: median(direct),
    miss_through_cache_ms: median(missWall),
    miss_key_ms: median(missKey),
    miss_lookup_ms: median(missLookup),
    miss_lock_ms: median(missLock),
    miss_store_ms: median(store_),
    miss_extra_ms: median(missWall) - median(direct),
    cache_hits: stats.hits,
    cache_misses: stats.misses,
    cache_hit_to_play_ms: median(hit),
  };
}

(window as unknown as { cacheBench: { run: typeof run } }).cacheBench = { run };
