import { describe, expect, it } from 'vitest';
import { canonicalJson, cacheKey, cacheKeyMaterial, isSeeded, modelVersionOf, withoutSeeds } from '../../src/cache/index.js';
import type { GenerateRequest, ModelSpec } from '../../src/protocol/types.js';
import { isMmcpError } from '../../src/protocol/errors.js';

const request = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  protocol_version: '1.3',
  model: 'm',
  skeleton: { joints: [{ name: 'Hips', parent: null, rest_translation: [0, 0.95, 0] }] },
  segments: [{ type: 'text', prompt: 'walk', duration_frames: 60 }],
  options: { seed: 7, num_samples: 1 },
  ...extra,
});
const base = { backendId: 'b', model: 'm', modelVersion: '1' };

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":1,"z":0}]},"b":1}');
  });
  it('writes one form per number: 1.0, 1, 1e0 and -0 vs 0', () => {
    const texts = ['{"x":1.0}', '{"x":1}', '{"x":1e0}', '{"x":10e-1}', '{"x":1.000}'].map((t) => canonicalJson(JSON.parse(t)));
    expect(new Set(texts).size).toBe(1);
    expect(canonicalJson({ x: -0 })).toBe(canonicalJson({ x: 0 }));
    expect(canonicalJson([0.1 + 0.2, 1e21, 5e-7])).toBe('[0.30000000000000004,1e+21,5e-7]');
  });
  it('NFC-normalises strings and keys', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(canonicalJson({ [decomposed]: decomposed })).toBe(canonicalJson({ [composed]: composed }));
  });
  it('writes typed arrays as number arrays', () => {
    expect(canonicalJson({ a: Float32Array.of(0.5, -0) })).toBe('{"a":[0.5,0]}');
  });
  it.each([
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: [1, Number.POSITIVE_INFINITY] }],
    ['bigint', { a: 1n }],
    ['function', { a: () => 1 }],
    ['Date', { a: new Date(0) }],
  ])('rejects %s with a typed error', (_name, value) => {
    let err: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      err = e;
    }
    expect(isMmcpError(err)).toBe(true);
    expect((err as { code: string }).code).toBe('invalid_cache_key');
    expect((err as Error).message).toMatch(/\$\.a/);
  });
  it('rejects cycles', () => {
    const a: Record<string, unknown> = {};
    a['self'] = a;
    expect(() => canonicalJson(a)).toThrow(/circular/);
  });
});

describe('cacheKey', () => {
  it('is the SHA-256 hex of the canonical material', async () => {
    const key = await cacheKey({ ...base, request: request() });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const { createHash } = await import('node:crypto');
    expect(key).toBe(createHash('sha256').update(cacheKeyMaterial({ ...base, request: request() })).digest('hex'));
  });
  it('cannot be split by key order or number spelling', async () => {
    const a = JSON.parse('{"protocol_version":"1.3","model":"m","skeleton":{"joints":[{"name":"Hips","parent":null,"rest_translation":[0,0.95,0]}]},"segments":[{"type":"text","prompt":"walk","duration_frames":60}],"options":{"seed":7,"num_samples":1}}') as GenerateRequest;
    const b = JSON.parse('{"options":{"num_samples":1.0,"seed":7e0},"segments":[{"duration_frames":6.0e1,"prompt":"walk","type":"text"}],"skeleton":{"joints":[{"rest_translation":[-0.0,0.950,0E0],"parent":null,"name":"Hips"}]},"model":"m","protocol_version":"1.3"}') as GenerateRequest;
    expect(await cacheKey({ ...base, request: b })).toBe(await cacheKey({ ...base, request: a }));
  });
  it('changes with anything that changes the response', async () => {
    const k0 = await cacheKey({ ...base, request: request() });
    const others = await Promise.all([
      cacheKey({ ...base, backendId: 'other', request: request() }),
      cacheKey({ ...base, modelVersion: '2', request: request() }),
      cacheKey({ ...base, request: request({ options: { seed: 8, num_samples: 1 } }) }),
      cacheKey({ ...base, request: request({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 61 }] }) }),
      cacheKey({ ...base, request: request(), anySample: true }),
    ]);
    expect(new Set([k0, ...others]).size).toBe(6);
  });
  it('any-sample keys ignore seeds and carry a marker', async () => {
    const unseeded = request({ options: { num_samples: 1 } });
    const nullSeed = request({ options: { num_samples: 1, seed: null } });
    expect(await cacheKey({ ...base, request: unseeded, anySample: true })).toBe(await cacheKey({ ...base, request: nullSeed, anySample: true }));
    expect(cacheKeyMaterial({ ...base, request: unseeded, anySample: true })).toContain('"unseeded":"any-cached-sample"');
    expect(await cacheKey({ ...base, request: unseeded, anySample: true })).not.toBe(await cacheKey({ ...base, request: unseeded }));
  });
});

describe('seeds and model versions', () => {
  it('isSeeded: options.seed or a seed on every segment', () => {
    expect(isSeeded(request())).toBe(true);
    expect(isSeeded(request({ options: { seed: null } }))).toBe(false);
    expect(isSeeded(request({ options: {} }))).toBe(false);
    expect(isSeeded(request({ options: {}, segments: [{ type: 'text', prompt: 'a', duration_frames: 5, seed: 3 }] }))).toBe(true);
    expect(
      isSeeded(request({ options: {}, segments: [{ type: 'text', prompt: 'a', duration_frames: 5, seed: 3 }, { type: 'unconditioned', duration_frames: 5 }] })),
    ).toBe(false);
    expect(isSeeded(request({ options: {}, segments: [] }))).toBe(false);
  });
  it('withoutSeeds removes every seed and leaves the input alone', () => {
    const r = request({ segments: [{ type: 'text', prompt: 'a', duration_frames: 5, seed: 3 }] });
    const s = withoutSeeds(r);
    expect(canonicalJson(s)).not.toContain('seed');
    expect(r.options?.seed).toBe(7);
  });
  it('modelVersionOf prefers an explicit version, else digests the spec', async () => {
    const spec = { id: 'm', fps: 30, canonical_skeleton: { joints: [] }, limits: {} } as unknown as ModelSpec;
    expect(await modelVersionOf({ ...spec, version: '2.1' })).toBe('2.1');
    const v1 = await modelVersionOf(spec);
    expect(v1).toMatch(/^spec-[0-9a-f]{16}$/);
    expect(await modelVersionOf({ ...spec, fps: 20 })).not.toBe(v1);
  });
});
