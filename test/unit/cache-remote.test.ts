/**
 * withCache around the real RemoteBackend, against a real scripted HTTP server on 127.0.0.1:
 * a repeated seeded request never reaches the network again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteBackend, clearCapabilitiesCache } from '../../src/remote/index.js';
import { ClipCache, memoryCacheStore, withCache } from '../../src/cache/index.js';
import type { GenerateRequest } from '../../src/protocol/types.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { fixtureBytes, fixtures } from '../support/mmcp-fixtures.js';

let srv: ScriptedServer;
beforeAll(async () => {
  srv = await startScriptedServer();
  clearCapabilitiesCache();
});
afterAll(async () => {
  await srv.close();
});

const GLB = { 'Content-Type': 'model/gltf-binary', 'X-Request-ID': 'srv-1' };

describe('withCache(RemoteBackend)', () => {
  it('serves a repeated seeded request from the cache; unseeded requests still reach the server', async () => {
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'application/json' }, body: fixtures.capabilities() }, { status: 200, headers: GLB, body: fixtureBytes('resp-null-text.converted.glb') });
    const remote = new RemoteBackend({ url: srv.url, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    const cache = new ClipCache({ store: memoryCacheStore(), logger: null });
    const backend = withCache(remote, cache);
    expect(backend.id).toBe(remote.id);
    const seeded: GenerateRequest = { ...fixtures.reqNullText(), options: { seed: 3 } };
    const a = await backend.generate(seeded);
    // Same request spelled differently (key order, 3 vs 3.0 after JSON parsing).
    const b = await backend.generate(JSON.parse(JSON.stringify({ options: { seed: 3.0 }, ...seeded })) as GenerateRequest);
    expect([a.cached, b.cached]).toEqual([false, true]);
    expect(b.requestId).toBe('srv-1');
    expect(Array.from(b.document.clips[0]!.rotations)).toEqual(Array.from(a.document.clips[0]!.rotations));
    expect(srv.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /capabilities', 'POST /generate']);
    const [meta] = await cache.list();
    expect(meta).toMatchObject({ backendId: remote.id, model: 'null', summary: '"stand still" 0.4 s', frames: 12, samples: 1, requestId: 'srv-1' });

    srv.enqueue({ status: 200, headers: GLB, body: fixtureBytes('resp-null-text.converted.glb') });
    const c = await backend.generate(fixtures.reqNullText());
    expect(c.cached).toBe(false);
    expect(srv.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
