/**
 * Differential fuzzing of the fast parse path against the exact one (TextDecoder + JSON.parse,
 * every check with its member path): a sweep of curated members into every kind of object, 4,000
 * seeded mutations of GLB JSON chunks (JSON-significant bytes, whitespace, escapes, duplicate and
 * retyped members, number spellings, invalid UTF-8), and 3,000 random accessor/animation layouts.
 * Each must give the same document (lazy members read) or the same MotionFormatError (code,
 * path, message) both ways.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeMotionDocument, parseMotionDocument, type MotionClip } from '../../src/motion/index.js';
import { readGlbFast } from '../../src/motion/gltf-json-fast.js';
import { DocBuilder, buildGolden, packGlb, type Json } from './motion-gltf-builder.js';
import { jsonChunkText, outcome, withJsonChunk } from './motion-fast-support.js';
import { parseMotionDocumentExact } from '../../src/motion/parse.js';
import { mulberry32 } from '../support/mulberry32.js';

function sdkGlb(): Uint8Array {
  const names = ['Hips', 'Spine', 'LeftFoot', 'RightFoot'];
  const T = 5;
  const clips: MotionClip[] = [0, 1].map((s) => ({
    name: `sample_${s}`, fps: 30, frameCount: T, jointNames: names.slice(),
    rotations: Float32Array.from({ length: T * 16 }, (_, i) => ((i * 7 + s) % 11) / 11),
    rootPositions: Float32Array.from({ length: T * 3 }, (_, i) => i / 7),
    chunkBoundaries: [2],
    footContacts: { LeftFoot: Uint8Array.of(1, 0, 1, 0, 1), RightFoot: Uint8Array.of(0, 1, 0, 1, 0) },
    trajectory: { model: 'arc', loop: s === 1, params: { speed: 1, turn_deg_s: 12.5 }, position: Float32Array.from({ length: T * 2 }, (_, i) => i * 0.03), yaw: Float32Array.from({ length: T }, (_, i) => -i * 0.01) },
  }));
  const skeleton = { names, parents: Int32Array.of(-1, 0, 1, 1), restTranslations: Float32Array.from({ length: 12 }, (_, i) => i / 10), restRotations: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1) };
  return encodeMotionDocument({ version: '1.3', model: 'fuzz', fps: 30, skeleton, clips }, { binary: true });
}

const SOURCES: Uint8Array[] = [
  sdkGlb(),
  ...['resp-null-text', 'resp-demo-2samples'].map((n) => new Uint8Array(readFileSync(`/work/shared/fixtures/mmcp/${n}.converted.glb`))),
  packGlb(buildGolden({ samples: 2, contacts: [{ foot_contacts: { Head: [true, false] } }, { trajectory: { model: 'x', position: [[0, 0], [1, 1]], yaw: [0, 1] } }] })),
];

const SIGNIFICANT = '"{}[],:\\-+.0123456789eEtrufalsn \t\n';
const KEYS = ['count', 'type', 'bufferView', 'byteOffset', 'byteLength', 'byteStride', 'componentType', 'buffer', 'sampler', 'node', 'path', 'input', 'output', 'interpolation', 'nodes', 'animations', 'accessors', 'bufferViews', 'extensions', 'MMCP_motion', 'samples', 'foot_contacts', 'trajectory', 'position', 'yaw', 'fps', 'name', 'children', 'translation', 'rotation', 'scene', 'scenes', '$accessor', '__proto__', 'normalized', 'sparse', 'min', 'max', 'uri', 'target', 'extras', 'chunk_boundaries', 'foot_contact_joints', 'loop', 'params', 'model', 'version', 'canonical_to_request'];
const VALUES = ['0', '1', '-0', '6', '5', '1e2', '1.5', '-1', '1e400', '4294967296', 'null', 'true', 'false', '""', '"VEC4"', '"SCALAR"', '"rotation"', '"LINEAR"', '"\\u0056EC4"', '"é😀"', '[]', '{}', '[1,2]', '[[0,0]]', '[true,false]', '{"a":[1,{"b":"}"}]}', '[[[[[[1]]]]]]'];
/** Members that fit some object of the layout, with values that change what the codec reads. */
const MEMBERS = [
  '"normalized":true', '"normalized":false', '"byteStride":8', '"byteStride":16', '"byteOffset":4', '"sparse":{"count":1}', '"count":2', '"count":5',
  '"min":[0]', '"max":[1e9]', '"interpolation":"STEP"', '"interpolation":"CUBICSPLINE"', '"node":1', '"node":0', '"path":"scale"', '"path":"translation"',
  '"sampler":1', '"input":1', '"output":2', '"type":"VEC3"', '"type":"SCALAR"', '"componentType":5121', '"componentType":5123', '"buffer":1',
  '"uri":"data:application/octet-stream;base64,AAAA"', '"target":{"node":0,"path":"translation"}', '"extras":{"x":[1,"}"]}', '"name":"sample_9"',
  '"fps":24', '"version":"9"', '"canonical_to_request":{"Hips":"X","__proto__":"Y"}', '"chunk_boundaries":[1,99,"x"]',
  '"foot_contacts":{"$accessor":0}', '"foot_contact_joints":["LeftFoot"]', '"trajectory":{"position":[[0,0]],"yaw":[0]}', '"yaw":[0,0,0,0,0]',
];
const NUMBERS = ['0', '-0', '0.0', '1e0', '10e-1', '3E+1', '1.0000000000000002', '123456789012345678', '1e-7', '2.5e-05', '1e308', '1e309', '-1e400', '0.1', '7', '30.000'];

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;

