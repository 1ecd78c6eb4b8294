import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { LocalRuntime, createNodeOrt, createNodeRuntime, loadModelPackage, type ModelPackage } from '../../src/local/index.js';
import { parseMotionDocument } from '../../src/motion/index.js';
import { validateRequest } from '../../src/protocol/validate.js';
import type { GenerateRequest } from '../../src/protocol/types.js';
import { isMmcpError } from '../../src/protocol/errors.js';
import { makeTestModel, writeTestModel } from '../support/make-test-model.js';

const pkgFiles = makeTestModel();
let runtime: LocalRuntime;
let pkg: ModelPackage;

function request(over: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    protocol_version: '1.3',
    model: runtime.spec.id,
    skeleton: runtime.spec.canonical_skeleton,
    segments: [{ type: 'text', prompt: 'walk', duration_frames: 60 }],
    options: { seed: 7 },
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    expect(isMmcpError(err)).toBe(true);
    return err as unknown as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  pkg = await loadModelPackage({ files: pkgFiles.files });
  runtime = await LocalRuntime.create(pkg, await createNodeOrt());
});
afterAll(async () => runtime?.dispose());

describe('local runtime (onnxruntime-node, test graph)', () => {
  it('advertises one ModelSpec built from the manifest', () => {
    const caps = runtime.capabilities();
    expect(caps.protocol_version).toBe('1.3');
    expect(caps.models).toHaveLength(1);
    const spec = caps.models[0]!;
    expect(spec.id).toBe('test-motion-tiny');
    expect(spec.fps).toBe(30);
    expect(spec.canonical_skeleton.joints.map((j) => j.name)).toEqual(['Hips', 'Spine', 'Head', 'LeftFoot', 'RightFoot']);
    expect(spec.supported_segments).toEqual(['text', 'unconditioned']);
    expect(spec.supported_constraints).toEqual(['root_path']);
    expect(spec.supports_retargeting).toBe(false);
    expect(spec.supports_trajectory).toBe(true);
    expect(spec.supports_loop).toBe(false);
    expect(spec.predicted_contact_joints).toEqual(['LeftFoot', 'RightFoot']);
    expect(spec.limits.max_num_samples).toBeGreaterThan(1);
    expect(runtime.id).toBe('local:test-motion-tiny@0.0.1');
  });

  it('refuses bad requests with exactly what validateRequest (a remote SDK server) answers', async () => {
    const cases: Array<[unknown, string]> = [
      [request({ segments: [{ type: 'pose', prompt: 'stand' }] }), 'unsupported_segment'],
      [request({ constraints: [{ type: 'root_path', frames: [60], positions_xz: [[0, 1]] }] }), 'frame_out_of_range'],
      [request({ model: 'nope' }), 'unknown_model'],
      [request({ constraints: [{ type: 'pose_keyframe', frame: 0, joint_rotations: { Hips: [0, 0, 0, 1] } }] }), 'unsupported_constraint'],
      [request({ options: { num_samples: 17 } }), 'schema_validation'],
      [request({ protocol_version: '2.0' }), 'version_unsupported'],
      [request({ options: { loop: true } }), 'invalid_options'],
      [request({ skeleton: { joints: [{ name: 'Root', parent: null, rest_translation: [0, 0, 0] }] } }), 'retargeting_unsupported'],
    ];
    for (const [req, code] of cases) {
      const expected = validateRequest(req, runtime.spec);
      expect(expected?.code).toBe(code);
      const err = await rejection(runtime.generate(req as GenerateRequest));
      expect(err.code).toBe(code);
      expect(err.status).toBe(expected!.status);
      expect(err.details).toEqual(expected!.details);
      expect(err.message).toBe(expected!.message);
    }
  });

  it('refuses a prompt it does not understand with invalid_request', async () => {
    const err = await rejection(runtime.generate(request({ segments: [{ type: 'text', prompt: 'qwzx blorf', duration_frames: 40 }] })));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
  });

  it('is reproducible per seed, distinct per sample, random without a seed', async () => {
    const a = await runtime.generate(request({ options: { seed: 42, num_samples: 3 } }));
    const b = await runtime.generate(request({ options: { seed: 42, num_samples: 3 } }));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const [c0, c1, c2] = a.document.clips;
    expect(a.document.clips).toHaveLength(3);
    expect(c0!.rotations).not.toEqual(c1!.rotations);
    expect(c1!.rotations).not.toEqual(c2!.rotations);
    const c = await runtime.generate(request({ options: { seed: 43 } }));
    expect(c.document.clips[0]!.rotations).not.toEqual(c0!.rotations);
    const r1 = await runtime.generate(request({ options: { seed: null } }));
    const r2 = await runtime.generate(request({ options: {} }));
    expect(r1.document.clips[0]!.rotations).not.toEqual(r2.document.clips[0]!.rotations);
  });

  it('returns a valid MMCP GLB whose parse equals the document, with timings and contacts', async () => {
    const steps: number[] = [];
    const r = await runtime.generate(request({ options: { seed: 1, num_samples: 2 } }), { onProgress: (e) => e.stage === 'step' && steps.push(e.step) });
    expect(steps).toEqual([1, 2]);
    expect(r.executionProvider).toBe('cpu');
    for (const k of ['validate', 'condition', 'inference', 'decode', 'encode', 'total']) expect(r.timings[k]).toBeGreaterThanOrEqual(0);
    const parsed = parseMotionDocument(r.bytes);
    expect(parsed.model).toBe('test-motion-tiny');
    expect(parsed.clips).toHaveLength(2);
    const clip = r.document.clips[0]!;
    expect(clip.frameCount).toBe(60);
    expect(parsed.clips[0]!.frameCount).toBe(60);
    expect(Array.from(parsed.clips[0]!.rootPositions)).toEqual(Array.from(clip.rootPositions));
    for (let i = 0; i < clip.rotations.length; i += 4) {
      const n = Math.hypot(clip.rotations[i]!, clip.rotations[i + 1]!, clip.rotations[i + 2]!, clip.rotations[i + 3]!);
      expect(Math.abs(n - 1)).toBeLessThan(1e-5);
    }
    expect(Object.keys(parsed.clips[0]!.footContacts ?? {})).toEqual(['LeftFoot', 'RightFoot']);
    expect(parsed.clips[0]!.trajectory?.position.length).toBe(120);
    expect(parsed.clips[0]!.trajectory?.yaw[0]).toBe(0);
  });

  it('composes segments (text, unconditioned, text) over the global timeline', async () => {
    const r = await runtime.generate(
      request({
        segments: [
          { type: 'text', prompt: 'a cheerful stroll', duration_frames: 40 },
          { type: 'unconditioned', duration_frames: 30 },
          { type: 'text', prompt: 'run', duration_frames: 50 },
        ],
        options: { seed: 3, transition_frames: 10 },
      }),
    );
    expect(r.document.clips[0]!.frameCount).toBe(120);
    // A different middle segment changes the motion there, not the seeded noise.
    const r2 = await runtime.generate(
      request({
        segments: [
          { type: 'text', prompt: 'a cheerful stroll', duration_frames: 40 },
          { type: 'text', prompt: 'idle', duration_frames: 30 },
          { type: 'text', prompt: 'run', duration_frames: 50 },
        ],
        options: { seed: 3, transition_frames: 10 },
      }),
    );
    const J = 5;
    const frameRot = (rr: typeof r, f: number) => Array.from(rr.document.clips[0]!.rotations.slice(f * J * 4 + 4, (f + 1) * J * 4));
    expect(frameRot(r, 10)).toEqual(frameRot(r2, 10));
    expect(frameRot(r, 55)).not.toEqual(frameRot(r2, 55));
  });

  it('follows a root_path: the root passes through every key and the trajectory travels with it', async () => {
    const keys: Array<[number, [number, number]]> = [
      [30, [0.2, 1.5]],
      [60, [1.0, 3.0]],
      [89, [2.5, 4.0]],
    ];
    const req = request({
      segments: [{ type: 'text', prompt: 'walk', duration_frames: 90 }],
      constraints: [{ type: 'root_path', frames: keys.map((k) => k[0]), positions_xz: keys.map((k) => k[1]) }],
      options: { seed: 5, num_samples: 2 },
    });
    const r = await runtime.generate(req);
    for (const clip of r.document.clips) {
      for (const [f, [x, z]] of keys) {
        expect(Math.hypot(clip.rootPositions[3 * f]! - x, clip.rootPositions[3 * f + 2]! - z)).toBeLessThan(0.01);
      }
      expect(clip.rootPositions[0]).toBeCloseTo(0, 6);
      expect(['line', 'arc']).toContain(clip.trajectory!.model);
      const T = clip.frameCount;
      const endX = clip.trajectory!.position[2 * (T - 1)]!;
      const endZ = clip.trajectory!.position[2 * (T - 1) + 1]!;
      expect(Math.hypot(endX - 2.5, endZ - 4)).toBeLessThan(0.6);
    }
    // The speed conditioning steers the model itself toward the path (before the warp).
    expect(runtime.lastInfo!.rootPathError).toBeLessThan(1e-6);
    const free = await runtime.generate(request({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 90 }], options: { seed: 5 } }));
    const freeEnd = free.document.clips[0]!.rootPositions;
    expect(Math.hypot(freeEnd[3 * 89]! - 2.5, freeEnd[3 * 89 + 2]! - 4)).toBeGreaterThan(0.5);
  });

  it('meets explicit root_path headings', async () => {
    const r = await runtime.generate(
      request({
        segments: [{ type: 'text', prompt: 'walk', duration_frames: 60 }],
        constraints: [{ type: 'root_path', frames: [59], positions_xz: [[1, 2]], heading_radians: [Math.PI / 2] }],
      }),
    );
    const q = r.document.clips[0]!.rotations.slice(59 * 5 * 4, 59 * 5 * 4 + 4);
    // Forward (+Z) turned by the root rotation should point near +X (heading π/2, counter-clockwise from +Y).
    const [x, y, z, w] = Array.from(q) as [number, number, number, number];
    const fx = 2 * (x * z + w * y);
    const fz = 1 - 2 * (x * x + y * y);
    // The heading track meets the key exactly; the root's own (model) twist stays on top of it.
    expect(runtime.lastInfo!.rootHeadingError).toBeLessThan(1e-6);
    expect(Math.abs(Math.atan2(fx, fz) - Math.PI / 2)).toBeLessThan(0.8);
  });

  it('stitches clips longer than one window and reports one step per window', async () => {
    const steps: Array<[number, number]> = [];
    const r = await runtime.generate(request({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 700 }] }), {
      onProgress: (e) => e.stage === 'step' && steps.push([e.step, e.steps]),
    });
    expect(r.document.clips[0]!.frameCount).toBe(700);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.at(-1)).toEqual([steps.length, steps.length]);
    expect(r.document.clips[0]!.chunkBoundaries.length).toBe(steps.length - 1);
  });

  it('stops between steps when aborted', async () => {
    const ctrl = new AbortController();
    const err = await rejection(
      runtime.generate(request({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 700 }], options: { num_samples: 4 } }), {
        signal: ctrl.signal,
        onProgress: (e) => e.stage === 'step' && e.step === 1 && ctrl.abort(),
      }),
    );
    expect(err.code).toBe('aborted');
    const ok = await runtime.generate(request());
    expect(ok.document.clips).toHaveLength(1);
  });
});

