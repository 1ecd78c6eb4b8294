/**
 * Frame timing for the NPC sample: the gap between consecutive rendered frames (taken when the
 * scene starts a frame, i.e. at the animation-frame cadence the user sees), split by whether a
 * generation was in flight, plus the main thread's long tasks.
 * @packageDocumentation
 */
import type { Scene } from '@babylonjs/core/scene.js';

/** Frame figures over a time window (ms). "Generating" frames had a generation in flight, "idle" ones none. */
export interface FrameStats {
  frames: number;
  fps: number;
  maxMs: number;
  p95Ms: number;
  generatingFrames: number;
  maxMsGenerating: number;
  p95MsGenerating: number;
  idleFrames: number;
  maxMsIdle: number;
  p95MsIdle: number;
  /** Main-thread tasks over 50 ms (Long Tasks API) in the window, and the longest. */
  longTasks: number;
  maxLongTaskMs: number;
}

/** The `p` quantile (0–1) of `v` (0 when empty). */
export function percentile(v: number[], p: number): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

/** Records every frame of `scene`; `generating()` says whether a generation is in flight now. */
export class FrameRecorder {
  private readonly frames: { t: number; dt: number; generating: boolean }[] = [];
  private readonly longTasks: { t: number; ms: number }[] = [];
  private last = performance.now();

  constructor(scene: Scene, generating: () => boolean) {
    scene.onBeforeRenderObservable.add(() => {
      const now = performance.now();
      this.frames.push({ t: now, dt: now - this.last, generating: generating() });
      if (this.frames.length > 6000) this.frames.splice(0, 2000);
      this.last = now;
    });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.longTasks.push({ t: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch { /* Long Tasks API not supported */ }
  }

  /** Figures for frames that started at or after `sinceMs` (`performance.now()` time; the first frame's gap is left out). */
  stats(sinceMs = 0): FrameStats {
    const f = this.frames.filter((x) => x.t >= sinceMs).slice(1);
    const span = f.length ? f[f.length - 1]!.t - f[0]!.t : 0;
    const all = f.map((x) => x.dt);
    const gen = f.filter((x) => x.generating).map((x) => x.dt);
    const idle = f.filter((x) => !x.generating).map((x) => x.dt);
    const long = this.longTasks.filter((x) => x.t >= sinceMs);
    return {
      frames: f.length,
      fps: span > 0 ? (f.length - 1) / (span / 1000) : 0,
      maxMs: Math.max(0, ...all),
      p95Ms: percentile(all, 0.95),
      generatingFrames: gen.length,
      maxMsGenerating: Math.max(0, ...gen),
      p95MsGenerating: percentile(gen, 0.95),
      idleFrames: idle.length,
      maxMsIdle: Math.max(0, ...idle),
      p95MsIdle: percentile(idle, 0.95),
      longTasks: long.length,
      maxLongTaskMs: Math.max(0, ...long.map((x) => x.ms)),
    };
  }
}
