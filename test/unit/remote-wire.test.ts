/**
 * RemoteBackend on the wire, against a real scripted HTTP server on 127.0.0.1 (random port).
 * Test names carry the MMCP-CLIENT-CHECKLIST item numbers (sections A, C, D, E).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { RemoteBackend, clearCapabilitiesCache, type RemoteBackendOptions } from '../../src/remote/index.js';
import { parseMotionDocument } from '../../src/motion/index.js';
import { MmcpError } from '../../src/protocol/errors.js';
import type { GenerateProgress } from '../../src/backend.js';
import type { Capabilities } from '../../src/protocol/types.js';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { fixtureBytes, fixtureText, fixtures } from '../support/mmcp-fixtures.js';

const GLTF_JSON = { 'Content-Type': 'model/gltf+json' };
const GLB = { 'Content-Type': 'model/gltf-binary' };
const JSON_CT = { 'Content-Type': 'application/json' };
const respText = fixtureText('resp-null-text.gltf');
const respGlb = fixtureBytes('resp-null-text.converted.glb');
const resp2Text = fixtureText('resp-demo-2samples.gltf');
const resp2Glb = fixtureBytes('resp-demo-2samples.converted.glb');

let srv: ScriptedServer;
beforeAll(async () => {
  srv = await startScriptedServer();
});
afterAll(async () => {
  await srv.close();
});
beforeEach(() => {
  srv.reset();
  clearCapabilitiesCache();
});

function backend(o: Partial<RemoteBackendOptions> = {}): RemoteBackend {
  return new RemoteBackend({ url: srv.url, pollMinSeconds: 0, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...o });
}

async function fails(p: Promise<unknown>): Promise<MmcpError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MmcpError);
    return e as MmcpError;
  }
  throw new Error('expected the call to fail');
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function glbWith(mutate: (b: Uint8Array, dv: DataView) => Uint8Array | void): Uint8Array {
  const b = new Uint8Array(respGlb);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return mutate(b, dv) ?? b;
}

function glbOfJson(text: string): Uint8Array {
  const json = new TextEncoder().encode(text);
  const padded = (json.length + 3) & ~3;
  const out = new Uint8Array(20 + padded).fill(0x20);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, out.length, true);
  dv.setUint32(12, padded, true);
  dv.setUint32(16, 0x4e4f534a, true);
  out.set(json, 20);
  return out;
}

describe('A. Discovery', () => {
  it('A1: with or without trailing slash → one GET <base>/capabilities, same cache entry', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities() });
    const a = new RemoteBackend({ url: `${srv.url}/` });
    const b = new RemoteBackend({ url: srv.url });
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(`remote:${srv.url}`);
    const caps = await a.capabilities();
    expect(await b.capabilities()).toBe(caps);
    expect(srv.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /capabilities']);
  });

  it('A1: a base URL with a path prefix gets <prefix>/capabilities', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities() });
    await new RemoteBackend({ url: `${srv.url}/motion//` }).capabilities();
    expect(srv.requests[0]!.path).toBe('/motion/capabilities');
  });

  it('A2: 200 whose Content-Type has no "json" → bad_response', async () => {
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'text/html' }, body: JSON.stringify(fixtures.capabilities()) });
    const e = await fails(backend().capabilities());
    expect(e.code).toBe('bad_response');
    expect(e.phase).toBe('capabilities');
  });

  it('A3: 200 with an empty body → bad_response', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: '' });
    expect((await fails(backend().capabilities())).code).toBe('bad_response');
  });

  it('A4: 200 body that is not JSON → bad_response', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: '{"models": [' });
    expect((await fails(backend().capabilities())).code).toBe('bad_response');
  });

  it('A5: a token is sent as Authorization: Bearer on /capabilities', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities() });
    await backend({ token: 'tok-A5' }).capabilities();
    expect(srv.requests[0]!.header('authorization')).toBe('Bearer tok-A5');
  });

  it('A6: capabilities are cached per (URL, token): none, tok1, tok2 are three entries', async () => {
    const caps = (id: string): Capabilities => ({ ...fixtures.capabilities(), models: [{ ...fixtures.capabilities().models[0]!, id }] });
    srv.enqueue({ status: 200, headers: JSON_CT, body: caps('anon') }, { status: 200, headers: JSON_CT, body: caps('one') }, { status: 200, headers: JSON_CT, body: caps('two') });
    expect((await backend().capabilities()).models[0]!.id).toBe('anon');
    expect((await backend({ token: 't1' }).capabilities()).models[0]!.id).toBe('one');
    expect((await backend({ getToken: () => 't2' }).capabilities()).models[0]!.id).toBe('two');
    expect((await backend({ token: 't1' }).capabilities()).models[0]!.id).toBe('one');
    expect((await backend().capabilities()).models[0]!.id).toBe('anon');
    expect(srv.requests).toHaveLength(3);
  });

  it('A7: a cached entry is served without network unless refresh; probe always bypasses', async () => {
    const b = backend();
    srv.enqueue(...Array.from({ length: 3 }, () => ({ status: 200, headers: JSON_CT, body: fixtures.capabilities() })));
    await b.capabilities();
    await b.capabilities();
    expect(srv.requests).toHaveLength(1);
    await b.capabilities({ refresh: true });
    expect(srv.requests).toHaveLength(2);
    expect((await b.probe()).status).toBe('online');
    expect(srv.requests).toHaveLength(3);
  });

  it('A8: probe statuses, never throwing', async () => {
    const b = backend();
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities() });
    const online = await b.probe();
    expect(online.status).toBe('online');
    expect(online.capabilities?.models[0]?.id).toBe('null');
    srv.enqueue({ status: 401 });
    expect((await b.probe()).status).toBe('auth_required');
    srv.enqueue({ status: 503 });
    expect((await b.probe()).status).toBe('http_error');
    srv.enqueue({ status: 403, headers: JSON_CT, body: { error: { code: 'forbidden', message: 'no entitlement', details: {} } } });
    const forbidden = await b.probe();
    expect(forbidden.status).toBe('http_error');
    expect(forbidden.error?.message).toContain('no entitlement');
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html></html>' });
    expect((await b.probe()).status).toBe('bad_response');
    srv.enqueue({ status: 200, headers: JSON_CT, body: '' });
    expect((await b.probe()).status).toBe('bad_response');
    srv.enqueue({ status: 200, headers: JSON_CT, body: 'garbage{' });
    expect((await b.probe()).status).toBe('bad_response');
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities(), delayMs: 3000 });
    const slow = await b.probe({ timeoutMs: 300 });
    expect(slow.status).toBe('unreachable');
    expect(slow.error?.code).toBe('timeout');
    const refused = await new RemoteBackend({ url: `http://127.0.0.1:${await closedPort()}` }).probe();
    expect(refused.status).toBe('unreachable');
    expect(refused.error?.code).toBe('connection_failed');
    const dns = await new RemoteBackend({ url: 'http://no-such-host.invalid', requestTimeoutMs: 3000 }).probe();
    expect(dns.status).toBe('unreachable');
  });

  it('A13: unknown extra fields in capabilities are ignored (kept, not relied upon)', async () => {
    const caps = { ...fixtures.capabilities(), future_field: { x: 1 } } as Capabilities;
    caps.models[0] = { ...caps.models[0]!, supports_teleport: true };
    srv.enqueue({ status: 200, headers: JSON_CT, body: caps }, { status: 200, headers: GLTF_JSON, body: respText });
    const b = backend();
    const got = await b.capabilities();
    expect(got.future_field).toEqual({ x: 1 });
    const r = await b.generate(fixtures.reqNullText());
    expect(r.document.clips[0]!.frameCount).toBe(12);
  });

  it('A14: a server with protocol major ≠ 1 is refused with version_unsupported ("upgrade the plugin")', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: { ...fixtures.capabilities(), protocol_version: '2.0' } });
    const e = await fails(backend().capabilities());
    expect(e.code).toBe('version_unsupported');
    expect(e.message).toMatch(/upgrade the plugin/i);
    srv.enqueue({ status: 200, headers: JSON_CT, body: { ...fixtures.capabilities(), protocol_version: '2.0' } });
    const p = await backend().probe();
    expect(p.status).toBe('bad_response');
    expect(p.error?.code).toBe('version_unsupported');
    srv.enqueue({ status: 200, headers: JSON_CT, body: { ...fixtures.capabilities(), protocol_version: '1.10' } });
    expect((await backend({ token: 'x' }).capabilities()).protocol_version).toBe('1.10');
  });

  it('A15: /health retargeting is ready/unavailable, anything else or an error is unknown', async () => {
    const b = backend();
    srv.enqueue({ status: 200, headers: JSON_CT, body: { retargeting: 'ready' } });
    expect(await b.health()).toBe('ready');
    srv.enqueue({ status: 200, headers: JSON_CT, body: { retargeting: 'unavailable' } });
    expect(await b.health()).toBe('unavailable');
    srv.enqueue({ status: 200, headers: JSON_CT, body: { status: 'ok' } });
    expect(await b.health()).toBe('unknown');
    srv.enqueue({ status: 200, headers: JSON_CT, body: { retargeting: 'maybe' } });
    expect(await b.health()).toBe('unknown');
    srv.enqueue({ status: 404, headers: JSON_CT, body: { detail: 'Not Found' } });
    expect(await b.health()).toBe('unknown');
    srv.enqueue({ status: 200, headers: JSON_CT, body: 'nope' });
    expect(await b.health()).toBe('unknown');
    expect(srv.requests.every((r) => r.path === '/health')).toBe(true);
  });

  it('A12 / Kimodo: a renamed joint fails retargeting_unsupported before any byte is sent', async () => {
    const caps = fixtures.capabilities();
    caps.models[0] = { ...caps.models[0]!, id: 'kimodo-soma-rp', canonical_skeleton: fixtures.kimodoSkeleton(), supports_retargeting: false };
    const b = backend({ capabilities: caps });
    const req = { ...fixtures.reqNullText(), model: 'kimodo-soma-rp', skeleton: fixtures.kimodoSkeleton() };
    req.skeleton.joints[5]!.name = 'Neck_2';
    req.skeleton.joints[6]!.parent = 'Neck_2';
    const e = await fails(b.generate(req));
    expect(e.code).toBe('retargeting_unsupported');
    expect(e.status).toBe(400);
    expect(srv.requests).toHaveLength(0);
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: respText });
    await b.generate({ ...req, skeleton: fixtures.kimodoSkeleton() });
    expect(srv.requests).toHaveLength(1);
  });
});

describe('C. Transport', () => {
  it('C41: POST <base>/generate, Content-Type application/json; charset=utf-8, Accept with model/gltf+json, compact JSON', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: respText });
    const req = fixtures.reqNullText();
    await backend().generate(req);
    const r = srv.requests[0]!;
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/generate');
    expect(r.header('content-type')).toBe('application/json; charset=utf-8');
    expect(r.header('accept')).toContain('model/gltf+json');
    expect(r.header('accept')!.startsWith('model/gltf+json')).toBe(true);
    expect(r.header('idempotency-key')).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(r.body.toString('utf8')).toBe(JSON.stringify(req));
  });

  it('C41: Accept prefers model/gltf-binary when the server lists gltf_2.0_binary', async () => {
    const caps = { ...fixtures.capabilities(), response_formats: ['gltf_2.0_json', 'gltf_2.0_binary'] };
    srv.enqueue({ status: 200, headers: GLB, body: respGlb });
    await backend({ capabilities: caps }).generate(fixtures.reqNullText());
    const accept = srv.requests[0]!.header('accept')!;
    expect(accept.startsWith('model/gltf-binary')).toBe(true);
    expect(accept).toContain('model/gltf+json');
  });

  it('C42: token-derived Authorization wins over extra headers; other extra headers unchanged', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: respText });
    await backend({ token: 'tok123', headers: { authorization: 'Bearer should-not-win', 'X-App': 'test/1.0' } }).generate(fixtures.reqNullText());
    const r = srv.requests[0]!;
    expect(r.header('authorization')).toBe('Bearer tok123');
    expect(r.header('x-app')).toBe('test/1.0');
  });

  it('C43: identity headers only on the POST; Authorization on capabilities, POST and polls', async () => {
    srv.enqueue(
      { status: 200, headers: JSON_CT, body: fixtures.capabilities() },
      { status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } },
      { status: 202, headers: { 'Retry-After': '0' } },
      { status: 200, headers: GLTF_JSON, body: respText },
    );
    const b = backend({ getToken: async () => 'tok123', headers: { 'X-App': 'test/1.0' } });
    await b.capabilities();
    await b.generate(fixtures.reqNullText());
    const [caps, post, poll1, poll2] = srv.requests;
    expect(post!.header('x-app')).toBe('test/1.0');
    for (const r of [caps!, poll1!, poll2!]) expect(r.header('x-app')).toBeUndefined();
    for (const r of srv.requests) expect(r.header('authorization')).toBe('Bearer tok123');
    expect([poll1!.method, poll1!.path, poll2!.path]).toEqual(['GET', '/generate/jobs/1', '/generate/jobs/1']);
  });

  it('C44: 200 model/gltf+json (with parameters) returns the parsed document and GLB bytes', async () => {
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'model/gltf+json; charset=utf-8', 'X-Request-ID': 'req-44' }, body: resp2Text });
    const r = await backend().generate(fixtures.reqDemo2());
    const expected = parseMotionDocument(resp2Text);
    expect(r.document.clips).toHaveLength(2);
    expect(Array.from(r.document.clips[1]!.rotations)).toEqual(Array.from(expected.clips[1]!.rotations));
    expect(r.document.skeleton.names).toEqual(expected.skeleton.names);
    expect(new TextDecoder().decode(r.bytes.subarray(0, 4))).toBe('glTF');
    expect(Array.from(parseMotionDocument(r.bytes).clips[0]!.rootPositions)).toEqual(Array.from(expected.clips[0]!.rootPositions));
    expect(r.requestId).toBe('req-44');
    expect(r.model).toBe('demo-walker');
    expect(r.timings.total).toBeGreaterThan(0);
  });

  it('C44: the loop fixture (options.loop) comes back with its looped trajectory', async () => {
    const caps = fixtures.capabilities();
    caps.models[0] = { ...caps.models[0]!, id: 'demo-walker', supports_loop: true };
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: fixtureText('resp-demo-loop.gltf') });
    const r = await backend({ capabilities: caps }).generate(fixtures.reqDemoLoop());
    expect((srv.requests[0]!.json() as { options: unknown }).options).toEqual({ loop: true });
    const clip = r.document.clips[0]!;
    expect(clip.frameCount).toBe(31);
    expect(clip.trajectory?.loop).toBe(true);
  });

  it('C45: GLB with a charset parameter decodes like JSON', async () => {
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'model/gltf-binary; charset=binary' }, body: resp2Glb });
    const r = await backend().generate(fixtures.reqDemo2());
    const json = parseMotionDocument(resp2Text);
    r.document.clips.forEach((c, i) => {
      expect(Array.from(c.rotations)).toEqual(Array.from(json.clips[i]!.rotations));
      expect(Array.from(c.rootPositions)).toEqual(Array.from(json.clips[i]!.rootPositions));
      expect(c.footContacts ? Object.keys(c.footContacts) : []).toEqual(json.clips[i]!.footContacts ? Object.keys(json.clips[i]!.footContacts!) : []);
    });
    expect(r.bytes).toEqual(resp2Glb);
  });

  const badGlbs: Array<[string, () => Uint8Array]> = [
    ['bad magic', () => glbWith((b) => b.set(new TextEncoder().encode('nope'), 0))],
    ['wrong version', () => glbWith((_b, dv) => dv.setUint32(4, 1, true))],
    ['length field ≠ byte count', () => glbWith((b, dv) => dv.setUint32(8, b.length + 4, true))],
    ['truncated chunk header', () => glbWith((b) => {
      const t = b.slice(0, 16);
      new DataView(t.buffer).setUint32(8, 16, true);
      return t;
    })],
    ['truncated chunk', () => glbWith((b) => {
      const t = b.slice(0, 40);
      new DataView(t.buffer).setUint32(8, 40, true);
      return t;
    })],
    ['first chunk not JSON', () => glbWith((_b, dv) => dv.setUint32(16, 0x004e4942, true))],
    ['JSON not an object', () => glbOfJson('[1,2,3]')],
    ['too short', () => respGlb.slice(0, 8)],
  ];
  for (const [name, make] of badGlbs) {
    it(`C46: GLB with ${name} → bad_response (direct and after polling)`, async () => {
      srv.enqueue({ status: 200, headers: GLB, body: make() });
      expect((await fails(backend().generate(fixtures.reqNullText()))).code).toBe('bad_response');
      srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 200, headers: GLB, body: make() });
      const e = await fails(backend().generate(fixtures.reqNullText()));
      expect(e.code).toBe('bad_response');
      expect(e.details.phase).toBe('poll');
    });
  }

  it('C47: 200 text/html → bad_response', async () => {
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html></html>' });
    expect((await fails(backend().generate(fixtures.reqNullText()))).code).toBe('bad_response');
  });

  it('C48: 200 with an empty body → bad_response', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: '' });
    expect((await fails(backend().generate(fixtures.reqNullText()))).code).toBe('bad_response');
  });

  it('C49: 200 JSON that does not parse → bad_response', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: '{"asset": {' });
    expect((await fails(backend().generate(fixtures.reqNullText()))).code).toBe('bad_response');
  });

  it('C50: any 2xx other than 200/202 → bad_response with details.status', async () => {
    for (const status of [201, 204]) {
      srv.enqueue({ status, headers: GLTF_JSON });
      const e = await fails(backend().generate(fixtures.reqNullText()));
      expect(e.code).toBe('bad_response');
      expect(e.details.status).toBe(status);
    }
  });

  it('C51: nothing listening → connection_failed, details.phase generate, no location', async () => {
    const e = await fails(new RemoteBackend({ url: `http://127.0.0.1:${await closedPort()}` }).generate(fixtures.reqNullText()));
    expect(e.code).toBe('connection_failed');
    expect(e.details.phase).toBe('generate');
    expect('location' in e.details).toBe(false);
  });

  it('C52: asked for GLB, the SDK server answers model/gltf+json anyway → decoded', async () => {
    const caps = { ...fixtures.capabilities(), response_formats: ['gltf_2.0_json', 'gltf_2.0_binary'] };
    srv.enqueue({ status: 200, headers: { 'Content-Type': 'model/gltf+json' }, body: respText });
    const r = await backend({ capabilities: caps }).generate(fixtures.reqNullText());
    expect(srv.requests[0]!.header('accept')!.startsWith('model/gltf-binary')).toBe(true);
    expect(r.document.clips[0]!.frameCount).toBe(12);
  });
});

describe('D. Async jobs', () => {
  it('D53: 202 + Location + Retry-After 0 → GET the job until 200, waiting max(Retry-After, minimum)', async () => {
    srv.enqueue(
      { status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' }, body: { job_id: '1' } },
      { status: 202, headers: { 'Retry-After': '0' } },
      { status: 200, headers: GLTF_JSON, body: respText },
    );
    const t = Date.now();
    const r = await backend({ pollMinSeconds: 0.05 }).generate(fixtures.reqNullText());
    expect(Date.now() - t).toBeGreaterThanOrEqual(95);
    expect(srv.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /generate', 'GET /generate/jobs/1', 'GET /generate/jobs/1']);
    expect(r.document.clips[0]!.frameCount).toBe(12);
  });

  it('D53: the default minimum poll interval is 0.5 s', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 200, headers: GLTF_JSON, body: respText });
    const t = Date.now();
    await new RemoteBackend({ url: srv.url }).generate(fixtures.reqNullText());
    expect(Date.now() - t).toBeGreaterThanOrEqual(490);
  });

  it('D54: 202 without Retry-After waits the default (pollDefaultSeconds)', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1' } }, { status: 200, headers: GLTF_JSON, body: respText });
    const t = Date.now();
    await backend({ pollDefaultSeconds: 0.15 }).generate(fixtures.reqNullText());
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
  });

  it('D55: a poll answering 202 with a new Retry-After → the newest value is used', async () => {
    srv.enqueue(
      { status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } },
      { status: 202, headers: { 'Retry-After': '0.2' } },
      { status: 200, headers: GLTF_JSON, body: respText },
    );
    const t = Date.now();
    await backend().generate(fixtures.reqNullText());
    expect(Date.now() - t).toBeGreaterThanOrEqual(195);
  });

  it('D56: 202 without Location → bad_response', async () => {
    srv.enqueue({ status: 202, headers: { 'Retry-After': '0' } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(e.code).toBe('bad_response');
    expect(srv.requests).toHaveLength(1);
  });

  it('D57: absolute Location → its path is polled against the configured base and reported as location', async () => {
    srv.enqueue(
      { status: 202, headers: { Location: 'http://elsewhere.invalid:9999/generate/jobs/7', 'Retry-After': '0' } },
      { status: 500, headers: JSON_CT, body: { error: { code: 'job_failed', message: 'x' } } },
    );
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(srv.requests[1]!.path).toBe('/generate/jobs/7');
    expect(e.details.location).toBe('/generate/jobs/7');
  });

  it('D57: relative Location without a leading slash and a base with a path prefix', async () => {
    srv.enqueue({ status: 202, headers: { Location: 'motion/generate/jobs/8', 'Retry-After': '0' } }, { status: 200, headers: GLTF_JSON, body: respText });
    await backend({ url: `${srv.url}/motion` }).generate(fixtures.reqNullText());
    expect(srv.requests.map((r) => r.path)).toEqual(['/motion/generate', '/motion/generate/jobs/8']);
  });

  it('D58: polling past the deadline → timeout with details exactly {phase, location}', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0.05' } });
    for (let i = 0; i < 200; i++) srv.enqueue({ status: 202, headers: { 'Retry-After': '0.05' } });
    const e = await fails(backend().generate(fixtures.reqNullText(), { timeoutMs: 1500 }));
    expect(e.code).toBe('timeout');
    expect(e.details).toEqual({ phase: 'poll', location: '/generate/jobs/1' });
    expect(e.status).toBeUndefined();
  });

  it('D59: an error envelope while polling keeps the server code and message, with details.status', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 500, headers: JSON_CT, body: { error: { code: 'job_failed', message: 'Inference crashed' } } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(e.code).toBe('job_failed');
    expect(e.message).toBe('Inference crashed');
    expect(e.details.status).toBe(500);
    expect(e.retryable).toBe(false);
  });

  it('D60: 401 while polling → auth_required {status, phase, location}; resume with a new token GETs only', async () => {
    let token = 'old';
    const b = backend({ getToken: () => token });
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 401 });
    const e = await fails(b.generate(fixtures.reqNullText()));
    expect(e.code).toBe('auth_required');
    expect(e.details).toEqual({ status: 401, phase: 'poll', location: '/generate/jobs/1' });
    token = 'new';
    srv.enqueue({ status: 202, headers: { 'Retry-After': '0' } }, { status: 200, headers: GLTF_JSON, body: respText });
    const r = await b.resume(e.details.location as string);
    expect(r.document.clips[0]!.frameCount).toBe(12);
    const after = srv.requests.slice(2);
    expect(after.map((q) => `${q.method} ${q.path} ${q.header('authorization')}`)).toEqual(['GET /generate/jobs/1 Bearer new', 'GET /generate/jobs/1 Bearer new']);
    expect(srv.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('D61: 401 on the initial POST → auth_required {status, phase: generate} after exactly one request', async () => {
    srv.enqueue({ status: 401 });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(e.code).toBe('auth_required');
    expect(e.details).toEqual({ status: 401, phase: 'generate' });
    expect(srv.requests).toHaveLength(1);
  });

  it('D62: 404 on a job past retention → result_expired (not a transport failure)', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 404, headers: JSON_CT, body: { detail: 'Not Found' } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(e.code).toBe('result_expired');
    expect(e.details).toMatchObject({ status: 404, phase: 'poll', location: '/generate/jobs/1' });
    expect(e.message).toMatch(/again/);
  });

  it('D63: a GLB answer after polling decodes like the direct answer', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 200, headers: GLB, body: resp2Glb });
    const r = await backend().generate(fixtures.reqDemo2());
    expect(r.document.clips).toHaveLength(2);
    expect(r.bytes).toEqual(resp2Glb);
  });

  it('D: abort while polling sends DELETE on the job and fails with aborted', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/3', 'Retry-After': '5' } }, { status: 204 });
    const ac = new AbortController();
    const p = backend().generate(fixtures.reqNullText(), { signal: ac.signal, onProgress: (ev) => ev.stage === 'queued' && setTimeout(() => ac.abort(), 20) });
    const e = await fails(p);
    expect([e.code, e.details.phase, e.details.location]).toEqual(['aborted', 'poll', '/generate/jobs/3']);
    expect(srv.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /generate', 'DELETE /generate/jobs/3']);
  });

  it('D: progress events sent → queued → polling → downloading → parsed', async () => {
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 200, headers: GLB, body: resp2Glb });
    const events: GenerateProgress[] = [];
    await backend().generate(fixtures.reqDemo2(), { onProgress: (e) => events.push(e) });
    const stages = events.map((e) => e.stage);
    expect(stages[0]).toBe('sent');
    expect(stages.slice(1, 3)).toEqual(['queued', 'polling']);
    expect(stages.at(-1)).toBe('parsed');
    const dl = events.filter((e) => e.stage === 'downloading');
    expect(dl.length).toBeGreaterThan(0);
    expect(dl.at(-1)).toMatchObject({ loaded: resp2Glb.length, total: resp2Glb.length });
    expect(events.at(-1)).toEqual({ stage: 'parsed', samples: 2 });
  });
});

describe('E. Error mapping', () => {
  it('E64: envelope → code, message, details (+status unless the server set one)', async () => {
    srv.enqueue({ status: 400, headers: JSON_CT, body: { error: { code: 'unknown_joint', message: "Joint 'Foo' not found", details: { joint: 'Foo' } } } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect([e.code, e.message, e.details.joint, e.details.status, e.status]).toEqual(['unknown_joint', "Joint 'Foo' not found", 'Foo', 400, 400]);
    srv.enqueue({ status: 400, headers: JSON_CT, body: { error: { code: 'invalid_options', message: 'm', details: { status: 'server-own' } } } });
    expect((await fails(backend().generate(fixtures.reqNullText()))).details.status).toBe('server-own');
    srv.enqueue({ status: 400, headers: JSON_CT, body: { error: { message: 'no code' } } });
    expect((await fails(backend().generate(fixtures.reqNullText()))).code).toBe('http_error');
    srv.enqueue({ status: 418, headers: JSON_CT, body: { error: { code: 'teapot' } } });
    const noMsg = await fails(backend().generate(fixtures.reqNullText()));
    expect(noMsg.message).toContain('POST');
    expect(noMsg.message).toContain('/generate');
    expect(noMsg.message).toContain('418');
  });

  it('E65: non-envelope failures (text, HTML, empty, FastAPI detail) → http_error with details.status', async () => {
    const bodies: Array<[number, Record<string, string>, string]> = [
      [500, { 'Content-Type': 'text/plain' }, 'boom'],
      [502, { 'Content-Type': 'text/html' }, '<html>bad gateway</html>'],
      [500, {}, ''],
      [404, JSON_CT, '{"detail":"Not Found"}'],
      [405, JSON_CT, '{"detail":"Method Not Allowed"}'],
      [422, JSON_CT, '{"detail":[{"loc":["body"],"msg":"x"}]}'],
    ];
    for (const [status, headers, body] of bodies) {
      srv.enqueue({ status, headers, body });
      const e = await fails(backend().generate(fixtures.reqNullText()));
      expect([e.code, e.details.status]).toEqual(['http_error', status]);
    }
  });

  it('E66: any 401 → auth_required, keeping the server message or a generic one', async () => {
    srv.enqueue({ status: 401, headers: JSON_CT, body: { error: { code: 'unauthorized', message: 'Token expired' } } });
    const e = await fails(backend().capabilities());
    expect([e.code, e.message, e.details.status]).toEqual(['auth_required', 'Token expired', 401]);
    srv.enqueue({ status: 401 });
    expect((await fails(backend().generate(fixtures.reqNullText()))).message).toMatch(/Authentication required \(HTTP 401\)/);
  });

  it('E67: Retry-After 7 → details.retry_after 7; an HTTP date is converted, never fatal', async () => {
    srv.enqueue({ status: 429, headers: { 'Retry-After': '7' } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect([e.details.retry_after, e.retryAfter, e.details.status]).toEqual([7, 7, 429]);
    srv.enqueue({ status: 503, headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    const d = await fails(backend().generate(fixtures.reqNullText()));
    expect(d.code).toBe('http_error');
    expect(d.details.retry_after).toBe(0);
    srv.enqueue({ status: 503, headers: { 'Retry-After': 'soon' } });
    expect('retry_after' in (await fails(backend().generate(fixtures.reqNullText()))).details).toBe(false);
  });

  it('E68: X-Request-ID → request_id; X-Job-Id is the fallback; X-Request-ID wins', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'X-Request-ID': 'req-abc' }, 'req-abc'],
      [{ 'X-Job-Id': 'job-42' }, 'job-42'],
      [{ 'X-Request-ID': 'req-abc', 'X-Job-Id': 'job-42' }, 'req-abc'],
    ];
    for (const [headers, id] of cases) {
      srv.enqueue({ status: 500, headers });
      const e = await fails(backend().generate(fixtures.reqNullText()));
      expect([e.details.request_id, e.requestId]).toEqual([id, id]);
    }
  });

  it('E69: phase is generate for the POST, poll (+location) while polling, never overwritten', async () => {
    srv.enqueue({ status: 500, headers: JSON_CT, body: { error: { code: 'internal_error', message: 'x' } } });
    const g = await fails(backend().generate(fixtures.reqNullText()));
    expect([g.phase, g.details.phase, 'location' in g.details]).toEqual(['generate', 'generate', false]);
    srv.enqueue({ status: 202, headers: { Location: '/generate/jobs/1', 'Retry-After': '0' } }, { status: 500, headers: JSON_CT, body: { error: { code: 'internal_error', message: 'x' } } });
    const p = await fails(backend().generate(fixtures.reqNullText()));
    expect([p.phase, p.details.phase, p.details.location]).toEqual(['poll', 'poll', '/generate/jobs/1']);
  });

  it('E70: retryable codes are retried with the same Idempotency-Key, honouring Retry-After', async () => {
    srv.enqueue(
      { status: 503, headers: { ...JSON_CT, 'Retry-After': '0.1' }, body: { error: { code: 'model_unavailable', message: 'loading' } } },
      { status: 429, headers: { ...JSON_CT, 'Retry-After': '0' }, body: { error: { code: 'rate_limited', message: 'slow down' } } },
      { status: 503, headers: JSON_CT, body: { error: { code: 'resource_exhausted', message: 'oom' } } },
      { status: 504, headers: JSON_CT, body: { error: { code: 'timeout', message: 'deadline' } } },
      { status: 200, headers: GLTF_JSON, body: respText },
    );
    const t = Date.now();
    const r = await backend({ retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 } }).generate(fixtures.reqNullText());
    expect(Date.now() - t).toBeGreaterThanOrEqual(95);
    expect(r.document.clips).toHaveLength(1);
    const keys = srv.requests.map((q) => q.header('idempotency-key'));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(1);
  });

  it('E70: a transport reset is retried with the same key', async () => {
    srv.enqueue({ status: 0, reset: true }, { status: 200, headers: GLTF_JSON, body: respText });
    await backend().generate(fixtures.reqNullText());
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[0]!.header('idempotency-key')).toBe(srv.requests[1]!.header('idempotency-key'));
  });

  it('E70: internal_error and validation codes are never retried; attempts and total time are bounded', async () => {
    for (const [status, code] of [[500, 'internal_error'], [400, 'invalid_options'], [422, 'schema_validation']] as const) {
      srv.reset();
      srv.enqueue({ status, headers: JSON_CT, body: { error: { code, message: code } } });
      const e = await fails(backend().generate(fixtures.reqNullText()));
      expect(e.code).toBe(code);
      expect(e.retryable).toBe(false);
      expect(srv.requests).toHaveLength(1);
    }
    srv.reset();
    const busy = { status: 503, headers: { ...JSON_CT, 'Retry-After': '0' }, body: { error: { code: 'model_unavailable', message: 'busy' } } };
    srv.enqueue(busy, busy, busy, busy);
    const e = await fails(backend({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).generate(fixtures.reqNullText()));
    expect(e.code).toBe('model_unavailable');
    expect(srv.requests).toHaveLength(3);
    srv.reset();
    srv.enqueue({ ...busy, headers: { ...JSON_CT, 'Retry-After': '5' } }, busy);
    const t = Date.now();
    await fails(backend({ retry: { maxAttempts: 10, maxTotalMs: 1000 } }).generate(fixtures.reqNullText()));
    expect(Date.now() - t).toBeLessThan(1000);
    expect(srv.requests).toHaveLength(1);
  });

  it('E71: Idempotency-Status declined → no automatic retry; 409 → idempotency_conflict', async () => {
    srv.enqueue({ status: 503, headers: { ...JSON_CT, 'Retry-After': '0', 'Idempotency-Status': 'declined' }, body: { error: { code: 'resource_exhausted', message: 'busy' } } });
    const d = await fails(backend().generate(fixtures.reqNullText()));
    expect(d.code).toBe('resource_exhausted');
    expect(d.details.idempotency_status).toBe('declined');
    expect(srv.requests).toHaveLength(1);
    srv.enqueue({ status: 409, headers: JSON_CT, body: '' });
    const c = await fails(backend().generate(fixtures.reqNullText()));
    expect([c.code, c.status, c.retryable]).toEqual(['idempotency_conflict', 409, false]);
  });

  it('E72: version_unsupported surfaces as "upgrade the plugin"', async () => {
    srv.enqueue({ status: 400, headers: JSON_CT, body: { error: { code: 'version_unsupported', message: "protocol_version '1.3' is not supported", details: { supported_majors: ['2'] } } } });
    const e = await fails(backend().generate(fixtures.reqNullText()));
    expect(e.code).toBe('version_unsupported');
    expect(e.message).toMatch(/upgrade the plugin/);
    expect(e.details.supported_majors).toEqual(['2']);
  });

  it('E73: batch results map per item: gltf → success, error → that item only', async () => {
    const gltf = JSON.parse(respText) as object;
    srv.enqueue(
      { status: 200, headers: JSON_CT, body: fixtures.capabilities() },
      {
        status: 200,
        headers: JSON_CT,
        body: { results: [{ gltf }, { error: { code: 'unknown_model', message: "model 'x' is not registered", details: { available_models: ['null'] } } }, { gltf }, { gltf }] },
      },
    );
    const items = await backend({ validate: false }).generateBatch([fixtures.reqNullText(), { ...fixtures.reqNullText(), model: 'x' }, fixtures.reqNullText(), fixtures.reqNullText()]);
    expect(items.map((i) => i.ok)).toEqual([true, false, true, true]);
    const bad = items[1]!;
    if (bad.ok) throw new Error('item 1 must fail');
    expect([bad.error.code, bad.error.status, bad.error.details.available_models]).toEqual(['unknown_model', 400, ['null']]);
    const good = items[3]!;
    if (!good.ok) throw new Error('item 3 must succeed');
    expect(good.result.document.clips[0]!.frameCount).toBe(12);
    const post = srv.requests[1]!;
    const body = post.json() as { protocol_version: string; requests: unknown[] };
    expect(post.path).toBe('/generate');
    expect(body.protocol_version).toBe('1.0');
    expect(body.requests).toHaveLength(4);
  });

  it('E73: batch items the server would refuse fail locally and are not sent', async () => {
    srv.enqueue({ status: 200, headers: JSON_CT, body: fixtures.capabilities() }, { status: 200, headers: JSON_CT, body: { results: [{ gltf: JSON.parse(respText) as object }] } });
    const items = await backend().generateBatch([{ ...fixtures.reqNullText(), model: 'x' }, fixtures.reqNullText()]);
    expect(items[0]).toMatchObject({ ok: false, error: { code: 'unknown_model' } });
    expect(items[1]!.ok).toBe(true);
    expect((srv.requests[1]!.json() as { requests: unknown[] }).requests).toHaveLength(1);
    srv.reset();
    srv.enqueue({ status: 200, headers: JSON_CT, body: { results: [{ error: { code: 'internal_error', message: 'boom' } }] } });
    const again = await backend().generateBatch([{ ...fixtures.reqNullText(), model: 'x' }, fixtures.reqNullText()]);
    expect(again[1]).toMatchObject({ ok: false, error: { code: 'internal_error', status: 500, details: { item: 1 } } });
  });

  it('E73: a batch to a model without supports_batch is refused before sending', async () => {
    const caps = fixtures.capabilities();
    caps.models[0] = { ...caps.models[0]!, supports_batch: false };
    const e = await fails(backend({ capabilities: caps }).generateBatch([fixtures.reqNullText()]));
    expect(e.code).toBe('schema_validation');
    expect(srv.requests).toHaveLength(0);
  });
});

describe('Deadlines, cancellation, credentials', () => {
  it('abort while the POST is pending → aborted, phase generate, one request', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: respText, delayMs: 5000 });
    const ac = new AbortController();
    const pending = fails(backend().generate(fixtures.reqNullText(), { signal: ac.signal }));
    await until(() => srv.requests.length > 0);
    const t = Date.now();
    ac.abort();
    const e = await pending;
    expect([e.code, e.phase]).toEqual(['aborted', 'generate']);
    expect(Date.now() - t).toBeLessThan(1500);
    expect(srv.requests).toHaveLength(1);
  });

  it('timeoutMs bounds a POST that never answers → timeout, phase generate, not retried', async () => {
    srv.enqueue({ status: 200, headers: GLTF_JSON, body: respText, delayMs: 5000 });
    const e = await fails(backend().generate(fixtures.reqNullText(), { timeoutMs: 1500 }));
    expect([e.code, e.phase, e.retryable]).toEqual(['timeout', 'generate', false]);
    await until(() => srv.requests.length > 0);
    expect(srv.requests).toHaveLength(1);
  });

  it('a failing getToken surfaces as auth_required without sending anything', async () => {
    const e = await fails(backend({ getToken: () => Promise.reject(new Error('refresh failed')) }).generate(fixtures.reqNullText()));
    expect(e.code).toBe('auth_required');
    expect(e.message).toContain('refresh failed');
    expect(srv.requests).toHaveLength(0);
  });

  it('a direct 200 answer reports downloading progress with the byte count', async () => {
    srv.enqueue({ status: 200, headers: GLB, body: resp2Glb });
    const events: GenerateProgress[] = [];
    await backend().generate(fixtures.reqDemo2(), { onProgress: (ev) => events.push(ev) });
    expect(events.map((ev) => ev.stage).filter((s, i, a) => a.indexOf(s) === i)).toEqual(['sent', 'downloading', 'parsed']);
    expect(events.find((ev) => ev.stage === 'sent')).toEqual({ stage: 'sent', bytes: Buffer.byteLength(JSON.stringify(fixtures.reqDemo2())) });
  });

  it('capabilities without protocol_version are tolerated; a malformed one is refused', async () => {
    const { protocol_version: _v, ...noVersion } = fixtures.capabilities();
    srv.enqueue({ status: 200, headers: JSON_CT, body: noVersion }, { status: 200, headers: JSON_CT, body: { ...noVersion, protocol_version: 'one' } });
    expect((await backend().capabilities()).models).toHaveLength(1);
    expect((await fails(backend({ token: 'other' }).capabilities())).code).toBe('version_unsupported');
  });

  it('an invalid server URL is refused at construction with invalid_url', () => {
    expect(() => new RemoteBackend({ url: 'ftp://host/x' })).toThrow(MmcpError);
    expect(() => new RemoteBackend({ url: 'not a url' })).toThrow(/not a URL/);
  });
});