describe('model package loading', () => {
  let server: Server;
  let base: string;
  const served: Record<string, Uint8Array> = { ...pkgFiles.files };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      const body = url.startsWith('/models/test/') ? served[url.slice('/models/test/'.length)] : undefined;
      if (!body) { res.statusCode = 404; res.end(); return; }
      res.setHeader('Content-Length', body.byteLength);
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/test/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('loads by URL with progress and caches files in a byte store', async () => {
    const store = new Map<string, Uint8Array>();
    const byteStore = { get: async (k: string) => store.get(k), set: async (k: string, v: Uint8Array) => void store.set(k, v) };
    const progress: number[] = [];
    const p = await loadModelPackage(base, { store: byteStore, onProgress: (e) => progress.push(e.loaded) });
    expect(p.manifest.id).toBe('test-motion-tiny');
    expect(p.cachedFiles).toEqual([]);
    expect(progress.at(-1)).toBe(pkgFiles.files['decoder.onnx']!.byteLength + pkgFiles.files['vocabulary.json']!.byteLength);
    // Second load: the network is gone, everything comes from the store.
    const offline = await loadModelPackage(base, { store: byteStore, fetch: async () => { throw new TypeError('Failed to fetch'); } });
    expect(offline.manifestFromCache).toBe(true);
    expect(offline.cachedFiles.sort()).toEqual(['decoder.onnx', 'vocabulary.json']);
  });

  it('rejects a tampered byte with a typed integrity error', async () => {
    const tampered = served['decoder.onnx']!.slice();
    tampered[100] = tampered[100]! ^ 0xff;
    served['decoder.onnx'] = tampered;
    try {
      const err = await rejection(loadModelPackage(base));
      expect(err.code).toBe('model_load_failed');
      expect((err.details as Record<string, unknown>).reason).toBe('sha256_mismatch');
      expect((err.details as Record<string, unknown>).file).toBe('decoder.onnx');
      const err2 = await rejection(loadModelPackage({ files: { ...pkgFiles.files, 'decoder.onnx': tampered } }));
      expect((err2.details as Record<string, unknown>).reason).toBe('sha256_mismatch');
    } finally {
      served['decoder.onnx'] = pkgFiles.files['decoder.onnx']!;
    }
  });

  it('loads a folder on disk in Node and names a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmcp-pkg-'));
    writeTestModel(dir);
    const rt = await createNodeRuntime(dir);
    expect(rt.id).toBe('local:test-motion-tiny@0.0.1');
    await rt.dispose();
    const err = await rejection(createNodeRuntime(join(dir, 'nope')));
    expect(err.code).toBe('model_load_failed');
  });

  it('names a missing or truncated download', async () => {
    const err = await rejection(loadModelPackage(new URL('../missing/', base).href));
    expect(err.code).toBe('model_load_failed');
    const short = { ...pkgFiles.files, 'decoder.onnx': pkgFiles.files['decoder.onnx']!.slice(0, 100) };
    const err2 = await rejection(loadModelPackage({ files: short }));
    expect((err2.details as Record<string, unknown>).reason).toBe('size_mismatch');
  });
});

