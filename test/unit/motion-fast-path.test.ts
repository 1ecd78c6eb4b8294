/**
 * The fast GLB path (bytes → projection → lazy metadata) against the exact path (TextDecoder +
 * JSON.parse): same documents, same errors, on the SDK layout and on every spelling JSON allows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeMotionDocument, parseMotionDocument, type MotionClip, type MotionDocument } from '../../src/motion/index.js';
import { readGlbFast } from '../../src/motion/gltf-json-fast.js';
import { parseMotionDocumentExact } from '../../src/motion/parse.js';
import { buildGolden, packGlb } from './motion-gltf-builder.js';
import { expectSameAsExact, jsonChunkText, withJsonChunk } from './motion-fast-support.js';

const DIR = '/work/shared/fixtures/mmcp';
const T = 6;

/** A small response in the SDK layout with contacts, trajectory and chunk boundaries (2 samples). */
function sdkDoc(): MotionDocument {
  const names = ['Hips', 'Spine', 'LeftFoot', 'RightFoot'];
  const clips: MotionClip[] = [0, 1].map((s) => {
    const rotations = new Float32Array(T * names.length * 4);
    for (let i = 0; i < rotations.length; i += 4) rotations.set([0, Math.sin(i + s) * 0.1, 0, Math.cos(i + s) * 0.1], i);
    const position = new Float32Array(T * 2);
    for (let t = 0; t < T; t++) position.set([0.01 * t, 0.04 * t], 2 * t);
    return {
      name: `sample_${s}`,
      fps: 30,
      frameCount: T,
      jointNames: names.slice(),
      rotations,
      rootPositions: Float32Array.from({ length: T * 3 }, (_, i) => i * 0.1),
      chunkBoundaries: [3],
      footContacts: { LeftFoot: Uint8Array.of(1, 1, 0, 0, 1, 1), RightFoot: Uint8Array.of(0, 0, 1, 1, 0, 0) },
      trajectory: { model: 'line', loop: false, params: { speed: 1.2, off_cm: 0.4 }, position, yaw: Float32Array.of(0, 0.1, -0.2, 1e-7, 0, -0) },
    };
  });
  const skeleton = { names, parents: Int32Array.of(-1, 0, 0, 0), restTranslations: new Float32Array(12).fill(0.5), restRotations: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1) };
  return { version: '1.3', model: 'test', fps: 30, skeleton, clips, canonicalToRequest: { Hips: 'mixamorig:Hips' } };
}

const SDK = encodeMotionDocument(sdkDoc(), { binary: true });
const SDK_TEXT = jsonChunkText(SDK);
const edit = (text: string): Uint8Array => withJsonChunk(SDK, text);

describe('fast GLB path: taken and identical on real documents', () => {
  const cases: [string, Uint8Array][] = [
    ['SDK layout with contacts and trajectory', SDK],
    ...['resp-null-text', 'resp-demo-2samples'].map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(`${DIR}/${n}.converted.glb`))]),
    ['golden 3-joint document', packGlb(buildGolden({ samples: 2, contacts: [{ foot_contacts: { Head: [true, false] } }, { trajectory: { model: 'x', position: [[0, 0], [1, 1]], yaw: [0, 1] } }] }))],
  ];
  it.each(cases)('%s', (_name, glb) => {
    expect(readGlbFast(glb)).toBeDefined();
    const out = expectSameAsExact(glb);
    expect('ok' in out).toBe(true);
  });

  it('the SDK document keeps contacts, trajectory, chunk boundaries and canonical_to_request', () => {
    const doc = parseMotionDocument(SDK);
    const want = sdkDoc();
    expect(doc.canonicalToRequest).toEqual(want.canonicalToRequest);
    doc.clips.forEach((c, i) => {
      const w = want.clips[i]!;
      expect(c.chunkBoundaries).toEqual([3]);
      expect(c.footContacts).toEqual(w.footContacts);
      expect(Array.from(c.trajectory!.position)).toEqual(Array.from(w.trajectory!.position));
      expect(Array.from(c.trajectory!.yaw)).toEqual(Array.from(w.trajectory!.yaw));
      expect(Object.is(c.trajectory!.yaw[5], -0)).toBe(true);
      expect(c.trajectory!.params).toEqual({ speed: 1.2, off_cm: 0.4 });
    });
  });
});

