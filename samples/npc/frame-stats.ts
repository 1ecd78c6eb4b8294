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
  /**
   * Animation frames over 50 ms (Long Animation Frames API, where supported), longest first (at most
   * 5): how long the frame took, how much of it was script, and the scripts that ran longest.
   */
  longFrames: LongFrame[];
}

/** One long animation frame and what ran in it. */
export interface LongFrame {
  t: number;
  ms: number;
  /** Time spent in scripts in the frame. */
  scriptMs: number;
  /** Time from the frame's start to its rendering steps (work before rendering). */
  beforeRenderMs: number;
  /** The longest scripts: "invoker @ function (source) ms". */
  scripts: string[];
}

/** The part of a `PerformanceLongAnimationFrameTiming` entry used here. */
interface LoafEntry {
  startTime: number;
  duration: number;
  renderStart: number;
  scripts?: { invoker: string; sourceURL?: string; sourceFunctionName?: string; duration: number }[];
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
  private readonly longFrames: LongFrame[] = [];
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
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as LoafEntry[]) {
          const scripts = [...(e.scripts ?? [])].sort((a, b) => b.duration - a.duration).slice(0, 3);
          this.longFrames.push({
            t: e.startTime,
            ms: e.duration,
            scriptMs: (e.scripts ?? []).reduce((a, x) => a + x.duration, 0),
            beforeRenderMs: e.renderStart > 0 ? e.renderStart - e.startTime : e.duration,
            scripts: scripts.map((x) => `${x.invoker} @ ${x.sourceFunctionName || '?'} (${(x.sourceURL ?? '').split('/').pop()}) ${x.duration.toFixed(0)} ms`),
          });
          if (this.longFrames.length > 200) this.longFrames.splice(0, 100);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch { /* Long Animation Frames API not supported */ }
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
      longFrames: this.longFrames.filter((x) => x.t >= sinceMs).sort((a, b) => b.ms - a.ms).slice(0, 5),
    };
  }
}