const REAL = join(process.cwd(), 'models/bn-motion-small');
describe.skipIf(!existsSync(join(REAL, 'manifest.json')))('default model package (models/bn-motion-small)', () => {
  it('loads unchanged and generates a clip that follows a root_path', async () => {
    const real = await createNodeRuntime(REAL);
    try {
      const spec = real.spec;
      const r = await real.generate({
        protocol_version: '1.3',
        model: spec.id,
        skeleton: spec.canonical_skeleton,
        segments: [{ type: 'text', prompt: spec.id === 'bn-motion-small' ? 'walk' : 'walk', duration_frames: 120 }],
        constraints: [{ type: 'root_path', frames: [119], positions_xz: [[0.5, 3]] }],
        options: { seed: 1, num_samples: 2 },
      });
      expect(r.document.clips).toHaveLength(2);
      const clip = r.document.clips[0]!;
      expect(clip.jointNames).toEqual(spec.canonical_skeleton.joints.map((j) => j.name));
      expect(Math.hypot(clip.rootPositions[3 * 119]! - 0.5, clip.rootPositions[3 * 119 + 2]! - 3)).toBeLessThan(0.01);
      const y = clip.rootPositions[1]!;
      expect(y).toBeGreaterThan(0.5);
      expect(y).toBeLessThan(1.3);
      expect(parseMotionDocument(r.bytes).clips).toHaveLength(2);
    } finally {
      await real.dispose();
    }
  });
});

