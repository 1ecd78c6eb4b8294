/**
 * A main-thread time budget per animation frame, shared by everything one {@link MotionGenerator}
 * builds: when several clips arrive at once (a crowd, a burst of cache hits), their retargeting
 * slices and group builds queue for the same few milliseconds per frame instead of each taking its
 * own.
 * @packageDocumentation
 */

/** What a sliced job needs from a budget: hold it for one slice, then say what the slice cost. */
export interface SliceBudget {
  /** Waits until the current frame (or a later one) has budget left and holds it; resolves with the milliseconds left. */
  acquire(): Promise<number>;
  /** Ends the slice started by {@link acquire}: `ms` is what it took. */
  release(ms: number): void;
}

/** Resolves at the next animation frame (or after 50 ms where frames do not run, e.g. Node or a hidden tab). */
export function nextAnimationFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => { clearTimeout(timer); resolve(); });
  });
}

/** Length of one budget window when no frame boundary was observed (a 60 Hz frame). */
const WINDOW_MS = 16;

/**
 * One slice at a time, at most `budgetMs` per frame in total (a slice that overruns its estimate is
 * not cut: the next one waits for the next frame). Frames are whatever `nextFrame` resolves on
 * (`requestAnimationFrame` in a page); a window also ends after 16 ms without one.
 */
export class FrameBudget implements SliceBudget {
  private spent = 0;
  private windowStart = -Infinity;
  private held = false;
  private readonly queue: (() => void)[] = [];
  private frameWait: Promise<void> | undefined;

  constructor(
    /** Milliseconds of main-thread work allowed per frame. */
    readonly budgetMs: number,
    private readonly nextFrame: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async acquire(): Promise<number> {
    while (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.held = true;
    for (;;) {
      const t = this.now();
      if (t - this.windowStart >= WINDOW_MS) {
        this.windowStart = t;
        this.spent = 0;
      }
      if (this.spent < this.budgetMs) return this.budgetMs - this.spent;
      await this.frame();
    }
  }

  release(ms: number): void {
    this.spent += Math.max(0, ms);
    this.held = false;
    this.queue.shift()?.();
  }

  /** One shared wait for the next frame, which opens a new window. */
  private frame(): Promise<void> {
    this.frameWait ??= this.nextFrame().then(() => {
      this.windowStart = this.now();
      this.spent = 0;
      this.frameWait = undefined;
    });
    return this.frameWait;
  }
}