function mutateText(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  switch (Math.floor(r() * 9)) {
    case 0: return text.slice(0, at) + pick(r, SIGNIFICANT.split('')) + text.slice(at + 1); // replace a byte
    case 1: return text.slice(0, at) + pick(r, SIGNIFICANT.split('')) + text.slice(at); // insert one
    case 2: return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 4)); // delete a few
    case 3: return text.replace(/[,:[{]/g, (m) => (r() < 0.1 ? `${m}${pick(r, [' ', '\n', '\t ', '\r\n'])}` : m)); // whitespace
    case 4: {
      // A member inserted first or last in a random object: duplicates, retypes, extra members.
      const member = r() < 0.5 ? `"${pick(r, KEYS)}":${pick(r, VALUES)}` : pick(r, MEMBERS);
      if (r() < 0.5) {
        const o = pick(r, [...text.matchAll(/\{/g)].map((m) => m.index));
        return `${text.slice(0, o + 1)}${member},${text.slice(o + 1)}`;
      }
      const c = pick(r, [...text.matchAll(/\}/g)].map((m) => m.index));
      return `${text.slice(0, c)},${member}${text.slice(c)}`;
    }
    case 5: return text.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi, (m) => (r() < 0.05 ? pick(r, NUMBERS) : m)); // number spellings
    case 6: return text.replace(/"([A-Za-z_$]+)"/g, (m, s: string) => (r() < 0.05 ? `"${s.replace(/./, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"` : m)); // escapes
    case 7: return text.slice(0, Math.floor(r() * text.length)); // truncated
    default: return text.replace(/\[true,|\[false,|\[\[/g, (m) => (r() < 0.2 ? pick(r, ['[tru,', '[true ,', '[1,', '[[1e99,', '[["0",', '[[0,0,0],[']) : m)); // hot arrays
  }
}

/** Start (`{`) and end (`}`) offsets of the first two objects of every kind (key path, indices dropped). */
function objectSpots(text: string): number[] {
  const spots: number[] = [];
  const seen = new Map<string, number>();
  const stack: { kind: string; start: number }[] = [];
  let key = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (text[j + 1] === ':') key = text.slice(i + 1, j);
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ kind: `${stack.at(-1)?.kind ?? ''}/${c === '[' ? `${key}[]` : key}`, start: i });
      key = '';
    } else if (c === '}' || c === ']') {
      const o = stack.pop()!;
      const n = seen.get(o.kind) ?? 0;
      if (c === '}' && n < 2) spots.push(o.start + 1, -i); // after `{` (positive), before `}` (negative)
      seen.set(o.kind, n + 1);
    }
  }
  return spots;
}

