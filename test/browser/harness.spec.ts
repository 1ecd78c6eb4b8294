import { expect, test } from '@playwright/test';

test('pages are served cross-origin isolated (the in-page model needs it for WASM threads)', async ({ page }) => {
  await page.goto('/test/pages/harness/');
  const h = await page.waitForFunction(() => (window as unknown as { harness?: unknown }).harness);
  expect(await h.jsonValue()).toEqual({ isolated: true, sab: true });
});
