/**
 * Reading `/capabilities`: version checks, model picking, supported-segment normalisation.
 * Pure functions, no I/O.
 */
import { MmcpError } from './errors.js';
import { DEFAULT_SEGMENTS, type Capabilities, type ModelSpec } from './types.js';

/** The protocol major this client speaks. */
export const PROTOCOL_MAJOR = 1;

/** `"1.10"` → `[1, 10]`; `undefined` when not `"<major>.<minor>"`. */
export function parseProtocolVersion(version: unknown): [number, number] | undefined {
  if (typeof version !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Numeric version comparison (`"1.10" > "1.2"`): negative, 0 or positive. */
export function compareProtocolVersions(a: string, b: string): number {
  const pa = parseProtocolVersion(a) ?? [0, 0];
  const pb = parseProtocolVersion(b) ?? [0, 0];
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/**
 * Checklist 14: a server whose `protocol_version` major is not 1 cannot be talked to.
 * Returns a `version_unsupported` error telling the user to upgrade the plugin, or `null`.
 * A document without `protocol_version` is tolerated (nothing says it is another major).
 */
export function checkServerVersion(capabilities: Pick<Capabilities, 'protocol_version'>): MmcpError | null {
  if (capabilities.protocol_version === undefined) return null;
  const v = parseProtocolVersion(capabilities.protocol_version);
  if (v && v[0] === PROTOCOL_MAJOR) return null;
  return new MmcpError(
    'version_unsupported',
    `This server speaks MMCP ${String(capabilities.protocol_version)}; this plugin speaks MMCP ${PROTOCOL_MAJOR}.x. ` +
      'Upgrade the plugin (babylon-mmcp) to a version that supports this server.',
    { phase: 'capabilities', details: { server_version: capabilities.protocol_version, supported_majors: [String(PROTOCOL_MAJOR)] }, retryable: false },
  );
}

/** The models of a capabilities document; tolerant of `null`/missing (checklist 9). */
export function listModels(capabilities: Partial<Capabilities> | null | undefined): ModelSpec[] {
  const models = capabilities?.models;
  if (!Array.isArray(models)) return [];
  return models.filter((m): m is ModelSpec => typeof m === 'object' && m !== null && typeof (m as ModelSpec).id === 'string');
}

/**
 * Checklist 9: the model the user asked for, matched case-insensitively ignoring surrounding
 * spaces; unknown/empty names fall back to the first model; `undefined` when there are none.
 */
export function pickModel(capabilities: Partial<Capabilities> | null | undefined, wanted?: string | null): ModelSpec | undefined {
  const models = listModels(capabilities);
  const name = (wanted ?? '').trim().toLowerCase();
  if (name) {
    const hit = models.find((m) => m.id.trim().toLowerCase() === name);
    if (hit) return hit;
  }
  return models[0];
}

/** The model with exactly this id (what a server's lookup does), or `undefined`. */
export function findModel(capabilities: Partial<Capabilities> | null | undefined, id: string): ModelSpec | undefined {
  return listModels(capabilities).find((m) => m.id === id);
}

/**
 * Checklist 10: a model's `supported_segments`, trimmed, lower-cased, de-duplicated; missing or
 * `null` → `[]` (gate conservatively). Use {@link effectiveSupportedSegments} to predict a server.
 */
export function supportedSegments(spec: Pick<ModelSpec, 'supported_segments'> | null | undefined): string[] {
  const raw = spec?.supported_segments;
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const s of raw) {
    if (typeof s !== 'string') continue;
    const v = s.trim().toLowerCase();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** What an SDK server enforces: the advertised list, or `["text","unconditioned"]` when absent. */
export function effectiveSupportedSegments(spec: Pick<ModelSpec, 'supported_segments'>): string[] {
  return Array.isArray(spec.supported_segments) ? supportedSegments(spec) : [...DEFAULT_SEGMENTS];
}

/** A model's `supported_constraints` (SDK default `[]`). */
export function supportedConstraints(spec: Pick<ModelSpec, 'supported_constraints'>): string[] {
  return Array.isArray(spec.supported_constraints) ? spec.supported_constraints.filter((s) => typeof s === 'string') : [];
}
