/** Validated glTF accessor reading into float arrays, zero-copy where the layout allows (internal). */
import { decodeDataUriBuffer } from './glb.js';
import { fail, isIndex, isObject, describe, optCount, reqIndex, type JsonObject } from './json-check.js';

const COMPONENT_SIZE: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
const TYPE_SIZE: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Document context shared by accessor reads of one parse. */
export interface GltfContext {
  accessors: unknown[];
  bufferViews: unknown[];
  buffers: unknown[];
  /** GLB BIN chunk (buffer 0 without `uri`). */
  bin: Uint8Array | undefined;
  /** Decoded buffers by index. */
  cache: (Uint8Array | undefined)[];
  /** Accessors already read by {@link readAccessorQuiet}, by index … */
  memoData: (AccessorData | undefined)[];
  /** … with the types asked for. */
  memoTypes: (readonly string[] | undefined)[];
}

/** Builds a context from a parsed glTF JSON object. Missing arrays are treated as empty. */
export function makeContext(json: JsonObject, bin: Uint8Array | undefined): GltfContext {
  const arr = (k: string): unknown[] => {
    const v = json[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) fail('bad_json', k, 'must be an array');
    return v;
  };
  return { accessors: arr('accessors'), bufferViews: arr('bufferViews'), buffers: arr('buffers'), bin, cache: [], memoData: [], memoTypes: [] };
}

/** A decoded accessor: `count` elements of `components` floats each. */
export interface AccessorData {
  data: Float32Array;
  count: number;
  components: number;
  type: string;
  /** True when `data` is a view over the input bytes (no copy). */
  view: boolean;
}

function bufferBytes(ctx: GltfContext, index: number, path: string): Uint8Array {
  const cached = ctx.cache[index];
  if (cached) return cached;
  const b = ctx.buffers[index];
  const bp = `buffers[${index}]`;
  if (!isObject(b)) fail('bad_buffer', bp, 'must be an object');
  let bytes: Uint8Array;
  if (b['uri'] === undefined) {
    if (index !== 0 || !ctx.bin) fail('bad_buffer', bp, `has no uri and there is no GLB BIN chunk (referenced from ${path})`);
    const bl = b['byteLength'];
    if (!isIndex(bl)) fail('bad_buffer', `${bp}.byteLength`, `must be a non-negative integer (got ${describe(bl)})`);
    if (bl > ctx.bin.length) fail('out_of_bounds', `${bp}.byteLength`, `${bl} exceeds the ${ctx.bin.length}-byte BIN chunk`);
    bytes = ctx.bin.subarray(0, bl);
  } else {
    bytes = decodeDataUriBuffer(b, bp);
  }
  ctx.cache[index] = bytes;
  return bytes;
}

/**
 * Reads accessor `index` as floats (normalized integers mapped per glTF: `max(c / (2^(n-1)-1), -1)`
 * for signed, `c / (2^n-1)` for unsigned; non-normalized integers as their value). Validates every
 * member and bound first. `expectType` restricts the accessor `type`.
 */
