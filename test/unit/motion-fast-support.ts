/** Test helpers for the fast GLB JSON path: repack a GLB's JSON chunk, compare outcomes with the exact path. */
import { expect } from 'vitest';
import { MotionFormatError, type MotionDocument } from '../../src/motion/index.js';
import { parseMotionDocument, parseMotionDocumentExact } from '../../src/motion/parse.js';

/** The JSON chunk text of a GLB (UTF-8). */
export function jsonChunkText(glb: Uint8Array): string {
  const len = new DataView(glb.buffer, glb.byteOffset).getUint32(12, true);
  return Buffer.from(glb.subarray(20, 20 + len)).toString('utf8');
}

/** The GLB with its JSON chunk replaced by `json` (text or raw bytes), space-padded, other chunks kept. */
export function withJsonChunk(glb: Uint8Array, json: string | Uint8Array): Uint8Array {
  const dv = new DataView(glb.buffer, glb.byteOffset);
  const oldLen = dv.getUint32(12, true);
  const raw = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json);
  const padded = Buffer.concat([raw, Buffer.alloc((4 - (raw.length % 4)) % 4, 0x20)]);
  const rest = glb.subarray(20 + oldLen);
  const out = new Uint8Array(20 + padded.length + rest.length);
  out.set(glb.subarray(0, 20));
  out.set(padded, 20);
  out.set(rest, 20 + padded.length);
  const o = new DataView(out.buffer);
  o.setUint32(8, out.length, true);
  o.setUint32(12, padded.length, true);
  return out;
}

/** Reads every lazy member (rotations, contacts, trajectory) so the document is plain data. */
export function materialize(doc: MotionDocument): { doc: MotionDocument; keys: string[][] } {
  const keys = doc.clips.map((c) => Object.keys(c));
  for (const c of doc.clips) void [c.rotations, c.footContacts, c.trajectory];
  return { doc, keys };
}

/** What a parse gives: the materialized document and clip keys, or the error's identity. */
export type Outcome = { ok: ReturnType<typeof materialize> } | { error: { name: string; code?: string; path?: string; message: string } };

/** Runs `parse` and captures its outcome. */
export function outcome(parse: () => MotionDocument): Outcome {
  try {
    return { ok: materialize(parse()) };
  } catch (e) {
    if (e instanceof MotionFormatError) return { error: { name: e.name, code: e.code, path: e.path, message: e.message } };
    return { error: { name: e instanceof Error ? e.name : 'thrown', message: String(e) } };
  }
}

/** Asserts the default (fast) parse and the exact parse of `input` give the same outcome; returns it. */
export function expectSameAsExact(input: Uint8Array, label = ''): Outcome {
  const fast = outcome(() => parseMotionDocument(input));
  const exact = outcome(() => parseMotionDocumentExact(input));
  expect(fast, label).toStrictEqual(exact);
  return fast;
}
