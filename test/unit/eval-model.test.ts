/**
 * `npm run eval:model`'s generation half (scripts/eval-model/generate.mjs) on the synthetic test
 * model: the sample file layout the Python side reads, reproducibility against a direct runtime
 * call, label prompts that condition exactly one content and style, and the root_path probe
 * (the model's own miss before the warp must match the runtime's reported correction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without types
import { generateAll, loadRuntimeModule, readPackageFiles, rootPaths } from '../../scripts/eval-model/generate.mjs';
import { writeTestModel, TEST_CONTENTS, TEST_STYLES, TEST_JOINTS } from '../support/make-test-model.js';

interface Sample { set: string; content: string; style: string | null; prompt: string; seed: number; frames: number; offset: number; joints: number }
interface PathResult { kind: string; mean_error_m: number; max_error_m: number; model_mean_miss_m: number | null; model_max_miss_m: number | null }
interface Index { samples: Sample[]; prompt_checks: Array<{ prompt: string; exact: boolean }>; root_path: { results: PathResult[] }; node_4s_ms: number }

let dir: string;
let index: Index;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let rt: any;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eval-model-test-'));
  writeTestModel(join(dir, 'pkg'));
  rt = await loadRuntimeModule(join(dir, 'cache'));
  index = await generateAll({ rt, modelDir: join(dir, 'pkg'), outDir: join(dir, 'gen'), seeds: 2, styleSeeds: 1, styleContentsPer: 1, pathSeeds: 1 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval:model generation (test model)', () => {
  it('writes every sample as root positions + quaternions at the recorded offsets', () => {
    const J = TEST_JOINTS.length;
    const content = index.samples.filter((s) => s.set === 'content');
    expect(content.map((s) => s.content)).toEqual(TEST_CONTENTS.flatMap((c) => [c, c]));
    expect(index.samples.filter((s) => s.set === 'root_path')).toHaveLength(3);
    const bytes = readFileSync(join(dir, 'gen', 'samples.f32'));
    const total = index.samples.reduce((a, s) => a + s.frames * (3 + 4 * J), 0);
    expect(bytes.byteLength).toBe(total * 4);
    const raw = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    for (const s of index.samples) {
      const q = raw.subarray(s.offset + 3 * s.frames, s.offset + 3 * s.frames + 4 * s.frames * J);
      for (let i = 0; i < q.length; i += 4) expect(Math.hypot(q[i]!, q[i + 1]!, q[i + 2]!, q[i + 3]!)).toBeCloseTo(1, 4);
    }
  });

  it('matches a direct runtime call with the same prompt and seed', async () => {
    const s = index.samples.find((x) => x.set === 'content' && x.content === 'run')!;
    const { files } = readPackageFiles(join(dir, 'pkg'));
    const runtime = await rt.LocalRuntime.create(await rt.loadModelPackage({ files }), await rt.createNodeOrt({ threads: 1 }));
    const res = await runtime.generate({
      protocol_version: '1.3', model: runtime.spec.id, skeleton: runtime.spec.canonical_skeleton,
      segments: [{ type: 'text', prompt: s.prompt, duration_frames: s.frames }], options: { seed: s.seed, num_samples: 1 },
    });
    await runtime.dispose();
    const bytes = readFileSync(join(dir, 'gen', 'samples.f32'));
    const raw = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(Array.from(raw.subarray(s.offset, s.offset + 3 * s.frames))).toEqual(Array.from(res.document.clips[0].rootPositions));
  });

  it('conditions label prompts on exactly one content and one style', () => {
    expect(index.prompt_checks.length).toBeGreaterThanOrEqual(TEST_CONTENTS.length);
    expect(index.prompt_checks.filter((p) => !p.exact)).toEqual([]);
    expect(TEST_STYLES).toContain('normal');
  });

  it('measures root_path before and after the warp', () => {
    const rp = rootPaths(30);
    expect(rp.keys).toEqual([30, 60, 90, 120, 150, 180]);
    expect(rp.frames).toBeGreaterThan(180);
    for (const r of index.root_path.results) {
      expect(r.mean_error_m).toBeLessThan(1e-3); // delivered: the warp meets the keys
      expect(r.model_mean_miss_m).not.toBeNull();
      expect(r.model_max_miss_m!).toBeGreaterThan(r.mean_error_m);
      // the probe's per-key misses average to at most the runtime's own max correction
      expect(r.model_mean_miss_m!).toBeLessThanOrEqual(r.model_max_miss_m! + 1e-9);
      expect(r.model_mean_miss_m!).toBeGreaterThan(0);
    }
    expect(index.node_4s_ms).toBeGreaterThan(0);
  });
});