describe('fast GLB path: every JSON spelling gives the exact result', () => {
  const obj = JSON.parse(SDK_TEXT) as Record<string, unknown>;
  const reorder = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
  const cases: [string, string][] = [
    ['pretty-printed (whitespace everywhere)', JSON.stringify(obj, null, 2)],
    ['tabs and CRLF', JSON.stringify(obj, null, '\t').replace(/\n/g, '\r\n')],
    ['members in reverse order', JSON.stringify(reorder(obj))],
    ['escaped keys and enum strings', SDK_TEXT.replace(/"count"/g, '"c\\u006funt"').replace(/"rotation"/g, '"rot\\u0061tion"').replace(/"VEC4"/g, '"\\u0056EC4"').replace('"position"', '"positi\\u006fn"')],
    ['non-ASCII joint names', SDK_TEXT.replace(/"Spine"/g, '"Spïne😀"').replace(/"LeftFoot"/g, '"Füß"')],
    ['numbers spelled 3e2 / 300.0 / 0.3e3', SDK_TEXT.replace(/"count":6/, '"count":6e0').replace(/"byteOffset":0,/, '"byteOffset":0.0,').replace(/"fps":30/, '"fps":0.3e2')],
    ['a count that is not an integer (error)', SDK_TEXT.replace(/"count":6/, '"count":6.5')],
    ['a negative bufferView (error)', SDK_TEXT.replace(/"bufferView":1,/, '"bufferView":-1,')],
    ['duplicate members (last wins)', SDK_TEXT.replace('"accessors":[{', '"accessors":[{"count":99,"type":"VEC2",').replace('"extensions":', '"extensions":{"MMCP_motion":{"fps":12}},"extensions":')],
    ['duplicate trajectory arrays (last wins, count changes)', SDK_TEXT.replace('"position":[', '"position":[[0,0]],"position":[')],
    ['"extensions" inside strings and nested objects', SDK_TEXT.replace('"asset":{', '"asset":{"extensions":{"MMCP_motion":{"fps":1}},"copyright":"\\"extensions\\":{\\"MMCP_motion\\":{}}",')],
    ['unknown members of every kind', SDK_TEXT.replace(/"bufferView":(\d+),/g, '"bufferView":$1,"extras":{"a":[1,{"b":null}],"c":"\\u00e9"},').replace('"samples":[{', '"samples":[{"reference":{"fidelity":0.9},')],
    ['a leading BOM', `\uFEFF${SDK_TEXT}`],
    ['sparse accessor (unsupported)', SDK_TEXT.replace('"accessors":[{', '"accessors":[{"sparse":{"count":1},')],
    ['byteStride and normalized spelled out', SDK_TEXT.replace(/"byteLength":24\}/, '"byteLength":24,"byteStride":4}').replace(/"componentType":5126,/, '"componentType":5126,"normalized":false,')],
    ['scene and extensions null', SDK_TEXT.replace('"scene":0', '"scene":null').replace(/"extensions":\{.*\}\}$/, '"extensions":null}')],
  ];
  it.each(cases)('%s', (_name, text) => {
    expect(text).not.toBe(SDK_TEXT);
    const glb = edit(text);
    expect(readGlbFast(glb), 'valid JSON stays on the fast path').toBeDefined();
    expectSameAsExact(glb);
  });

  const broken: [string, string][] = [
    ['a broken literal in the contacts', SDK_TEXT.replace('[true,true,false', '[true,tru,false')],
    ['a trailing comma in a position pair', SDK_TEXT.replace('[0,0],', '[0,],')],
    ['an unterminated string in params', SDK_TEXT.replace('"model":"line"', '"model":"line')],
    ['a bad escape in a trajectory key', SDK_TEXT.replace('"loop"', '"lo\\op"')],
    ['a leading zero in yaw', SDK_TEXT.replace('"yaw":[0,', '"yaw":[00,')],
    ['a missing bracket at the end', SDK_TEXT.slice(0, -2) + '}'],
    ['garbage after the object', `${SDK_TEXT} x`],
    ['NUL padding', `${SDK_TEXT}\u0000\u0000`],
  ];
  it.each(broken)('broken JSON fails at parse time with the same error: %s', (_name, text) => {
    expect(text).not.toBe(SDK_TEXT);
    const glb = edit(text);
    expect(readGlbFast(glb)).toBeUndefined();
    const out = expectSameAsExact(glb);
    expect('error' in out && out.error.code).toBe('bad_json');
  });

  it('invalid UTF-8 inside the metadata fails at parse time (bad_json)', () => {
    const bytes = Buffer.from(SDK_TEXT.replace('"model":"line"', '"model":"l@ne"'), 'utf8');
    bytes[bytes.indexOf('l@ne') + 1] = 0xc0;
    const out = expectSameAsExact(edit(bytes as unknown as string));
    expect('error' in out && out.error.code).toBe('bad_json');
  });
});

