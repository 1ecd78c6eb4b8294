/**
 * Default travel conditioning for prompts without a `root_path`: the speed and turn rate the
 * training data shows for the prompted content and style (`manifest.label_stats`, e.g. walk/normal
 * 1.13 m/s, run/normal 2.76 m/s, walk-turn-left/normal 0.35 rad/s). Without it the decoder is told
 * "speed unknown" and, sampling from its latent prior, tends to the slow average of all takes.
 */
import type { ModelManifest } from './manifest.js';

/** Per-(content, style) travel statistics, with per-content fallbacks for unseen combinations. */
export interface LabelTravel {
  /** `speed[i * ns + j]`, `turn[...]`; NaN where the data has no take of content i in style j. */
  speed: Float32Array;
  turn: Float32Array;
  /** Per content, frame-weighted over its styles (NaN when the content has no statistics). */
  contentSpeed: Float32Array;
  contentTurn: Float32Array;
}

/** Reads `label_stats` ("content/style" → {speed, turn, frames}); undefined when the manifest has none. */
export function labelTravel(m: ModelManifest): LabelTravel | undefined {
  const stats = m.label_stats;
  if (!stats) return undefined;
  const nc = m.contents.length;
  const ns = m.styles.length;
  const speed = new Float32Array(nc * ns).fill(Number.NaN);
  const turn = new Float32Array(nc * ns).fill(Number.NaN);
  const sum = new Float64Array(nc * 3);
  for (const [key, s] of Object.entries(stats)) {
    const [content, style] = key.split('/');
    const i = m.contents.indexOf(content ?? '');
    const j = m.styles.indexOf(style ?? '');
    if (i < 0 || j < 0 || !Number.isFinite(s.speed) || !Number.isFinite(s.turn)) continue;
    speed[i * ns + j] = s.speed;
    turn[i * ns + j] = s.turn;
    const w = s.frames ?? s.count ?? 1;
    sum[3 * i] = sum[3 * i]! + w;
    sum[3 * i + 1] = sum[3 * i + 1]! + w * s.speed;
    sum[3 * i + 2] = sum[3 * i + 2]! + w * s.turn;
  }
  const contentSpeed = new Float32Array(nc);
  const contentTurn = new Float32Array(nc);
  for (let i = 0; i < nc; i++) {
    contentSpeed[i] = sum[3 * i]! > 0 ? sum[3 * i + 1]! / sum[3 * i]! : Number.NaN;
    contentTurn[i] = sum[3 * i]! > 0 ? sum[3 * i + 2]! / sum[3 * i]! : Number.NaN;
  }
  return { speed, turn, contentSpeed, contentTurn };
}

/**
 * Speed, turn and flag for one frame's soft labels (`labels` = content ‖ style weights). Returns
 * flag 0 (speed unknown) for an unconditioned frame or when no prompted label has statistics.
 */
export function travelForLabels(t: LabelTravel, labels: ArrayLike<number>, nc: number, ns: number): [speed: number, turn: number, flag: number] {
  let w = 0;
  let sp = 0;
  let tu = 0;
  let styleSum = 0;
  for (let j = 0; j < ns; j++) styleSum += labels[nc + j] ?? 0;
  for (let i = 0; i < nc; i++) {
    const wc = labels[i] ?? 0;
    if (wc <= 0) continue;
    let wi = 0;
    let si = 0;
    let ti = 0;
    for (let j = 0; j < ns && styleSum > 0; j++) {
      const ws = labels[nc + j] ?? 0;
      const s = t.speed[i * ns + j]!;
      if (ws <= 0 || Number.isNaN(s)) continue;
      wi += ws;
      si += ws * s;
      ti += ws * t.turn[i * ns + j]!;
    }
    if (wi > 0) {
      si /= wi;
      ti /= wi;
    } else if (!Number.isNaN(t.contentSpeed[i]!)) {
      si = t.contentSpeed[i]!;
      ti = t.contentTurn[i]!;
    } else continue;
    w += wc;
    sp += wc * si;
    tu += wc * ti;
  }
  return w > 0 ? [sp / w, tu / w, 1] : [0, 0, 0];
}
