/** The matching index built once per (vocabulary, labels): every term as a lemmatised token sequence. */
import { Lemmatiser, tokenize } from './normalise.js';
import type { PromptLabels, PromptSide, Vocabulary, VocabularyEntry } from './types.js';

/** What a term evokes. */
export type TermTarget =
  | { kind: 'concept'; name: string; weight: number }
  | { kind: 'content'; name: string; weight: number }
  | { kind: 'style'; name: string; weight: number }
  | { kind: 'side'; name: PromptSide; weight: number }
  | { kind: 'negation'; name: string; weight: number };

/** A term: its token sequence and everything it evokes. */
export interface Term {
  tokens: string[];
  text: string;
  targets: TermTarget[];
}

/** Terms grouped by first token, longest first. */
export interface TermIndex {
  lemmatiser: Lemmatiser;
  stopwords: ReadonlySet<string>;
  byFirst: Map<string, Term[]>;
  /** Single side words ("left", "both"), which may sit inside a phrase ("raise both hands up"). */
  sideWords: Map<string, PromptSide>;
}

function entryTerms(entry: VocabularyEntry): [string, number][] {
  const w = entry.weights ?? {};
  return [...(entry.phrases ?? []), ...(entry.synonyms ?? [])].map((t) => [t, w[t] ?? 1]);
}

/** Build the index (tolerates a vocabulary with missing sections: only label names then match). */
export function buildTermIndex(vocabulary: Vocabulary, labels: PromptLabels): TermIndex {
  const raw: [string, TermTarget][] = [];
  for (const [name, entry] of Object.entries(vocabulary.concepts ?? {})) {
    for (const [t, weight] of entryTerms(entry)) raw.push([t, { kind: 'concept', name, weight }]);
  }
  for (const label of labels.contents) {
    const entry = vocabulary.contents?.[label];
    const terms: [string, number][] = entry ? entryTerms(entry) : [];
    terms.push([label, 1]);
    for (const [t, weight] of terms) raw.push([t, { kind: 'content', name: label, weight }]);
  }
  for (const label of labels.styles) {
    const entry = vocabulary.styles?.[label];
    const terms: [string, number][] = entry ? entryTerms(entry) : [];
    terms.push([label, 1.2]);
    for (const [t, weight] of terms) raw.push([t, { kind: 'style', name: label, weight }]);
  }
  for (const side of ['left', 'right', 'both'] as const) {
    for (const t of vocabulary.sides?.[side] ?? []) raw.push([t, { kind: 'side', name: side, weight: 1 }]);
  }
  for (const t of vocabulary.negations ?? []) raw.push([t, { kind: 'negation', name: t, weight: 1 }]);

  const lexicon = new Set<string>();
  for (const [t] of raw) for (const w of tokenize(t)) lexicon.add(w);
  for (const w of vocabulary.stopwords ?? []) lexicon.add(w);
  const lemmatiser = new Lemmatiser(lexicon, vocabulary.irregular ?? {});
  const stopwords = new Set(vocabulary.stopwords ?? []);

  const singles = new Set(raw.map(([t]) => tokenize(t)).filter((w) => w.length === 1).map((w) => lemmatiser.lemma(w[0] as string)));
  const byText = new Map<string, Term>();
  for (const [t, target] of raw) {
    const words = tokenize(t);
    const tokens = words.map((w) => lemmatiser.lemma(w)).filter((w) => !stopwords.has(w));
    if (tokens.length === 0) continue;
    // A phrase that collapses to one word without its stopwords ("move around" → "move") is not that word.
    if (words.length > 1 && tokens.length === 1 && !singles.has(tokens[0] as string)) continue;
    const key = tokens.join(' ');
    let term = byText.get(key);
    if (!term) {
      term = { tokens, text: key, targets: [] };
      byText.set(key, term);
    }
    const same = term.targets.find((x) => x.kind === target.kind && x.name === target.name);
    if (same) same.weight = Math.max(same.weight, target.weight);
    else term.targets.push(target);
  }
  const byFirst = new Map<string, Term[]>();
  for (const term of byText.values()) {
    const first = term.tokens[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(term);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const sideWords = new Map<string, PromptSide>();
  for (const term of byText.values()) {
    const side = term.targets.find((x) => x.kind === 'side');
    if (term.tokens.length === 1 && side?.kind === 'side') sideWords.set(term.tokens[0] as string, side.name);
  }
  return { lemmatiser, stopwords, byFirst, sideWords };
}
