/**
 * Frame pacing for the samples: render at most `maxFps` frames a second. On a software renderer
 * (SwiftShader, llvmpipe: no GPU) every frame is rasterised by the CPU, and a crowd at display rate
 * leaves no core for the motion model's worker, so frames stall while clips are generated. Rendering
 * every second display frame there keeps frames even; with a GPU the samples render at display rate.
 * @packageDocumentation
 */
import type { ThinEngine } from '@babylonjs/core/Engines/thinEngine.js';

/** True when WebGL is rasterised on the CPU (SwiftShader, llvmpipe, Microsoft Basic Render Driver). */
export function isSoftwareRenderer(engine: ThinEngine): boolean {
  const info = engine.getGlInfo();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(`${info.renderer} ${info.vendor}`);
}

/** Decides, once per animation frame, whether to render it. */
export class FramePacer {
  private readonly intervalMs: number;
  private last = -Infinity;

  /** `maxFps` ≤ 0 or non-finite: render every frame. */
  constructor(readonly maxFps: number) {
    this.intervalMs = maxFps > 0 && Number.isFinite(maxFps) ? 1000 / maxFps : 0;
  }

  /** Call once per animation frame with its time; true when this frame should be rendered. */
  shouldRender(now: number): boolean {
    // Slack (up to 6 ms): animation frames arrive with jitter around the display interval, and a frame
    // that comes a little early must not be skipped (a skip costs a whole display interval).
    if (now - this.last < this.intervalMs - Math.min(6, this.intervalMs / 4)) return false;
    this.last = now;
    return true;
  }
}
