import { describe, expect, it } from 'vitest';
import type { ThinEngine } from '@babylonjs/core/Engines/thinEngine.js';
import { FramePacer, isSoftwareRenderer } from '../../samples/common/frame-pacer.js';

/** Renders of a pacer over `seconds` of animation frames at `hz`, with ±`jitterMs` of alternating jitter. */
function rendered(pacer: FramePacer, hz: number, seconds: number, jitterMs = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < hz * seconds; i++) {
    const t = (i * 1000) / hz + (i % 2 ? jitterMs : -jitterMs);
    if (pacer.shouldRender(t)) out.push(t);
  }
  return out;
}

describe('FramePacer (samples)', () => {
  it('renders every second frame of a 60 Hz display at 30 fps, evenly, also with jitter', () => {
    for (const jitter of [0, 2, 4]) {
      const t = rendered(new FramePacer(30), 60, 4, jitter);
      expect(t.length).toBeGreaterThanOrEqual(119);
      expect(t.length).toBeLessThanOrEqual(121);
      const gaps = t.slice(1).map((x, i) => x - t[i]!);
      expect(Math.max(...gaps)).toBeLessThan(34 + 2 * jitter);
    }
  });
  it('caps a 120 Hz display at 30 fps too', () => {
    expect(rendered(new FramePacer(30), 120, 4).length).toBeLessThanOrEqual(121);
  });
  it('renders every frame when uncapped (0, negative, NaN)', () => {
    for (const fps of [0, -1, Number.NaN]) expect(rendered(new FramePacer(fps), 60, 1)).toHaveLength(60);
  });
  it('recognises software renderers by the WebGL renderer string', () => {
    const engine = (renderer: string, vendor = 'Google Inc.') => ({ getGlInfo: () => ({ renderer, vendor, version: 'WebGL 2.0' }) }) as unknown as ThinEngine;
    expect(isSoftwareRenderer(engine('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'))).toBe(true);
    expect(isSoftwareRenderer(engine('llvmpipe (LLVM 15.0.6, 256 bits)', 'Mesa'))).toBe(true);
    expect(isSoftwareRenderer(engine('ANGLE (NVIDIA, NVIDIA GeForce RTX 4070 Direct3D11 vs_5_0 ps_5_0, D3D11)'))).toBe(false);
    expect(isSoftwareRenderer(engine('Apple M2'))).toBe(false);
  });
});