describe('options.loop (a package that advertises supports_loop)', () => {
  it('returns a seamless cycle: last pose = first pose, same heading, trajectory.loop true', async () => {
    const looped = await LocalRuntime.create(await loadModelPackage({ files: makeTestModel({ supportsLoop: true }).files }), await createNodeOrt());
    try {
      expect(looped.spec.supports_loop).toBe(true);
      const spec = looped.spec;
      const r = await looped.generate({
        protocol_version: '1.3',
        model: spec.id,
        skeleton: spec.canonical_skeleton,
        segments: [{ type: 'text', prompt: 'walk', duration_frames: 90 }],
        options: { seed: 2, loop: true },
      });
      const c = r.document.clips[0]!;
      const J = 5;
      const T = c.frameCount;
      for (let i = 0; i < J * 4; i++) expect(c.rotations[(T - 1) * J * 4 + i]!).toBeCloseTo(c.rotations[i]!, 5);
      expect(c.rootPositions[3 * (T - 1) + 1]!).toBeCloseTo(c.rootPositions[1]!, 5);
      expect(c.trajectory!.loop).toBe(true);
      expect(['still', 'line']).toContain(c.trajectory!.model);
      // Two loop segments are refused like an SDK server does.
      const err = await rejection(
        looped.generate({ protocol_version: '1.3', model: spec.id, skeleton: spec.canonical_skeleton, segments: [{ type: 'text', prompt: 'walk', duration_frames: 40 }, { type: 'unconditioned', duration_frames: 40 }], options: { loop: true } }),
      );
      expect(err).toMatchObject({ code: 'invalid_options', details: { segments: 2 } });
    } finally {
      await looped.dispose();
    }
  });
});
