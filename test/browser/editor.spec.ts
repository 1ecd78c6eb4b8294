/**
 * The Motion pane in Babylon's Inspector, driven like a user on the editor sample: connect to the
 * local model, pick the character, type a prompt, draw a root path on the ground, generate two
 * samples, preview sample 2, keep it, export it (Babylon GLB + MMCP GLB), replay from the cache
 * library; and a server error (real HTTP server) shown with its code while the authored prompt
 * stays, and Cancel ending a request that server never answers. Screenshots of the pane go to
 * test/screenshots/.
 *
 * The model defaults to the synthetic test package; `MMCP_EDITOR_MODEL=/models/bn-motion-small/`
 * and `MMCP_EDITOR_PROMPT=...` run the same test on the real model.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { writeTestModel } from '../support/make-test-model.js';
import { parseMotionDocument } from '../../src/motion/parse.js';
import { capabilitiesFromManifest } from '../../src/local/capabilities.js';
import { parseManifest } from '../../src/local/manifest.js';

const MODEL_DIR = join(process.cwd(), '.cache/editor-test-model');
const MODEL = process.env.MMCP_EDITOR_MODEL ?? '/.cache/editor-test-model/';
const PROMPT = process.env.MMCP_EDITOR_PROMPT ?? 'walk forward';
const SHOTS = join(process.cwd(), 'test/screenshots');
const KEPT = 'editor-kept-walk';

type Win = { editorSample: { scene: any; toScreen(x: number, y: number, z: number): { x: number; y: number } } }; // eslint-disable-line @typescript-eslint/no-explicit-any

test.beforeAll(() => {
  writeTestModel(MODEL_DIR);
  mkdirSync(SHOTS, { recursive: true });
});

async function openEditor(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1500, height: 950 });
  await page.goto(`/samples/editor/?open=1&model=${encodeURIComponent(MODEL)}`);
  // The first visit may make Vite optimise the Inspector's dependencies and reload the page;
  // `?open=1` opens the editor again after the reload.
  await expect(page.getByTestId('mmcp-pane')).toBeVisible({ timeout: 150_000 });
  await page.waitForFunction(() => (window as unknown as { editorSampleReady?: boolean }).editorSampleReady === true, null, { timeout: 30_000 });
}

async function savedBytes(d: Download): Promise<Uint8Array> {
  const path = await d.path();
  return new Uint8Array(readFileSync(path));
}

test('drive the Motion pane: prompt, path, generate, preview sample 2, keep, export, library, server error', async ({ page }) => {
  test.setTimeout(300_000);
  const t0 = Date.now();
  const mark = (what: string) => console.log(`[editor.spec] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await openEditor(page);

  // Backend: connected to the local model, capabilities and licence shown.
  await expect(page.getByTestId('mmcp-connection-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('mmcp-capabilities')).toContainText('root_path');
  await expect(page.getByTestId('mmcp-licence')).not.toBeEmpty();
  if (MODEL.includes('bn-motion-small')) await expect(page.getByTestId('mmcp-licence-note')).toContainText('Non-commercial');

  mark('pane open + connected');
  // Character: follow the Inspector's selection — select the skeleton in the Scene Explorer.
  await page.getByTestId('mmcp-follow-selection').check();
  const skeletons = page.getByRole('treeitem', { name: 'Skeletons', exact: true });
  await skeletons.click();
  await skeletons.press('ArrowRight'); // expand
  await page.getByRole('treeitem', { name: /Reference/ }).first().click();
  await expect(page.getByTestId('mmcp-character-select')).not.toHaveValue('');
  await expect(page.getByTestId('mmcp-bound')).toHaveText('bound', { timeout: 30_000 });
  await page.getByTestId('mmcp-follow-selection').uncheck();
  await expect(page.getByTestId('mmcp-role-hips')).toHaveAttribute('data-state', /mapped|low/);
  await expect(page.getByTestId('mmcp-joint-map')).toContainText('%');
  await expect(page.getByTestId('mmcp-unmapped-joints')).not.toBeEmpty(); // finger/end joints have no role
  // Per-role override: unmap upperChest, then back to automatic.
  await page.getByTestId('mmcp-override-upperChest').selectOption('__none__');
  await expect(page.getByTestId('mmcp-role-upperChest')).toHaveAttribute('data-state', 'missing');
  await page.getByTestId('mmcp-override-upperChest').selectOption('__auto__');
  await expect(page.getByTestId('mmcp-role-upperChest')).not.toHaveAttribute('data-state', 'missing');
  await expect(page.getByTestId('mmcp-bound')).toHaveText('bound');

  // Timeline + options.
  await page.getByTestId('mmcp-segment-prompt-0').fill(PROMPT);
  await page.getByTestId('mmcp-segment-seconds-0').fill('2');
  await page.getByTestId('mmcp-seed').fill('7');
  await page.getByTestId('mmcp-samples').fill('2');

  // Root path: two clicks on the ground in front of the character.
  await page.getByTestId('mmcp-draw-path').click();
  for (const z of [1, 2]) {
    const p = await page.evaluate((zz) => (window as unknown as Win).editorSample.toScreen(0.3 * zz, 0, zz), z);
    await page.mouse.click(p.x, p.y);
    // Two separate clicks, as a person makes them: Babylon reads two taps inside its double-click
    // window (300 ms) as a double tap, so wait for each point before placing the next.
    await expect(page.getByTestId('mmcp-path-count')).toHaveAttribute('data-count', String(z));
    await page.waitForTimeout(400);
  }
  await expect(page.getByTestId('mmcp-path-count')).toHaveAttribute('data-count', '2');
  const markers = await page.evaluate(() => (window as unknown as Win).editorSample.scene.meshes.filter((m: { name: string }) => m.name.startsWith('mmcp-path-')).length);
  expect(markers).toBe(3); // two spheres and the line
  await page.getByTestId('mmcp-draw-path').click();

  mark('path drawn');
  // Generate.
  await page.getByTestId('mmcp-generate').click();
  await expect(page.getByTestId('mmcp-sample-1')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('mmcp-cache-status')).toHaveAttribute('data-cached', 'false');
  await expect(page.getByTestId('mmcp-generation-info')).toContainText('ms total');
  await expect(page.getByTestId('mmcp-error')).toHaveCount(0);
  for (const id of ['mmcp-backend', 'mmcp-timeline', 'mmcp-options', 'mmcp-constraints', 'mmcp-samples-section']) {
    await page.getByTestId(id).screenshot({ path: join(SHOTS, `editor-pane-${id.replace('mmcp-', '').replace('-section', '')}.png`) });
  }
  await page.getByTestId('mmcp-character').screenshot({ path: join(SHOTS, 'editor-pane-character.png') });

  mark('generated');
  // Preview sample 2 on the character.
  await page.getByTestId('mmcp-preview-1').click();
  await expect(page.getByTestId('mmcp-sample-1')).toHaveAttribute('data-playing', 'true');
  const playing = await page.evaluate(() => (window as unknown as Win).editorSample.scene.animationGroups.filter((g: { isPlaying: boolean }) => g.isPlaying).map((g: { name: string }) => g.name));
  expect(playing.some((n: string) => n.endsWith('#1'))).toBe(true);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SHOTS, 'editor-preview.png') });

  // Keep it under a name.
  await page.getByTestId('mmcp-keep-name-1').fill(KEPT);
  await page.getByTestId('mmcp-keep-1').click();
  await expect(page.getByTestId('mmcp-kept-0')).toHaveText(KEPT);
  const kept = await page.evaluate((name) => {
    const g = (window as unknown as Win).editorSample.scene.animationGroups.find((x: { name: string }) => x.name === name);
    return g ? { animations: g.targetedAnimations.length, from: g.from, to: g.to, keys: g.targetedAnimations[0].animation.getKeys().length } : null;
  }, KEPT);
  expect(kept).not.toBeNull();
  expect(kept!.animations).toBeGreaterThan(5);
  expect(kept!.keys).toBeGreaterThan(30); // a keyed copy (2 s at 30 fps), not the two-key zero-copy stub

  mark('kept');
  // Export: the Babylon GLB (character + the kept animation) and the MMCP GLB of the sample.
  const [glbDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('mmcp-export-0').click()]);
  expect(glbDownload.suggestedFilename()).toBe(`${KEPT}.glb`);
  const glb = await savedBytes(glbDownload);
  const [mmcpDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('mmcp-export-mmcp-0').click()]);
  const mmcp = await savedBytes(mmcpDownload);
  await expect(page.getByTestId('mmcp-notice')).toContainText('Exported');

  const doc = parseMotionDocument(mmcp);
  expect(doc.clips.length).toBe(2);
  expect(doc.clips[1]!.frameCount).toBe(60);

  const scene = new Scene(new NullEngine());
  const container = await LoadAssetContainerAsync(glb, scene, { pluginExtension: '.glb' });
  expect(container.animationGroups.map((g) => g.name)).toEqual([KEPT]);
  const group = container.animationGroups[0]!;
  expect(group.targetedAnimations.length).toBe(kept!.animations);
  expect(group.to - group.from).toBeGreaterThan(1.5 * 30 - 1); // ~2 s of frames (glTF seconds × 60 fps in Babylon's loader ≥ this)
  expect(container.skeletons.length).toBeGreaterThan(0); // the skinned character came along
  scene.dispose();

  mark('exported + checked');
  // Cache library: the generation is cached; replay it.
  await expect(page.getByTestId('mmcp-cache-count')).not.toHaveAttribute('data-count', '0');
  await page.getByTestId('mmcp-cache-replay-0').click();
  await expect(page.getByTestId('mmcp-cache-status')).toHaveAttribute('data-cached', 'true');
  await expect(page.getByTestId('mmcp-sample-1')).toBeVisible();
  await page.getByTestId('mmcp-samples-section').screenshot({ path: join(SHOTS, 'editor-pane-kept.png') });
  await page.getByTestId('mmcp-library').screenshot({ path: join(SHOTS, 'editor-pane-library.png') });
  const count = Number(await page.getByTestId('mmcp-cache-count').getAttribute('data-count'));
  await page.getByTestId(`mmcp-cache-delete-0`).click();
  await expect(page.getByTestId('mmcp-cache-count')).toHaveAttribute('data-count', String(count - 1));

  mark('library done');
  // A server error (real HTTP server on 127.0.0.1) shows its code and message, and nothing
  // authored is lost. Same page: the Inspector stays open while switching backends.
  await serverErrorFlow(page);
  mark('server error done');
  expect(consoleErrors).toEqual([]);
});


async function serverErrorFlow(page: Page): Promise<void> {
  const manifest = parseManifest(JSON.parse(readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8')));
  const caps = capabilitiesFromManifest(manifest);
  const seen: string[] = [];
  const bodies: { segments: { type: string; prompt?: string }[]; options?: Record<string, unknown>; constraints?: { type: string; frames: number[] }[] }[] = [];
  const auth: string[] = [];
  let hung = 0;
  let hungClosed = 0;
  const server: Server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Expose-Headers': 'X-Request-ID' };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); res.end(); return; }
    seen.push(`${req.method} ${req.url}`);
    auth.push(req.headers.authorization ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    if (req.url?.endsWith('/capabilities')) { res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }); res.end(JSON.stringify(caps)); return; }
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof bodies)[number];
      bodies.push(body);
      // A prompt with "slowly" never gets an answer: the editor's Cancel must end it.
      if (body.segments.some((x) => x.prompt?.includes('slowly'))) {
        hung++;
        res.on('close', () => hungClosed++);
        return;
      }
      res.writeHead(422, { ...cors, 'Content-Type': 'application/json', 'X-Request-ID': 'req-editor-1' });
      res.end(JSON.stringify({ error: { code: 'unsupported_prompt', message: 'The model cannot animate "fly to the moon".', details: {} } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await page.getByTestId('mmcp-backend-remote').click();
    await page.getByTestId('mmcp-remote-url').fill(url);
    await page.getByTestId('mmcp-remote-token').fill('secret-token');
    await page.getByTestId('mmcp-connect').click();
    await expect(page.getByTestId('mmcp-connection-status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
    await expect(page.getByTestId('mmcp-connection-status')).toContainText(`remote:${url}`);
    await expect(page.getByTestId('mmcp-bound')).toHaveText('bound', { timeout: 30_000 }); // the character stays bound
    await page.getByTestId('mmcp-segment-prompt-0').fill('fly to the moon');
    await page.getByTestId('mmcp-add-gap').click();
    await page.getByTestId('mmcp-add-text').click();
    await page.getByTestId('mmcp-segment-prompt-2').fill('wave');
    await page.getByTestId('mmcp-transition').fill('8');
    await page.getByTestId('mmcp-generate').click();
    await expect(page.getByTestId('mmcp-error')).toHaveAttribute('data-code', 'unsupported_prompt', { timeout: 30_000 });
    await expect(page.getByTestId('mmcp-error-message')).toContainText('fly to the moon');
    await expect(page.getByTestId('mmcp-error')).toContainText('req-editor-1');
    // Nothing authored is lost.
    await expect(page.getByTestId('mmcp-segment-prompt-0')).toHaveValue('fly to the moon');
    await expect(page.getByTestId('mmcp-segment-1')).toHaveAttribute('data-kind', 'gap');
    await expect(page.getByTestId('mmcp-segment-prompt-2')).toHaveValue('wave');
    await expect(page.getByTestId('mmcp-generate')).toBeEnabled();
    await page.getByTestId('mmcp-error').screenshot({ path: join(SHOTS, 'editor-pane-server-error.png') });
    expect(seen.some((s) => s.startsWith('POST '))).toBe(true);
    // The gap went out as an unconditioned segment between the two prompts; transition frames as set.
    expect(bodies[0]!.segments.map((s) => s.type)).toEqual(['text', 'unconditioned', 'text']);
    expect(bodies[0]!.options?.transition_frames).toBe(8);
    // The drawn path went along, stretched over the whole timeline (last waypoint on the last frame).
    const total = 60 + 30 + 60;
    expect(bodies[0]!.constraints?.[0]?.type).toBe('root_path');
    expect(bodies[0]!.constraints![0]!.frames.at(-1)).toBe(total - 1);
    expect(auth.at(-1)).toBe('Bearer secret-token');

    // Cancel: a request the server never answers ends when the user cancels it; the connection is
    // closed, the error says "aborted", and the timeline is still there to generate again.
    await page.getByTestId('mmcp-segment-prompt-2').fill('wave slowly');
    await page.getByTestId('mmcp-generate').click();
    await expect(page.getByTestId('mmcp-cancel')).toBeEnabled();
    await expect.poll(() => hung, { timeout: 30_000 }).toBe(1);
    await page.getByTestId('mmcp-cancel').click();
    await expect(page.getByTestId('mmcp-error')).toHaveAttribute('data-code', 'aborted', { timeout: 10_000 });
    await expect(page.getByTestId('mmcp-cancel')).toBeDisabled();
    await expect(page.getByTestId('mmcp-generate')).toBeEnabled();
    await expect(page.getByTestId('mmcp-segment-prompt-2')).toHaveValue('wave slowly');
    await expect(page.getByTestId('mmcp-segment-prompt-0')).toHaveValue('fly to the moon');
    await expect.poll(() => hungClosed, { timeout: 10_000 }).toBe(1);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