describe('lazy MMCP_motion metadata', () => {
  it('contacts and trajectory are own enumerable accessors until read, then plain values; keys as the exact path', () => {
    const fast = parseMotionDocument(SDK).clips[0]!;
    const exact = parseMotionDocumentExact(SDK).clips[0]!;
    expect(Object.keys(fast)).toEqual(Object.keys(exact));
    const d = Object.getOwnPropertyDescriptor(fast, 'trajectory')!;
    expect(d.get).toBeTypeOf('function');
    expect(d.enumerable).toBe(true);
    expect({ ...fast }.footContacts).toEqual(exact.footContacts); // spread reads them
    expect(structuredClone(fast).trajectory).toEqual(exact.trajectory);
    expect(Object.getOwnPropertyDescriptor(fast, 'trajectory')!.value).toBe(fast.trajectory);
  });

  it('assigning before reading replaces the lazy value', () => {
    const c = parseMotionDocument(SDK).clips[1]!;
    c.trajectory = undefined;
    c.footContacts = { X: Uint8Array.of(1) };
    expect(c.trajectory).toBeUndefined();
    expect(c.footContacts).toEqual({ X: Uint8Array.of(1) });
  });

  // Today's rule, kept: metadata that is missing or malformed (but valid JSON) degrades to no
  // contacts / no trajectory and never fails; presence is decided at parse time exactly as before.
  const bad: [string, string, { contacts: boolean; trajectory: boolean }][] = [
    ['position entries of 3 numbers', SDK_TEXT.replace('"position":[[0,0]', '"position":[[0,0,0]'), { contacts: true, trajectory: false }],
    ['position one frame short', SDK_TEXT.replace('"position":[[0,0],', '"position":['), { contacts: true, trajectory: false }],
    ['yaw one frame long', SDK_TEXT.replace('"yaw":[', '"yaw":[0,'), { contacts: true, trajectory: false }],
    ['yaw missing', SDK_TEXT.replace(/,"yaw":\[[^\]]*\]/, ''), { contacts: true, trajectory: false }],
    ['a yaw string', SDK_TEXT.replace('"yaw":[0,', '"yaw":["0",'), { contacts: true, trajectory: false }],
    ['a position overflowing to Infinity', SDK_TEXT.replace('"position":[[0,0]', '"position":[[1e400,0]'), { contacts: true, trajectory: false }],
    ['exponent spellings (finite)', SDK_TEXT.replace('"position":[[0,0]', '"position":[[1e-05,2E+1]'), { contacts: true, trajectory: true }],
    ['trajectory null', SDK_TEXT.replace(/"trajectory":\{[^}]*\{[^}]*\}[^}]*\}/, '"trajectory":null'), { contacts: true, trajectory: false }],
    ['contacts of the wrong length (present, empty)', SDK_TEXT.replace(/"LeftFoot":\[true,/g, '"LeftFoot":[').replace(/"RightFoot":\[false,/g, '"RightFoot":['), { contacts: true, trajectory: true }],
    ['contacts as numbers and strings', SDK_TEXT.replace(/"LeftFoot":\[true,true/g, '"LeftFoot":[1,"x"'), { contacts: true, trajectory: true }],
    ['contacts null', SDK_TEXT.replace(/"foot_contacts":\{[^}]*\}/g, '"foot_contacts":null'), { contacts: false, trajectory: true }],
    ['contacts in the accessor form with a bad index', SDK_TEXT.replace(/"foot_contacts":\{[^}]*\}/g, '"foot_contacts":{"$accessor":999},"foot_contact_joints":["LeftFoot"]'), { contacts: false, trajectory: true }],
    ['whitespace inside the arrays', SDK_TEXT.replace(/\],\[/g, '], [').replace(/true,/g, 'true ,'), { contacts: true, trajectory: true }],
  ];
  it.each(bad)('%s', (_name, text, want) => {
    expect(text).not.toBe(SDK_TEXT);
    const glb = edit(text);
    expect(readGlbFast(glb)).toBeDefined();
    const out = expectSameAsExact(glb);
    if (!('ok' in out)) throw new Error('expected a document');
    const clip = out.ok.doc.clips[0]!;
    expect(clip.footContacts !== undefined).toBe(want.contacts);
    expect(clip.trajectory !== undefined).toBe(want.trajectory);
    expect(out.ok.keys[0]!.includes('trajectory')).toBe(want.trajectory);
  });

  it('input bytes changed after the parse: unread metadata degrades to undefined, never throws', () => {
    const glb = SDK.slice();
    const doc = parseMotionDocument(glb);
    const at = Buffer.from(glb).indexOf('"trajectory":');
    glb.fill(0x7b, at, at + 40); // `{{{{…`: no longer JSON
    expect(doc.clips[0]!.trajectory).toBeUndefined();
    expect(doc.clips[0]!.footContacts).toBeDefined(); // the contacts before it are intact
  });
});
