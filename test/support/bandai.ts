/**
 * Extracts the few Bandai Namco BVH clips the tests need (once) into `.cache/bandai-namco/`.
 * The data is CC BY-NC 4.0 and is never committed: it is read from the shared tarball.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseBvh, type BvhMotion } from '../../src/motion/bvh.js';
import { SHARED } from './characters.js';

const TARBALL = `${SHARED}/data/bandai-namco/bandai-namco-motion.tar.xz`;
const CACHE = resolve('.cache/bandai-namco');
const PREFIX = 'dataset';

/** Clips used by tests and benches (member paths inside the tarball). */
export const BANDAI_CLIPS = {
  walk: 'Bandai-Namco-Research-Motiondataset-2/data/dataset-2_walk_normal_001.bvh',
  wave: 'Bandai-Namco-Research-Motiondataset-2/data/dataset-2_wave-right-hand_normal_001.bvh',
  bow: 'Bandai-Namco-Research-Motiondataset-1/data/dataset-1_bow_normal_001.bvh',
  run: 'Bandai-Namco-Research-Motiondataset-2/data/dataset-2_run_normal_001.bvh',
} as const;

/** Name of a test clip. */
export type BandaiClip = keyof typeof BANDAI_CLIPS;

/** Path of an extracted clip; extracts all test clips in one pass the first time. */
export function bandaiPath(clip: BandaiClip): string {
  const path = join(CACHE, PREFIX, BANDAI_CLIPS[clip]);
  if (!existsSync(path)) extractOnce(path);
  return path;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One process extracts (lock file); the others wait for it. */
function extractOnce(path: string): void {
  mkdirSync(CACHE, { recursive: true });
  const lock = join(CACHE, '.extract.lock');
  let fd = -1;
  const deadline = Date.now() + 300_000;
  while (fd < 0) {
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (existsSync(path)) return;
      // A stale lock (crashed extractor) is taken over after 4 minutes.
      try { if (Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { force: true }); } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another process to extract the Bandai Namco clips (${lock}).`);
      sleep(250);
    }
  }
  try {
    if (existsSync(path)) return;
    extract();
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

function extract(): void {
  // Extract into a private folder, then rename into place: readers never see a half-written file.
  const tmp = join(CACHE, `.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const members = Object.values(BANDAI_CLIPS).map((m) => `${PREFIX}/${m}`);
    execFileSync('tar', ['-xJf', TARBALL, '-C', tmp, ...members], { stdio: 'pipe', timeout: 180_000 });
    for (const m of Object.values(BANDAI_CLIPS)) {
      const dest = join(CACHE, PREFIX, m);
      mkdirSync(dirname(dest), { recursive: true });
      if (!existsSync(dest)) renameSync(join(tmp, PREFIX, m), dest);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads a Bandai Namco clip in MMCP conventions (metres; rest = the first frame). */
export function loadBandai(clip: BandaiClip): BvhMotion {
  return parseBvh(readFileSync(bandaiPath(clip), 'utf8'), { scale: 0.01, rest: 'first', name: clip });
}