export function readAccessor(ctx: GltfContext, index: unknown, path: string, expectTypes?: readonly string[]): AccessorData {
  if (!isIndex(index)) fail('bad_accessor', path, `must be an accessor index (got ${describe(index)})`);
  if (index >= ctx.accessors.length) fail('out_of_bounds', path, `= ${index} is out of range (${ctx.accessors.length} accessors)`);
  const ap = `accessors[${index}]`; // cheap: one short concat per accessor
  const acc = ctx.accessors[index];
  if (!isObject(acc)) fail('bad_accessor', ap, 'must be an object');
  const ct = acc['componentType'];
  const csize = typeof ct === 'number' ? COMPONENT_SIZE[ct] : undefined;
  if (csize === undefined) fail('bad_accessor', `${ap}.componentType`, `is not a glTF component type (got ${describe(ct)})`);
  const type = acc['type'];
  const ncomp = typeof type === 'string' && Object.hasOwn(TYPE_SIZE, type) ? TYPE_SIZE[type] : undefined;
  if (ncomp === undefined || typeof type !== 'string') fail('bad_accessor', `${ap}.type`, `is not a glTF accessor type (got ${describe(type)})`);
  if (expectTypes && !expectTypes.includes(type)) fail('bad_accessor', `${ap}.type`, `is ${type}, expected ${expectTypes.join(' or ')} (used as ${path})`);
  const count = acc['count'];
  if (!isIndex(count) || count < 1) fail('bad_accessor', `${ap}.count`, `must be a positive integer (got ${describe(count)})`);
  const normalized = acc['normalized'] ?? false;
  if (typeof normalized !== 'boolean') fail('bad_accessor', `${ap}.normalized`, 'must be a boolean');
  if (normalized && ct === 5126) fail('bad_accessor', `${ap}.normalized`, 'must not be true for float components');
  if (acc['sparse'] !== undefined) fail('unsupported', `${ap}.sparse`, 'sparse accessors are not supported');
  const aOff = optCount(acc, 'byteOffset', ap, 0, 'bad_accessor');
  const bvIndex = reqIndex(acc, 'bufferView', ap, ctx.bufferViews.length, 'bad_accessor');
  const bvp = `bufferViews[${bvIndex}]`;
  const bv = ctx.bufferViews[bvIndex];
  if (!isObject(bv)) fail('bad_buffer_view', bvp, 'must be an object');
  const bufIndex = reqIndex(bv, 'buffer', bvp, ctx.buffers.length, 'bad_buffer_view');
  const bvOff = optCount(bv, 'byteOffset', bvp, 0, 'bad_buffer_view');
  const bvLen = bv['byteLength'];
  if (!isIndex(bvLen) || bvLen < 1) fail('bad_buffer_view', `${bvp}.byteLength`, `must be a positive integer (got ${describe(bvLen)})`);
  const elemSize = csize * (ncomp as number);
  const strideRaw = bv['byteStride'];
  let stride = elemSize;
  if (strideRaw !== undefined) {
    if (!isIndex(strideRaw) || strideRaw < 4 || strideRaw > 252 || strideRaw % 4 !== 0) fail('bad_buffer_view', `${bvp}.byteStride`, `must be a multiple of 4 in 4..252 (got ${describe(strideRaw)})`);
    if (strideRaw < elemSize) fail('bad_buffer_view', `${bvp}.byteStride`, `${strideRaw} is smaller than the ${elemSize}-byte element of ${ap}`);
    stride = strideRaw;
  }
  const buf = bufferBytes(ctx, bufIndex, bvp);
  if (bvOff > buf.length || bvLen > buf.length - bvOff) fail('out_of_bounds', bvp, `(byteOffset ${bvOff} + byteLength ${bvLen}) exceeds buffers[${bufIndex}] (${buf.length} bytes)`);
  // Bound check before any allocation: the whole range must lie inside the view.
  if (aOff > bvLen || (count - 1) * stride + elemSize > bvLen - aOff) fail('out_of_bounds', `${ap}.count`, `${count} (stride ${stride}, byteOffset ${aOff}) exceeds ${bvp} (${bvLen} bytes)`);
  return decode(buf, bvOff + aOff, count, ncomp as number, ct as number, csize, stride, normalized, type);
}

/**
 * {@link readAccessor} that never throws and builds no member paths: `undefined` when anything is
 * off (then call {@link readAccessor} for the exact error). Same checks, same data; results are
 * remembered per index for the parse (`ctx.memoData`), so a timestamps accessor shared by all
 * samplers of an animation is checked once. `types` should be a constant array.
 */
