/**
 * Seeded fuzzing of the codec: ≥ 10,000 mutations of the MMCP fixtures (GLB bytes, glTF text and
 * parsed objects). Every case must parse or throw MotionFormatError — nothing else, never slow.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MotionFormatError, encodeMotionDocument, parseMotionDocument } from '../../src/motion/index.js';
import { buildGolden, packGlb } from './motion-gltf-builder.js';
import { mulberry32 } from '../support/mulberry32.js';
import { withJsonChunk } from './motion-fast-support.js';

const DIR = '/work/shared/fixtures/mmcp';
const GLBS: Uint8Array[] = ['resp-null-text', 'resp-demo-2samples'].map((n) => new Uint8Array(readFileSync(`${DIR}/${n}.converted.glb`)));
GLBS.push(packGlb(buildGolden({ samples: 2, contacts: [{ foot_contacts: { Head: [true, false] } }, { trajectory: { model: 'x', position: [[0, 0], [1, 1]], yaw: [0, 1] } }] })));
const TEXTS = ['resp-null-text', 'resp-demo-2samples', 'resp-demo-loop'].map((n) => readFileSync(`${DIR}/${n}.gltf`, 'utf8'));
const OBJECTS = [...TEXTS.map((t) => JSON.parse(t) as unknown), buildGolden()];
/** Per-case cap: a hang or blow-up fails; generous for GC pauses on a loaded 2-core CI box (typical case < 1 ms). */
const CASE_LIMIT_MS = 1000;

const HUGE = [2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e308, -1, -4, -(2 ** 31), 0.5, NaN, Infinity, -Infinity, -0];

function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

function weird(r: () => number): unknown {
  const k = Math.floor(r() * 14);
  switch (k) {
    case 0: return HUGE[Math.floor(r() * HUGE.length)];
    case 1: return Math.floor(r() * 300);
    case 2: return 'VEC4';
    case 3: return String(r());
    case 4: return null;
    case 5: return [];
    case 6: return {};
    case 7: return true;
    case 8: return deep(1 + Math.floor(r() * 5000));
    case 9: return [HUGE[Math.floor(r() * HUGE.length)], 1, 2];
    case 10: return { $accessor: Math.floor(r() * 40) };
    case 11: return 'data:application/octet-stream;base64,AAAA';
    case 12: return 5120 + Math.floor(r() * 7);
    default: return undefined; // delete
  }
}

/** Mutates a random member somewhere in a JSON tree (in place). */
function mutateObject(root: unknown, r: () => number): void {
  let cur = root;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof cur !== 'object' || cur === null) return;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) return;
    const key = keys[Math.floor(r() * keys.length)] as string | number;
    const child = (cur as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null || r() < 0.25) {
      const v = weird(r);
      if (v === undefined && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[key as string];
      else (cur as Record<string | number, unknown>)[key] = v;
      return;
    }
    cur = child;
  }
}

function mutateBytes(src: Uint8Array, r: () => number): Uint8Array {
  const b = src.slice();
  const kind = Math.floor(r() * 6);
  const dv = new DataView(b.buffer);
  if (kind === 0) {
    const flips = 1 + Math.floor(r() * 8);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(r() * b.length);
      b[at] = (b[at] as number) ^ (1 << Math.floor(r() * 8));
    }
    return b;
  }
  if (kind === 1) return b.subarray(0, Math.floor(r() * b.length));
  if (kind === 2) {
    // Overwrite a 32-bit header/chunk field with a huge or odd value.
    const fields = [4, 8, 12, 16];
    const jsonLen = dv.getUint32(12, true);
    if (20 + jsonLen + 8 <= b.length) fields.push(20 + jsonLen, 24 + jsonLen);
    dv.setUint32(fields[Math.floor(r() * fields.length)] as number, [0xffffffff, 0x7fffffff, 0, 3, b.length, b.length + 8][Math.floor(r() * 6)] as number, true);
    return b;
  }
  if (kind === 3) {
    // Rewrite the JSON chunk after a structural mutation, keeping the BIN chunk.
    const jsonLen = dv.getUint32(12, true);
    const json = JSON.parse(new TextDecoder().decode(b.subarray(20, 20 + jsonLen))) as unknown;
    for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) mutateObject(json, r);
    let text: string;
    try {
      text = JSON.stringify(json) ?? 'null';
    } catch {
      text = '{"deep": ' + '['.repeat(50_000) + ']'.repeat(50_000) + '}'; // too deep for stringify: write it by hand
    }
    return withJsonChunk(b, text);
  }
  if (kind === 4) {
    // Random bytes spliced in (header length fixed up so the chunk walk is exercised).
    const at = 12 + Math.floor(r() * (b.length - 12));
    const ins = Uint8Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256));
    const out = new Uint8Array(b.length + ins.length);
    out.set(b.subarray(0, at));
    out.set(ins, at);
    out.set(b.subarray(at), at + ins.length);
    new DataView(out.buffer).setUint32(8, out.length, true);
    return out;
  }
  // BIN payload garbage: floats become NaN/huge, structure intact.
  for (let i = 0; i < 32; i++) {
    const at = Math.floor(r() * b.length);
    b[at] = 0xff;
  }
  return b;
}

