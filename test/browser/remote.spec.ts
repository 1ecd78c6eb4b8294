/** RemoteBackend in real Chromium against a scripted MMCP server on another origin (CORS). */
import { expect, test, type Page } from '@playwright/test';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { fixtureBytes, fixtureText, fixtures } from '../support/mmcp-fixtures.js';

type Api = {
  probe(url?: string): Promise<{ status: string; code?: string; models?: string[] }>;
  generate(request: unknown): Promise<Record<string, unknown>>;
};
declare global {
  interface Window {
    remoteTest: Api;
  }
}

let srv: ScriptedServer;
test.beforeAll(async () => {
  srv = await startScriptedServer({ cors: true });
});
test.afterAll(async () => {
  await srv.close();
});
test.beforeEach(() => srv.reset());

async function open(page: Page): Promise<void> {
  await page.goto(`/test/pages/remote/?server=${encodeURIComponent(srv.url)}`);
  await page.waitForFunction(() => window.remoteTest !== undefined);
}

test('probe, then a 202 job answered with GLB, cross-origin, with the right headers on the wire', async ({ page }) => {
  await open(page);
  const caps = fixtures.capabilities();
  caps.models.push({ ...caps.models[0]!, id: 'demo-walker', supports_segment_seed: true, supported_constraints: ['root_path', 'ground_height'] });
  srv.enqueue({ status: 200, headers: { 'Content-Type': 'application/json' }, body: caps });
  expect(await page.evaluate(() => window.remoteTest.probe())).toEqual({ status: 'online', models: ['null', 'demo-walker'] });
  srv.enqueue(
    { status: 202, headers: { Location: '/generate/jobs/9', 'Retry-After': '0', 'X-Request-ID': 'req-b1' } },
    { status: 200, headers: { 'Content-Type': 'model/gltf-binary', 'X-Request-ID': 'req-b2' }, body: fixtureBytes('resp-demo-2samples.converted.glb') },
  );
  const r = await page.evaluate((req) => window.remoteTest.generate(req), fixtures.reqDemo2() as unknown);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, clips: 2, frames: 60, joints: 5, glbMagic: 'glTF', requestId: 'req-b2' });
  expect(r.stages).toEqual(['sent', 'queued', 'polling', 'downloading', 'parsed']);
  const [capsReq, post, poll] = srv.requests;
  expect(capsReq!.header('authorization')).toBe('Bearer browser-token');
  expect(post!.header('content-type')).toBe('application/json; charset=utf-8');
  expect(post!.header('idempotency-key')).toBeTruthy();
  expect(post!.header('x-app')).toBe('browser-test');
  expect(`${poll!.method} ${poll!.path} ${poll!.header('authorization')} ${poll!.header('x-app')}`).toBe('GET /generate/jobs/9 Bearer browser-token undefined');
});

test('JSON answer, error envelope and an unreachable server map to the same codes as in Node', async ({ page }) => {
  await open(page);
  srv.enqueue({ status: 200, headers: { 'Content-Type': 'model/gltf+json' }, body: fixtureText('resp-null-text.gltf') });
  expect(await page.evaluate((req) => window.remoteTest.generate(req), fixtures.reqNullText() as unknown)).toMatchObject({ ok: true, frames: 12, glbMagic: 'glTF' });
  srv.enqueue({ status: 400, headers: { 'Content-Type': 'application/json', 'X-Request-ID': 'req-e' }, body: { error: { code: 'unknown_joint', message: 'nope', details: { skeleton_joints: ['Hips'] } } } });
  expect(await page.evaluate((req) => window.remoteTest.generate(req), fixtures.reqNullText() as unknown)).toMatchObject({
    ok: false,
    code: 'unknown_joint',
    phase: 'generate',
    details: { status: 400, request_id: 'req-e', skeleton_joints: ['Hips'] },
  });
  const dead = await page.evaluate(() => window.remoteTest.probe('http://127.0.0.1:9'));
  expect(dead).toMatchObject({ status: 'unreachable', code: 'connection_failed' });
});
