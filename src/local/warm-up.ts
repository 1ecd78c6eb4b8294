/**
 * Warm-up requests for the in-page model: one of each kind of work a game asks for (a walk along a
 * root path, an action, two segments blended), so the JavaScript and WebAssembly engines compile the
 * code they run before the game needs it instead of during play.
 * @packageDocumentation
 */
import type { GenerateRequest, ModelSpec } from '../protocol/types.js';
export type { WarmUpReport } from '../backend.js';

/** Options for {@link LocalBackend.warmUp}. */
export interface WarmUpOptions {
  /** Prompts to warm up with: a locomotion one first, then an action (default: "walk", "wave with the right hand"). */
  prompts?: [locomotion: string, action: string];
  /** Rounds over the requests (default 2: the second round runs the code the first one compiled). */
  rounds?: number;
  signal?: AbortSignal;
}

/** The warm-up requests for `spec`: a 4 s walk along a curved root path, a 3 s action, and walk → action. */
export function warmUpRequests(spec: ModelSpec, prompts: readonly [string, string]): GenerateRequest[] {
  const f = (s: number) => Math.round(s * spec.fps);
  const base = { protocol_version: '1.3', model: spec.id, skeleton: spec.canonical_skeleton } as const;
  const [walk, action] = prompts;
  const withPath = spec.supported_constraints?.includes('root_path') ?? false;
  return [
    {
      ...base,
      segments: [{ type: 'text', prompt: walk, duration_frames: f(4) }],
      ...(withPath ? { constraints: [{ type: 'root_path' as const, frames: [f(2), f(4) - 1], positions_xz: [[0.4, 1.6], [1.5, 3.6]] as [number, number][] }] } : {}),
      options: { seed: 1 },
    },
    { ...base, segments: [{ type: 'text', prompt: action, duration_frames: f(3) }], options: { seed: 2 } },
    {
      ...base,
      segments: [
        { type: 'text', prompt: walk, duration_frames: f(2) },
        { type: 'text', prompt: action, duration_frames: f(2) },
      ],
      options: { seed: 3 },
    },
  ];
}
