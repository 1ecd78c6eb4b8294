/**
 * The byte-level JSON cursor behind the fast GLB path: values exactly as `JSON.parse` gives them,
 * and every text `JSON.parse` refuses refused too (FAST_JSON_BAIL).
 */
import { describe, expect, it } from 'vitest';
import { FAST_JSON_BAIL, JsonBytes } from '../../src/motion/json-bytes.js';
import { KeyTable } from '../../src/motion/json-names.js';
import { readGltfJsonFast } from '../../src/motion/gltf-json-fast.js';
import { mulberry32 } from '../support/mulberry32.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Reads member `"x"` of `{"x":<text>}` with `read`. */
function readX<T>(text: string, read: (r: JsonBytes) => T): T {
  const r = new JsonBytes(enc(`{"x":${text}}`), 0, enc(`{"x":${text}}`).length);
  expect(r.openObject()).toBe(true);
  const v = read(r);
  expect(r.nextMember()).toBe(false);
  expect(r.peek()).toBe(-1);
  return v;
}

function bails(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBe(FAST_JSON_BAIL);
}

describe('JsonBytes numbers', () => {
  const EDGE = [
    '0', '-0', '0.0', '-0.0', '1', '-1', '10', '0.1', '0.30000000000000004', '1e22', '1e23', '1E+2', '1e-2', '100e-2', '2.5E-3',
    '9007199254740991', '9007199254740993', '123456789012345', '1234567890123456', '12345678901234567890', '0.000001234',
    '1.7976931348623157e308', '1e400', '-1e400', '5e-324', '2.2250738585072014e-308', '1e-400', '0e5', '-0e-5', '0.1e22',
    '4.35e-7', '1.8626451e-9', '0.9887085', '-0.00053726666', '3.0000000000000004', '1e0', '1e-0', '1e+0', '1e00000000000007',
  ];

  it('edge cases read exactly as JSON.parse (bit for bit, -0 and ±Infinity included)', () => {
    for (const s of EDGE) expect(Object.is(readX(s, (r) => (expect(r.atNumber()).toBe(true), r.number())), JSON.parse(s)), s).toBe(true);
  });

  it('20,000 random doubles and float32 values in every JSON spelling read exactly', () => {
    const r = mulberry32(7);
    const wrong: string[] = [];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const mag = 10 ** Math.floor(r() * 40 - 20);
      let x = (r() - 0.5) * mag;
      if (i % 3 === 0) x = Math.fround(x);
      const spellings = [String(x), x.toExponential(), x.toPrecision(1 + Math.floor(r() * 17)), x.toFixed(Math.floor(r() * 20))];
      for (const s of spellings) {
        if (!/^-?\d/.test(s)) continue;
        const b = enc(`{"x":${s}}`);
        const rd = new JsonBytes(b, 0, b.length);
        rd.openObject();
        const v = rd.number();
        if (rd.nextMember() || !Object.is(v, JSON.parse(s))) wrong.push(s);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(70_000);
    expect(wrong).toEqual([]);
  });

  it.each(['01', '-', '1.', '.5', '+1', '1e', '1e+', '-a', '0x10', '1.e3', '--1', 'NaN', 'Infinity'])('refuses %s like JSON.parse', (s) => {
    expect(() => JSON.parse(s)).toThrow();
    bails(() => readX(s, (r) => r.skip()));
  });
});

describe('JsonBytes strings and keys', () => {
  it.each([
    ['plain', '"abc"'],
    ['braces, brackets, colons, commas inside', '"{[}]:,"'],
    ['escaped quote and backslash', '"a\\"b\\\\c"'],
    ['all short escapes', '"\\b\\f\\n\\r\\t\\/\\\\\\""'],
    ['unicode escapes incl. a surrogate pair', '"\\u00e9\\uD83D\\uDE00\\u0041"'],
    ['raw UTF-8 (2, 3 and 4 bytes)', '"é€😀"'],
    ['a string that looks like a member', '"\\"extensions\\":{\\"MMCP_motion\\":1}"'],
    ['long ASCII', `"${'x'.repeat(500)}"`],
  ])('reads %s exactly', (_name, text) => {
    expect(readX(text, (r) => r.string())).toBe(JSON.parse(text));
    readX(text, (r) => r.skip()); // and skips it
  });

  it.each([
    ['raw control character', '"a\u0001b"'],
    ['raw newline', '"a\nb"'],
    ['unknown escape', '"\\q"'],
    ['short unicode escape', '"\\u12"'],
    ['unterminated', '"abc'],
  ])('refuses %s', (_name, text) => {
    bails(() => readX(text, (r) => r.skip()));
  });

  it('refuses invalid UTF-8 in a string (overlong, lone continuation, encoded surrogate, truncated)', () => {
    for (const bad of [[0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = Uint8Array.from([...enc('{"x":"a'), ...bad, ...enc('"}')]);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      bails(() => {
        const r = new JsonBytes(bytes, 0, bytes.length);
        r.openObject();
        r.skip();
      });
    }
  });

  it('KeyTable matches raw and escaped spellings of a name, nothing else', () => {
    const t = new KeyTable(['count', 'type', 'countx']);
    const ids = (text: string): number[] => {
      const b = enc(text);
      const r = new JsonBytes(b, 0, b.length);
      const out: number[] = [];
      if (r.openObject()) {
        do {
          out.push(r.keyId(t));
          r.skip();
        } while (r.nextMember());
      }
      return out;
    };
    expect(ids('{"count":1,"type":2,"countx":3,"coun":4,"Count":5}')).toEqual([0, 1, 2, -1, -1]);
    expect(ids('{"c\\u006funt":1,"\\u0074ype":2,"cou\\nt":3}')).toEqual([0, 1, -1]);
  });
});

describe('JsonBytes structure', () => {
  it.each([
    ['{"x":tru}'], ['{"x":nul}'], ['{"x":[1,]}'], ['{"x":[,1]}'], ['{"x":{,}}'], ['{"x" 1}'], ['{"x":1,}'], ['{"x":1}}'],
    ['{"x":1} x'], ['{"x":1}\u0000'], ['{x:1}'], ["{'x':1}"], ['{"x":[1 2]}'], ['{"x":{"a":1 "b":2}}'], [''], ['   '],
    ['\uFEFF\uFEFF{"x":1}'], ['{"x":1'], ['{"x":[1}'], ['{"x":{"a":1]}'],
  ])('refuses %j like JSON.parse', (text) => {
    expect(() => JSON.parse(text.replace(/^\uFEFF/, ''))).toThrow();
    bails(() => readGltfJsonFast(enc(text)));
  });

  it('valid JSON that is not an object is left to the exact path (which reports it)', () => {
    for (const text of ['[1]', '1', '"s"', 'null']) bails(() => readGltfJsonFast(enc(text)));
  });

  it('skips deep but valid nesting up to its limit, bails beyond (the exact path then decides)', () => {
    const ok = `{"extras":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(readGltfJsonFast(enc(ok))).toBeTypeOf('object');
    bails(() => readGltfJsonFast(enc(`{"extras":${'['.repeat(5000)}${']'.repeat(5000)}}`)));
  });

  it('accepts whitespace everywhere JSON does, one leading BOM, and trailing whitespace', () => {
    const text = '\uFEFF \t\n{ "scene" : 0 ,\r\n "extras" : [ 1 , { "a" : [ ] } , "s" , true , false , null ] }  \n ';
    expect(readGltfJsonFast(enc(text))['scene']).toBe(0);
  });

  it('duplicate members: the last one wins, as in JSON.parse', () => {
    const json = readGltfJsonFast(enc('{"scene":1,"scene":2,"extensions":{"MMCP_motion":{"fps":30}},"extensions":{"other":1}}'));
    expect(json['scene']).toBe(2);
    expect(json['extensions']).toEqual({ MMCP_motion: undefined });
    const acc = readGltfJsonFast(enc('{"accessors":[{"count":1,"count":7,"type":"VEC4","type":"SCALAR"}]}'))['accessors'] as Record<string, unknown>[];
    expect([acc[0]!['count'], acc[0]!['type']]).toEqual([7, 'SCALAR']);
  });

  it('"extensions" inside strings or nested objects is not the top-level member', () => {
    const json = readGltfJsonFast(enc('{"asset":{"extensions":{"MMCP_motion":{"fps":1}}},"nodes":[{"name":"\\"extensions\\":{"}],"extras":{"extensions":{"MMCP_motion":{"fps":2}}}}'));
    expect(json['extensions']).toBeUndefined();
    expect((json['nodes'] as Record<string, unknown>[])[0]!['name']).toBe('"extensions":{');
  });
});
