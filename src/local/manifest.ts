/**
 * The model package manifest (`manifest.json`, format `babylon-mmcp-model/1`), as agreed in
 * MODEL-CONTRACT.md and documented in `docs/model-package.md`. {@link parseManifest} checks the
 * fields the runtime reads and throws a typed `model_load_failed` error naming the first bad one.
 */
import { MmcpError } from '../protocol/errors.js';
import type { Skeleton } from '../protocol/types.js';

/** The manifest `format` this runtime reads. */
export const MODEL_FORMAT = 'babylon-mmcp-model/1';

/** `[start, end)` feature columns. */
export type FeatureRange = [number, number];

/** One graph of the package. */
export interface ManifestGraph {
  file: string;
  inputs: Record<string, Array<string | number>>;
  outputs: Record<string, Array<string | number>>;
}

/** What the runtime reads from `manifest.json`. Unknown fields are kept. */
export interface ModelManifest {
  format: string;
  id: string;
  version: string;
  license?: string;
  license_note?: string;
  fps: number;
  canonical_skeleton: Skeleton;
  contents: string[];
  styles: string[];
  label_stats?: Record<string, { speed: number; turn: number; count?: number; frames?: number }>;
  conditioning: { layout: string[]; dim: number };
  features: {
    dim: number;
    layout: {
      root_height: FeatureRange;
      root_velocity_xz: FeatureRange;
      heading_rate: FeatureRange;
      rotations_6d: FeatureRange;
      contacts: FeatureRange;
    };
    contact_joints: string[];
  };
  sampler: { type: string; latent_stride: number; latent_dim: number; temperature?: number };
  limits: { min_frames: number; max_frames: number };
  graphs: { decoder: ManifestGraph; [name: string]: ManifestGraph };
  supported_segments: string[];
  supported_constraints: string[];
  supports_loop?: boolean;
  files: Record<string, { bytes: number; sha256: string }>;
  [extra: string]: unknown;
}

function fail(field: string, why: string): never {
  throw new MmcpError('model_load_failed', `Model manifest is invalid: ${field} ${why}. Rebuild the package (docs/model-package.md).`, {
    phase: 'load',
    details: { field },
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isRange = (v: unknown): v is FeatureRange =>
  Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && Number.isInteger(v[1]) && (v[0] as number) <= (v[1] as number);

/** Validates a parsed `manifest.json` and returns it typed. */
export function parseManifest(value: unknown): ModelManifest {
  if (!isObj(value)) fail('manifest', 'is not a JSON object');
  const m = value;
  if (m.format !== MODEL_FORMAT) fail('format', `is ${JSON.stringify(m.format)}, expected "${MODEL_FORMAT}"`);
  for (const k of ['id', 'version'] as const) if (typeof m[k] !== 'string' || !(m[k] as string)) fail(k, 'must be a non-empty string');
  if (typeof m.fps !== 'number' || !(m.fps > 0)) fail('fps', 'must be a positive number');
  const skel = m.canonical_skeleton;
  if (!isObj(skel) || !Array.isArray(skel.joints) || skel.joints.length === 0) fail('canonical_skeleton.joints', 'must be a non-empty array');
  const jointNames = (skel.joints as Array<Record<string, unknown>>).map((j) => j.name);
  if (!isStrArr(jointNames)) fail('canonical_skeleton.joints[].name', 'must be strings');
  if (!isStrArr(m.contents) || !isStrArr(m.styles)) fail('contents/styles', 'must be string arrays');
  const cond = m.conditioning;
  if (!isObj(cond) || typeof cond.dim !== 'number') fail('conditioning', 'must have a numeric dim');
  const expectC = (m.contents as string[]).length + (m.styles as string[]).length + 3;
  if (cond.dim !== expectC) fail('conditioning.dim', `is ${String(cond.dim)}, expected contents + styles + 3 = ${expectC}`);
  const feat = m.features;
  if (!isObj(feat) || typeof feat.dim !== 'number' || !isObj(feat.layout) || !isStrArr(feat.contact_joints)) fail('features', 'must have dim, layout and contact_joints');
  const lay = feat.layout;
  for (const k of ['root_height', 'root_velocity_xz', 'heading_rate', 'rotations_6d', 'contacts'] as const) {
    if (!isRange(lay[k]) || (lay[k] as FeatureRange)[1] > (feat.dim as number)) fail(`features.layout.${k}`, 'must be [start, end) within features.dim');
  }
  const J = jointNames.length;
  const r6 = lay.rotations_6d as FeatureRange;
  if (r6[1] - r6[0] !== 6 * J) fail('features.layout.rotations_6d', `must span 6 × ${J} joints`);
  const ct = lay.contacts as FeatureRange;
  if (ct[1] - ct[0] !== (feat.contact_joints as string[]).length) fail('features.layout.contacts', 'must have one column per contact joint');
  for (const name of feat.contact_joints as string[]) if (!jointNames.includes(name)) fail('features.contact_joints', `names "${name}", not a canonical joint`);
  const s = m.sampler;
  if (!isObj(s) || !Number.isInteger(s.latent_stride) || !((s.latent_stride as number) > 0) || !Number.isInteger(s.latent_dim)) fail('sampler', 'must have integer latent_stride and latent_dim');
  const lim = m.limits;
  if (!isObj(lim) || !Number.isInteger(lim.min_frames) || !Number.isInteger(lim.max_frames) || (lim.max_frames as number) < (lim.min_frames as number))
    fail('limits', 'must have integer min_frames ≤ max_frames');
  const graphs = m.graphs;
  if (!isObj(graphs) || !isObj(graphs.decoder) || typeof graphs.decoder.file !== 'string') fail('graphs.decoder.file', 'is missing');
  if (!isStrArr(m.supported_segments) || !isStrArr(m.supported_constraints)) fail('supported_segments/supported_constraints', 'must be string arrays');
  const files = m.files;
  if (!isObj(files)) fail('files', 'must be an object');
  for (const [name, f] of Object.entries(files)) {
    if (!isObj(f) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(f.sha256) || typeof f.bytes !== 'number') fail(`files["${name}"]`, 'must have bytes and a hex sha256');
  }
  if (!isObj(files[(graphs.decoder as Record<string, unknown>).file as string])) fail('files', `has no entry for the decoder graph "${String((graphs.decoder as Record<string, unknown>).file)}"`);
  return m as unknown as ModelManifest;
}
