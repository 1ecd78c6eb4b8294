import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConditioning } from '../../src/local/conditioning.js';
import { labelTravel, travelForLabels } from '../../src/local/label-speed.js';
import type { ModelManifest } from '../../src/local/manifest.js';

const m = JSON.parse(readFileSync('models/bn-motion-small/manifest.json', 'utf8')) as ModelManifest;
const nc = m.contents.length;
const ns = m.styles.length;
const labels = (content: Record<string, number>, style: Record<string, number>): Float32Array => {
  const v = new Float32Array(nc + ns);
  for (const [k, w] of Object.entries(content)) v[m.contents.indexOf(k)] = w;
  for (const [k, w] of Object.entries(style)) v[nc + m.styles.indexOf(k)] = w;
  return v;
};
const stat = (key: string) => m.label_stats![key]!;

describe('default travel conditioning from label_stats', () => {
  const travel = labelTravel(m)!;

  it('uses the data speed and turn rate of the prompted content and style', () => {
    const [speed, turn, flag] = travelForLabels(travel, labels({ walk: 1 }, { normal: 1 }), nc, ns);
    expect(flag).toBe(1);
    expect(speed).toBeCloseTo(stat('walk/normal').speed, 5);
    expect(turn).toBeCloseTo(stat('walk/normal').turn, 5);
    const [runSpeed] = travelForLabels(travel, labels({ run: 1 }, { normal: 1 }), nc, ns);
    expect(runSpeed).toBeGreaterThan(2 * speed);
    const [, turnLeft] = travelForLabels(travel, labels({ 'walk-turn-left': 1 }, { normal: 1 }), nc, ns);
    expect(turnLeft).toBeGreaterThan(0.2);
  });

  it('blends soft labels and falls back to the content average for an unseen style', () => {
    const [mix] = travelForLabels(travel, labels({ walk: 0.5, bow: 0.5 }, { normal: 1 }), nc, ns);
    expect(mix).toBeCloseTo((stat('walk/normal').speed + stat('bow/normal').speed) / 2, 4);
    const unseen = m.styles.find((s) => !m.label_stats![`walk/${s}`]);
    if (unseen) {
      const [speed, , flag] = travelForLabels(travel, labels({ walk: 1 }, { [unseen]: 1 }), nc, ns);
      expect(flag).toBe(1);
      expect(speed).toBeGreaterThan(0.5);
    }
  });

  it('leaves unconditioned frames and root_path plans alone', () => {
    expect(travelForLabels(travel, labels({}, {}), nc, ns)).toEqual([0, 0, 0]);
    const C = m.conditioning.dim;
    const cond = buildConditioning(m, [{ start: 0, frames: 8, weights: null }, { start: 8, frames: 8, weights: { content: labels({ walk: 1 }, {}).subarray(0, nc), style: labels({}, { normal: 1 }).subarray(nc) } }], 16, 0);
    expect(cond[0 * C + nc + ns + 2]).toBe(0);
    expect(cond[12 * C + nc + ns + 2]).toBe(1);
    expect(cond[12 * C + nc + ns]).toBeCloseTo(stat('walk/normal').speed, 5);
  });
});
