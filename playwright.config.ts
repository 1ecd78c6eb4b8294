import { defineConfig } from '@playwright/test';

/** Flags that keep headless Chromium off the (closed) network; see docs/testing.md. */
const BASE = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Exposes SwiftShader's WebGPU adapter (compute only; enough for onnxruntime-web's WebGPU EP). */
const WEBGPU = ['--enable-unsafe-webgpu'];
const PORT = Number(process.env.MMCP_TEST_PORT ?? 5199);

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/browser.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...BASE, ...WEBGPU] },
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT} --no-hmr`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
