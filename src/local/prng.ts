/**
 * Seeded noise for the sampler: same seed → same noise → same clip (MMCP `options.seed`).
 * xoshiro128** seeded through splitmix32; normals by Box–Muller.
 */

/** A deterministic standard-normal generator. */
export interface NormalSource {
  /** Fills `out` with N(0, 1) × `scale`. */
  fill(out: Float32Array, scale?: number): Float32Array;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A uniform [0, 1) generator from a 53-bit-safe integer seed (negative seeds allowed). */
export function uniformSource(seed: number): () => number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
  let a = sm();
  let b = sm();
  let c = sm() ^ hi;
  let d = sm() || 1;
  return () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded normal source. */
export function normalSource(seed: number): NormalSource {
  const u = uniformSource(seed);
  return {
    fill(out, scale = 1) {
      for (let i = 0; i < out.length; i += 2) {
        const u1 = 1 - u();
        const u2 = u();
        const r = Math.sqrt(-2 * Math.log(u1)) * scale;
        out[i] = r * Math.cos(2 * Math.PI * u2);
        if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
      }
      return out;
    },
  };
}

/** A fresh random seed (for `seed: null`), from WebCrypto when available. */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(buf);
  else buf[0] = Math.floor(Math.random() * 4294967296);
  return buf[0]!;
}
