/**
 * Capability gating: strip optional fields the target model does not advertise, where dropping
 * them cannot change what the user asked for in a way they would miss.
 *
 * Stripped (safe):
 * - per-segment `seed` when `supports_segment_seed` is false (the server would ignore or 422 it;
 *   `options.seed` still makes the take reproducible) — reported in `removed`;
 * - `options.loop: false` when `supports_loop` is false (it is the default);
 * - `options.guidance: null` and `options.seed: null` (the defaults);
 * - an empty `options` object.
 *
 * Never stripped (changes the result; {@link validateRequest} refuses them with the server's code):
 * `options.loop: true`, `pose` / `motion_reference` / `video_reference` segments, `ground_height`
 * and other unsupported constraints, batch bodies to a model without `supports_batch`.
 */
import type { GenerateOptions, GenerateRequest, ModelSpec, Segment } from './types.js';

/** What {@link gateRequest} returns. */
export interface GatedRequest<T extends GenerateRequest = GenerateRequest> {
  request: T;
  /** JSON paths of the fields removed, e.g. `segments.0.seed`. */
  removed: string[];
}

/** A copy of `request` without the optional fields `spec` does not advertise (see module doc). */
export function gateRequest<T extends GenerateRequest>(request: T, spec: ModelSpec): GatedRequest<T> {
  const removed: string[] = [];
  const out: T = { ...request };
  if (request.segments && !spec.supports_segment_seed) {
    out.segments = request.segments.map((s, i): Segment => {
      if (!('seed' in s) || s.seed === undefined) return s;
      removed.push(`segments.${i}.seed`);
      const copy = { ...s } as Segment & { seed?: number | null };
      delete copy.seed;
      return copy;
    });
  }
  if (request.options) {
    const o: GenerateOptions = { ...request.options };
    if (o.loop === false && !spec.supports_loop) {
      delete o.loop;
      removed.push('options.loop');
    }
    if (o.guidance === null) {
      delete o.guidance;
      removed.push('options.guidance');
    }
    if (o.seed === null) {
      delete o.seed;
      removed.push('options.seed');
    }
    if (Object.keys(o).length === 0) {
      delete out.options;
      removed.push('options');
    } else out.options = o;
  }
  return { request: out, removed };
}
