/** GLB 2.0 container: read (validated), write, and conversion to/from glTF JSON with a `data:` URI buffer. */
import { MotionFormatError } from './errors.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { isObject, type JsonObject } from './json-check.js';
import { stringifyGltfJson } from './float-json.js';

const MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

/** A GLB split into its parsed JSON chunk and its BIN chunk (a view, no copy). */
export interface GlbParts {
  json: JsonObject;
  /** BIN chunk payload (padded length) or `undefined` when the GLB has none. */
  bin: Uint8Array | undefined;
}

/** Wraps any byte input as a `Uint8Array` view (no copy). */
export function asBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** True when the bytes start with the GLB magic `glTF`. */
export function isGlb(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46;
}

/** Parses JSON text into an object, mapping every failure to `bad_json`. */
export function parseJsonText(text: string, path: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new MotionFormatError('bad_json', `${path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`, path);
  }
  if (!isObject(v)) throw new MotionFormatError('bad_json', `${path} is not a JSON object`, path);
  return v;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 bytes (an optional BOM is dropped), mapping invalid UTF-8 to `bad_json`. */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MotionFormatError('bad_json', `${path} is not valid UTF-8`, path);
  }
}

/**
 * Splits a GLB (MMCP.md §8.2): checks header magic, version 2, length = byte count, chunk headers
 * and lengths, first chunk JSON, JSON an object. Chunks after the BIN chunk are ignored.
 */
export function readGlb(input: ArrayBuffer | Uint8Array): GlbParts {
  return walkGlb(asBytes(input), (data, path) => parseJsonText(decodeUtf8(data, path), path));
}

/**
 * Walks a GLB's header and chunks with the checks of {@link readGlb}, handing the JSON chunk
 * payload to `onJson` (called in chunk order, before later chunks are checked); returns its
 * result and the BIN chunk (a view, no copy). Internal: the fast parse path reads the JSON
 * chunk bytes itself.
 */
export function walkGlb<T>(bytes: Uint8Array, onJson: (data: Uint8Array, path: string) => T): { json: T; bin: Uint8Array | undefined } {
  if (bytes.length < 12) throw new MotionFormatError('bad_glb_header', `GLB is ${bytes.length} bytes, shorter than its 12-byte header`, 'glb');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new MotionFormatError('bad_glb_header', 'GLB magic is not "glTF"', 'glb.magic');
  const version = dv.getUint32(4, true);
  if (version !== 2) throw new MotionFormatError('bad_glb_header', `GLB version is ${version}, expected 2`, 'glb.version');
  const length = dv.getUint32(8, true);
  if (length !== bytes.length) throw new MotionFormatError('bad_glb_header', `GLB header length ${length} ≠ actual size ${bytes.length}`, 'glb.length');
  let off = 12;
  let json: { value: T } | undefined;
  let bin: Uint8Array | undefined;
  for (let i = 0; off < length; i++) {
    if (off + 8 > length) throw new MotionFormatError('bad_glb_chunk', `glb.chunks[${i}] header is truncated`, `glb.chunks[${i}]`);
    const chunkLength = dv.getUint32(off, true);
    const chunkType = dv.getUint32(off + 4, true);
    off += 8;
    if (chunkLength > length - off) throw new MotionFormatError('bad_glb_chunk', `glb.chunks[${i}].length ${chunkLength} exceeds the ${length - off} bytes left`, `glb.chunks[${i}]`);
    const data = bytes.subarray(off, off + chunkLength);
    off += chunkLength;
    if (i === 0) {
      if (chunkType !== CHUNK_JSON) throw new MotionFormatError('bad_glb_chunk', `glb.chunks[0] is not the JSON chunk (type 0x${chunkType.toString(16)})`, 'glb.chunks[0]');
      json = { value: onJson(data, 'glb.chunks[0]') };
    } else if (chunkType === CHUNK_BIN && bin === undefined) {
      bin = data;
    }
    // Other chunk types are skipped (GLB 2.0 says clients must ignore unknown chunks).
  }
  if (json === undefined) throw new MotionFormatError('bad_glb_chunk', 'GLB has no JSON chunk', 'glb.chunks[0]');
  return { json: json.value, bin };
}

/** Packs a JSON object and an optional binary payload into GLB bytes (JSON space-padded, BIN zero-padded). */
export function writeGlb(json: JsonObject, bin?: Uint8Array): Uint8Array {
  const jsonBytes = new TextEncoder().encode(stringifyGltfJson(json));
  const jsonLen = pad4(jsonBytes.length);
  const binLen = bin ? pad4(bin.length) : 0;
  const total = 12 + 8 + jsonLen + (bin ? 8 + binLen : 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonLen);
  if (bin) {
    const o = 20 + jsonLen;
    dv.setUint32(o, binLen, true);
    dv.setUint32(o + 4, CHUNK_BIN, true);
    out.set(bin, o + 8);
  }
  return out;
}