describe('fast GLB path differential fuzz', () => {
  it('every curated member first and last in every kind of object: same outcome as the exact path', () => {
    const src = SOURCES[0] as Uint8Array;
    const text = jsonChunkText(src);
    const spots = objectSpots(text);
    expect(spots.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    for (const at of spots) {
      for (const member of MEMBERS) {
        const edited = at > 0 ? `${text.slice(0, at)}${member},${text.slice(at)}` : `${text.slice(0, -at)},${member}${text.slice(-at)}`;
        const glb = withJsonChunk(src, edited);
        if (!isDeepStrictEqual(outcome(() => parseMotionDocument(glb)), outcome(() => parseMotionDocumentExact(glb)))) mismatches.push(`${member} at ${at}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('4,000 seeded JSON-chunk mutations: same document or same error as the exact path', () => {
    let parsed = 0, failed = 0, fast = 0;
    const mismatches: string[] = [];
    for (let seed = 1; seed <= 4000; seed++) {
      const r = mulberry32(seed);
      const src = SOURCES[seed % SOURCES.length] as Uint8Array;
      let text = jsonChunkText(src);
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) text = mutateText(text, r);
      let bytes: Uint8Array = Buffer.from(text, 'utf8');
      if (seed % 50 === 0) {
        bytes = Uint8Array.from(bytes);
        bytes[Math.floor(r() * bytes.length)] = pick(r, [0x80, 0xc0, 0xed, 0xff, 0xef]); // invalid UTF-8
      }
      const glb = withJsonChunk(src, bytes);
      const a = outcome(() => parseMotionDocument(glb));
      const b = outcome(() => parseMotionDocumentExact(glb));
      if (!isDeepStrictEqual(a, b)) mismatches.push(`seed ${seed}`);
      if ('ok' in b) {
        parsed++;
        if (readGlbFast(glb)) fast++;
      } else {
        failed++;
      }
    }
    console.log(`fast-path fuzz: 4000 cases, ${parsed} parsed (${fast} of them by the fast reader), ${failed} refused`);
    expect(mismatches).toEqual([]);
    // Both outcomes are reached, and most documents that parse went through the fast reader.
    expect(parsed).toBeGreaterThan(800);
    expect(failed).toBeGreaterThan(800);
    expect(fast).toBeGreaterThan(parsed * 0.8);
  });

  it('3,000 random accessor/animation layouts and member edits: the path-free checks agree with the exact ones', () => {
    const mismatches: string[] = [];
    let parsed = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = mulberry32(10_000 + seed);
      const doc = randomLayout(r);
      for (let k = 0, n = Math.floor(r() * 3); k < n; k++) editMember(doc, r);
      const a = outcome(() => parseMotionDocument(doc));
      const b = outcome(() => parseMotionDocumentExact(doc));
      if (!isDeepStrictEqual(a, b)) mismatches.push(`seed ${seed}`);
      if ('ok' in b) parsed++;
    }
    expect(mismatches).toEqual([]);
    expect(parsed).toBeGreaterThan(1000);
  });
});

const COMPONENTS: [number, number][] = [[5126, 4], [5120, 1], [5121, 1], [5122, 2], [5123, 2], [5125, 4]];

/** A 2-joint document whose accessors use random component types, strides, offsets and interpolation. */
function randomLayout(r: () => number): Json {
  const b = new DocBuilder([{ name: 'Root', translation: [0, 1, 0], children: [1] }, { name: 'Child', translation: [0, 0.5, 0] }]);
  const frames = 1 + Math.floor(r() * 4);
  const times = b.floats('SCALAR', Array.from({ length: frames }, (_, t) => t / 30));
  const accessor = (type: 'VEC4' | 'VEC3', count: number): number => {
    const [ct, size] = pick(r, COMPONENTS);
    const n = type === 'VEC4' ? 4 : 3;
    const elem = n * size;
    const stride = r() < 0.3 ? Math.ceil((elem + Math.floor(r() * 8)) / 4) * 4 : 0;
    const offset = r() < 0.3 ? 4 * Math.floor(r() * 3) : 0;
    const bytes = Uint8Array.from({ length: offset + (count - 1) * (stride || elem) + elem }, () => Math.floor(r() * 256));
    const acc: Json = { componentType: ct, count, type };
    if (offset) acc['byteOffset'] = offset;
    if (ct !== 5126 && r() < 0.5) acc['normalized'] = true;
    return b.raw(bytes, acc, stride ? { byteStride: stride } : {});
  };
  for (let s = 0; s < 1 + Math.floor(r() * 2); s++) {
    const samplers: Json[] = [];
    const channels: Json[] = [];
    for (let node = 0; node < 2; node++) {
      const interp = pick(r, ['LINEAR', 'STEP', 'CUBICSPLINE', undefined]);
      const sampler: Json = { input: times, output: accessor('VEC4', interp === 'CUBICSPLINE' ? frames * 3 : frames) };
      if (interp) sampler['interpolation'] = interp;
      samplers.push(sampler);
      channels.push({ sampler: samplers.length - 1, target: { node, path: 'rotation' } });
    }
    samplers.push({ input: times, output: accessor('VEC3', frames) });
    channels.push({ sampler: samplers.length - 1, target: { node: r() < 0.8 ? 0 : 1, path: 'translation' } });
    if (r() < 0.2) channels.push({ sampler: 0, target: { path: 'rotation' } }); // untargeted
    if (r() < 0.2) channels.push({ sampler: 0, target: { node: 1, path: 'scale' } });
    b.doc.animations.push({ channels, samplers });
  }
  return b.gltf();
}

const ODD: unknown[] = [undefined, null, -1, 0, 1, 2, 3, 7, 1.5, 2 ** 32, 1e308, 'x', 'VEC4', 'SCALAR', true, false, [], {}, [0], 5126, 5121, 4, 8, 252, 256];

/** Sets a random member of a random accessor, bufferView, sampler or channel to an odd value (undefined deletes). */
function editMember(doc: Json, r: () => number): void {
  const group = pick(r, ['accessors', 'bufferViews', 'animations'] as const);
  const list = doc[group] as Json[];
  let obj = pick(r, list);
  if (group === 'animations') {
    const sub = (pick(r, [obj['samplers'], obj['channels']]) as Json[]);
    obj = pick(r, sub);
    if ('target' in obj && r() < 0.5) obj = obj['target'] as Json;
  }
  const keys = [...Object.keys(obj), 'normalized', 'byteStride', 'byteOffset', 'sparse', 'interpolation'];
  const key = pick(r, keys);
  const v = pick(r, ODD);
  if (v === undefined) delete obj[key];
  else obj[key] = v;
}
