/**
 * Extracts the few Bandai Namco BVH clips the tests need (once) into `.cache/bandai-namco/`.
 * The data is CC BY-NC 4.0 and is never committed: it is read from the shared tarball.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBvh, type BvhMotion } from '../../src/motion/bvh.js';

const TARBALL = `${process.env.MMCP_SHARED_DIR ?? '/work/shared'}/data/bandai-namco/bandai-namco-motion.tar.xz`;
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
  if (!existsSync(path)) {
    mkdirSync(CACHE, { recursive: true });
    const members = Object.values(BANDAI_CLIPS).map((m) => `${PREFIX}/${m}`);
    execFileSync('tar', ['-xJf', TARBALL, '-C', CACHE, ...members], { stdio: 'pipe', timeout: 180_000 });
  }
  return path;
}

/** Reads a Bandai Namco clip in MMCP conventions (metres; rest = the first frame). */
export function loadBandai(clip: BandaiClip): BvhMotion {
  return parseBvh(readFileSync(bandaiPath(clip), 'utf8'), { scale: 0.01, rest: 'first', name: clip });
}
