// The editor's request decorator: gaps spliced between the facade's text segments in timeline
// order, root_path frames stretched over the longer timeline, options added; the last result kept.
import { describe, expect, it } from 'vitest';
import { applyExtras, EditorBackend } from '../../editor/state/editor-backend.js';
import type { GenerateRequest } from '../../src/protocol/types.js';
import type { GenerateResult, MotionBackend } from '../../src/backend.js';

const base = (): GenerateRequest => ({
  protocol_version: '1.3',
  model: 'm',
  skeleton: { joints: [] },
  segments: [{ type: 'text', prompt: 'walk', duration_frames: 60 }, { type: 'text', prompt: 'wave', duration_frames: 31 }],
  constraints: [{ type: 'root_path', frames: [45, 90], positions_xz: [[0, 1], [0, 2]] }],
  options: { seed: 3 },
});

describe('applyExtras', () => {
  it('returns the request untouched without extras', () => {
    const r = base();
    expect(applyExtras(r, null)).toBe(r);
  });

  it('splices gaps in timeline order and stretches path frames', () => {
    const r = base();
    const out = applyExtras(r, { order: [15, 'text', 30, 'text'], transitionFrames: 8, diffusionSteps: 20 });
    expect(out.segments!.map((s) => s.type)).toEqual(['unconditioned', 'text', 'unconditioned', 'text']);
    expect(out.segments!.map((s) => ('duration_frames' in s ? s.duration_frames : 0))).toEqual([15, 60, 30, 31]);
    // old total 91 → new 136: frame f → round(f × 135 / 90)
    expect((out.constraints![0] as { frames: number[] }).frames).toEqual([68, 135]);
    expect(out.options).toEqual({ seed: 3, transition_frames: 8, diffusion_steps: 20 });
    expect(r.segments!.length).toBe(2); // the facade's request is not mutated
  });

  it('refuses a timeline with more text items than segments', () => {
    expect(() => applyExtras(base(), { order: ['text', 'text', 'text'] })).toThrow(/disagree/);
  });
});

describe('EditorBackend', () => {
  it('sends the extended request and remembers the result', async () => {
    const seen: GenerateRequest[] = [];
    const inner: MotionBackend = {
      id: 'inner',
      capabilities: async () => ({ protocol_version: '1.3', models: [] }),
      generate: async (req) => {
        seen.push(req);
        return { document: {} as GenerateResult['document'], bytes: new Uint8Array([1, 2, 3]), model: 'm', timings: { total: 1 } };
      },
    };
    const b = new EditorBackend(inner);
    b.extras = { order: ['text', 10, 'text'] };
    const res = await b.generate(base());
    expect(b.id).toBe('inner');
    expect(seen[0]!.segments!.map((s) => s.type)).toEqual(['text', 'unconditioned', 'text']);
    expect(b.last?.result).toBe(res);
    expect(b.last?.request).toBe(seen[0]);
  });
});
