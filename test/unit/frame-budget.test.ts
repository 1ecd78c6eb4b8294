import { describe, expect, it } from 'vitest';
import { FrameBudget } from '../../src/babylon/facade/frame-budget.js';

/** Frames the test opens by hand, on a clock the test moves. */
function manualFrames() {
  let clock = 0;
  let waiting: (() => void)[] = [];
  return {
    now: () => clock,
    nextFrame: () => new Promise<void>((resolve) => waiting.push(resolve)),
    /** Opens the next frame (time moves 16.7 ms) and lets everything that was waiting for it run. */
    async tick() {
      clock += 16.7;
      const w = waiting;
      waiting = [];
      for (const f of w) f();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
    get waiting() { return waiting.length; },
  };
}

/** A job of `slices` slices of `ms` each (on the manual clock), logging which frame each slice ran in. */
async function job(budget: FrameBudget, frames: ReturnType<typeof manualFrames>, name: string, slices: number, ms: number, log: string[], frame: () => number): Promise<void> {
  for (let k = 0; k < slices; k++) {
    const left = await budget.acquire();
    expect(left).toBeGreaterThan(0);
    log.push(`${frame()}:${name}${k}`);
    budget.release(ms);
  }
}

describe('FrameBudget', () => {
  it('shares one budget per frame between concurrent jobs, one slice at a time, earlier job first', async () => {
    const frames = manualFrames();
    const budget = new FrameBudget(3, frames.nextFrame, frames.now);
    let frame = 0;
    const log: string[] = [];
    // Two jobs of 4 slices of 1 ms: with 3 ms per frame, 3 slices run per frame in total.
    const a = job(budget, frames, 'a', 4, 1, log, () => frame);
    const b = job(budget, frames, 'b', 4, 1, log, () => frame);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    for (frame = 1; frame <= 4 && log.length < 8; frame++) await frames.tick();
    await Promise.all([a, b]);
    const perFrame = new Map<string, number>();
    for (const e of log) perFrame.set(e.split(':')[0]!, (perFrame.get(e.split(':')[0]!) ?? 0) + 1);
    expect([...perFrame.values()].every((n) => n <= 3)).toBe(true);
    expect(log).toHaveLength(8);
    // 8 slices of 1 ms at 3 ms per frame: 3 frames, the earlier job first (its clip is ready sooner).
    expect(perFrame.size).toBe(3);
    expect(log.indexOf('1:a3')).toBeLessThan(log.indexOf('1:b0'));
  });

  it('a slice that overruns is not cut; the next one waits for the next frame', async () => {
    const frames = manualFrames();
    const budget = new FrameBudget(3, frames.nextFrame, frames.now);
    expect(await budget.acquire()).toBe(3);
    budget.release(10);
    let got: number | undefined;
    void budget.acquire().then((left) => (got = left));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(got).toBeUndefined();
    expect(frames.waiting).toBe(1);
    await frames.tick();
    expect(got).toBe(3);
  });

  it('a new window opens after 16 ms even without an observed frame (e.g. a clip arriving much later)', async () => {
    let clock = 0;
    const budget = new FrameBudget(3, () => new Promise(() => {}), () => clock);
    expect(await budget.acquire()).toBe(3);
    budget.release(2.5);
    expect(await budget.acquire()).toBeCloseTo(0.5);
    budget.release(0.5);
    clock += 100;
    expect(await budget.acquire()).toBe(3);
    budget.release(1);
  });
});
