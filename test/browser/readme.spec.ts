import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

// Runs README.md's ten-line example exactly as printed; the only change is where the package's
// own specifiers resolve ('babylon-mmcp' → this repository's sources, as a bundler would after
// `npm install babylon-mmcp`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Win = { readme: { done: boolean; error: string | null }; scene: any };

// Without --enable-unsafe-webgpu: LocalBackend's 'auto' then picks WASM (SwiftShader's WebGPU is CPU-emulated and slow).
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] } });

function readmeExample(): string {
  const md = readFileSync('README.md', 'utf8');
  const m = /<!-- readme-example -->\s*```ts\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('README.md has no <!-- readme-example --> ts block');
  return m[1]!;
}

test('the README example works as printed', async ({ page }) => {
  const code = readmeExample();
  expect(code.trim().split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(11);
  const runnable = code.replace(/from 'babylon-mmcp'/g, "from '/src/index.ts'").replace(/from 'babylon-mmcp\/local'/g, "from '/src/local/index.ts'");
  mkdirSync('.cache/readme-example', { recursive: true });
  writeFileSync('.cache/readme-example/snippet.ts', `// generated from README.md by test/browser/readme.spec.ts\n${runnable}`);
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/test/pages/readme/');
  await page.waitForFunction(() => { const r = (window as unknown as Win).readme; return r && (r.done || r.error !== null); }, null, { timeout: 170_000 });
  const out = await page.evaluate(() => {
    const w = window as unknown as Win;
    const playing = w.scene.animationGroups.filter((g: { isPlaying: boolean }) => g.isPlaying);
    return { error: w.readme.error, playing: playing.length, targets: playing[0]?.targetedAnimations.length ?? 0, name: playing[0]?.name };
  });
  expect(out.error).toBeNull();
  expect(out.playing).toBe(1);
  expect(out.targets).toBeGreaterThan(15);
  expect(out.name).toMatch(/walks forward/);
  expect(errors).toEqual([]);
});