export function readAccessorQuiet(ctx: GltfContext, index: unknown, types: readonly string[] | undefined): AccessorData | undefined {
  if (!isIndex(index) || index >= ctx.accessors.length) return undefined;
  const memo = ctx.memoData[index];
  if (memo !== undefined && ctx.memoTypes[index] === types) return memo;
  const acc = ctx.accessors[index];
  if (!isObject(acc)) return undefined;
  const ct = acc['componentType'];
  const csize = typeof ct === 'number' ? COMPONENT_SIZE[ct] : undefined;
  const type = acc['type'];
  const ncomp = typeof type === 'string' && Object.hasOwn(TYPE_SIZE, type) ? TYPE_SIZE[type] : undefined;
  if (csize === undefined || ncomp === undefined || typeof type !== 'string' || (types && !types.includes(type))) return undefined;
  const count = acc['count'];
  const normalized = acc['normalized'] ?? false;
  if (!isIndex(count) || count < 1 || typeof normalized !== 'boolean' || (normalized && ct === 5126) || acc['sparse'] !== undefined) return undefined;
  const aOffRaw = acc['byteOffset'];
  const aOff = aOffRaw === undefined ? 0 : aOffRaw; // as optCount: only an absent member defaults
  const bvIndex = acc['bufferView'];
  if (!isIndex(aOff) || !isIndex(bvIndex) || bvIndex >= ctx.bufferViews.length) return undefined;
  const bv = ctx.bufferViews[bvIndex];
  if (!isObject(bv)) return undefined;
  const bufIndex = bv['buffer'];
  const bvOffRaw = bv['byteOffset'];
  const bvOff = bvOffRaw === undefined ? 0 : bvOffRaw;
  const bvLen = bv['byteLength'];
  if (!isIndex(bufIndex) || bufIndex >= ctx.buffers.length || !isIndex(bvOff) || !isIndex(bvLen) || bvLen < 1) return undefined;
  const elemSize = csize * ncomp;
  const strideRaw = bv['byteStride'];
  let stride = elemSize;
  if (strideRaw !== undefined) {
    if (!isIndex(strideRaw) || strideRaw < 4 || strideRaw > 252 || strideRaw % 4 !== 0 || strideRaw < elemSize) return undefined;
    stride = strideRaw;
  }
  let buf = ctx.cache[bufIndex];
  if (buf === undefined) {
    try {
      buf = bufferBytes(ctx, bufIndex, '');
    } catch {
      return undefined;
    }
  }
  if (bvOff > buf.length || bvLen > buf.length - bvOff) return undefined;
  if (aOff > bvLen || (count - 1) * stride + elemSize > bvLen - aOff) return undefined;
  const data = decode(buf, bvOff + aOff, count, ncomp, ct as number, csize, stride, normalized, type);
  ctx.memoData[index] = data;
  ctx.memoTypes[index] = types;
  return data;
}

/** Reads `count` elements at `buf[offset…]` (bounds already checked); a view when the layout allows. */
function decode(buf: Uint8Array, offset: number, count: number, nc: number, ct: number, csize: number, stride: number, normalized: boolean, type: string): AccessorData {
  const elemSize = csize * nc;
  const n = count * nc;
  const abs = buf.byteOffset + offset;
  if (ct === 5126 && stride === elemSize && abs % 4 === 0 && LITTLE_ENDIAN) {
    return { data: new Float32Array(buf.buffer, abs, n), count, components: nc, type, view: true };
  }
  const out = new Float32Array(n);
  const dv = new DataView(buf.buffer, abs, (count - 1) * stride + elemSize);
  for (let i = 0, o = 0; i < count; i++) {
    const base = i * stride;
    for (let c = 0; c < nc; c++, o++) out[o] = readComponent(dv, base + c * csize, ct, normalized);
  }
  return { data: out, count, components: nc, type, view: false };
}

function readComponent(dv: DataView, at: number, ct: number, normalized: boolean): number {
  switch (ct) {
    case 5126:
      return dv.getFloat32(at, true);
    case 5120: {
      const v = dv.getInt8(at);
      return normalized ? Math.max(v / 127, -1) : v;
    }
    case 5121: {
      const v = dv.getUint8(at);
      return normalized ? v / 255 : v;
    }
    case 5122: {
      const v = dv.getInt16(at, true);
      return normalized ? Math.max(v / 32767, -1) : v;
    }
    case 5123: {
      const v = dv.getUint16(at, true);
      return normalized ? v / 65535 : v;
    }
    default: {
      const v = dv.getUint32(at, true);
      return normalized ? v / 4294967295 : v;
    }
  }
}