/** Rounds up to a multiple of 4. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * GLB → glTF JSON object whose buffer 0 is a base64 `data:` URI of the BIN chunk, with the
 * buffer's `byteLength` preserved (trailing chunk padding dropped). A GLB without BIN chunk gives
 * its JSON unchanged (MMCP checklist items 94–95).
 */
export function glbToGltf(input: ArrayBuffer | Uint8Array): JsonObject {
  const { json, bin } = readGlb(input);
  if (!bin) return json;
  const buffers = json['buffers'];
  if (!Array.isArray(buffers) || !isObject(buffers[0])) return json;
  const b0 = buffers[0];
  const declared = b0['byteLength'];
  const len = typeof declared === 'number' && Number.isSafeInteger(declared) && declared >= 0 && declared <= bin.length ? declared : bin.length;
  const newB0: JsonObject = { ...b0, byteLength: len, uri: `data:application/octet-stream;base64,${encodeBase64(bin.subarray(0, len))}` };
  return { ...json, buffers: [newB0, ...buffers.slice(1)] };
}

/**
 * glTF JSON (object or text) → GLB bytes. Every `data:` URI buffer is moved into the single BIN
 * chunk (bufferViews rebased, 4-byte aligned); the JSON otherwise stays as it was.
 */
export function gltfToGlb(doc: JsonObject | string): Uint8Array {
  const json = typeof doc === 'string' ? parseJsonText(doc, 'document') : doc;
  const buffers = json['buffers'];
  if (!Array.isArray(buffers) || buffers.length === 0) return writeGlb(json);
  const datas: Uint8Array[] = buffers.map((b, i) => decodeDataUriBuffer(b, `buffers[${i}]`));
  const bases: number[] = [];
  let total = 0;
  for (const d of datas) {
    bases.push(total);
    total = pad4(total + d.length);
  }
  const bin = new Uint8Array(total);
  datas.forEach((d, i) => bin.set(d, bases[i] as number));
  const views = json['bufferViews'];
  const newViews = Array.isArray(views)
    ? views.map((v, i) => {
        if (!isObject(v)) throw new MotionFormatError('bad_buffer_view', `bufferViews[${i}] must be an object`, `bufferViews[${i}]`);
        const b = v['buffer'];
        const base = typeof b === 'number' ? bases[b] : undefined;
        if (base === undefined) throw new MotionFormatError('out_of_bounds', `bufferViews[${i}].buffer is out of range`, `bufferViews[${i}].buffer`);
        const bo = v['byteOffset'] ?? 0;
        if (typeof bo !== 'number') throw new MotionFormatError('bad_buffer_view', `bufferViews[${i}].byteOffset must be a number`, `bufferViews[${i}].byteOffset`);
        return { ...v, buffer: 0, byteOffset: base + bo };
      })
    : views;
  const out: JsonObject = { ...json, buffers: [{ byteLength: datas.length === 1 ? (datas[0] as Uint8Array).length : total }] };
  if (newViews !== undefined) out['bufferViews'] = newViews;
  return writeGlb(out, bin);
}

/** Decodes a buffer given as a base64 `data:` URI (`uri` after the first comma). */
export function decodeDataUriBuffer(b: unknown, path: string): Uint8Array {
  if (!isObject(b)) throw new MotionFormatError('bad_buffer', `${path} must be an object`, path);
  const uri = b['uri'];
  if (typeof uri !== 'string') throw new MotionFormatError('bad_buffer', `${path}.uri is missing (only data: URIs are supported outside GLB)`, `${path}.uri`);
  if (!uri.startsWith('data:')) throw new MotionFormatError('unsupported', `${path}.uri is an external URI; only data: URIs are supported`, `${path}.uri`);
  const comma = uri.indexOf(',');
  if (comma < 0 || !uri.slice(0, comma).endsWith(';base64')) throw new MotionFormatError('bad_buffer', `${path}.uri is not a base64 data: URI`, `${path}.uri`);
  const data = decodeBase64(uri, comma + 1);
  if (!data) throw new MotionFormatError('bad_buffer', `${path}.uri has invalid base64`, `${path}.uri`);
  const bl = b['byteLength'];
  if (typeof bl !== 'number' || !Number.isSafeInteger(bl) || bl < 0) throw new MotionFormatError('bad_buffer', `${path}.byteLength must be a non-negative integer`, `${path}.byteLength`);
  if (bl > data.length) throw new MotionFormatError('out_of_bounds', `${path}.byteLength ${bl} exceeds the ${data.length} decoded bytes`, `${path}.byteLength`);
  return data.subarray(0, bl);
}