function mutateText(src: string, r: () => number): string {
  const k = Math.floor(r() * 4);
  if (k === 0) return src.slice(0, Math.floor(r() * src.length));
  if (k === 1) {
    const at = Math.floor(r() * src.length);
    return src.slice(0, at) + '"{[,]}:-0e999'.charAt(Math.floor(r() * 13)) + src.slice(at + 1);
  }
  if (k === 2) return '['.repeat(1 + Math.floor(r() * 20000)) + src;
  return src.replace(/\d+/, () => String(HUGE[Math.floor(r() * HUGE.length)]));
}

interface Outcome { ok: number; errors: Record<string, number>; slowest: number }

function runCase(input: unknown, out: Outcome, label: string): void {
  const t0 = performance.now();
  try {
    const doc = parseMotionDocument(input as object);
    let n = 0;
    for (const c of doc.clips) n += c.rotations.length; // materialize lazy rotations
    expect(n).toBeGreaterThan(0);
    if (out.ok % 8 === 0) parseMotionDocument(encodeMotionDocument(doc, { binary: true })); // a parsed document always re-encodes
    out.ok++;
  } catch (e) {
    if (!(e instanceof MotionFormatError)) throw new Error(`${label}: threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
    out.errors[e.code] = (out.errors[e.code] ?? 0) + 1;
  }
  const dt = performance.now() - t0;
  out.slowest = Math.max(out.slowest, dt);
  if (dt > 20 && process.env["FUZZ_SLOW"]) console.log(`slow ${label} ${dt.toFixed(1)}`);
  if (dt > CASE_LIMIT_MS) throw new Error(`${label}: took ${dt.toFixed(1)} ms`);
}

describe('codec fuzz', () => {
  it('10,500 seeded mutations parse or throw MotionFormatError, each fast', () => {
    const out: Outcome = { ok: 0, errors: {}, slowest: 0 };
    const CASES = 10_500;
    const only = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : 0;
    for (let seed = only || 1; seed <= (only || CASES); seed++) {
      const r = mulberry32(seed);
      const which = seed % 3;
      if (which === 0) {
        const src = GLBS[seed % GLBS.length] as Uint8Array;
        runCase(mutateBytes(src, r), out, `glb seed ${seed}`);
      } else if (which === 1) {
        const obj = structuredClone(OBJECTS[seed % OBJECTS.length]);
        for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) mutateObject(obj, r);
        runCase(obj, out, `object seed ${seed}`);
      } else {
        runCase(mutateText(TEXTS[seed % TEXTS.length] as string, r), out, `text seed ${seed}`);
      }
    }
    console.log(`fuzz: ${CASES} cases, ${out.ok} parsed, errors ${JSON.stringify(out.errors)}, slowest ${out.slowest.toFixed(1)} ms`);
    // The mutations must reach both outcomes, and many error kinds.
    if (only) return;
    expect(out.ok).toBeGreaterThan(500);
    expect(Object.keys(out.errors).length).toBeGreaterThanOrEqual(8);
  });
});
