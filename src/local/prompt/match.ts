/** Matching a prompt's words against the vocabulary's terms (greedy, longest first). */
import { baseCandidates, tokenize } from './normalise.js';
import type { Term, TermIndex } from './term-index.js';

/** One matched term. */
export interface Hit {
  term: Term;
  negated: boolean;
  /** Multiplies the term's weights: 0.5 for an agent noun ("the runner hurtles": the runner is not the action). */
  scale: number;
}

const POSSESSIVES = new Set(['his', 'her', 'their', 'my', 'your', 'the', 'one']);
const HOLDING_PARTS = new Set(['hand', 'hands', 'arm', 'arms', 'fist', 'palm']);

/**
 * Drop the side of a hand that holds something ("rod in his right", "a basket in her left hand"): it is
 * not the hand the gesture is made with.
 */
function dropHoldingHand(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const side = raw[i + 2];
    if (raw[i] === 'in' && POSSESSIVES.has(raw[i + 1] as string) && (side === 'left' || side === 'right')) {
      i += HOLDING_PARTS.has(raw[i + 3] as string) ? 3 : 2;
      continue;
    }
    out.push(raw[i] as string);
  }
  return out;
}

/** Length in prompt words of `term` matched at `i` (side words inside it are skipped and collected), or 0. */
function matchAt(words: readonly string[], i: number, term: Term, index: TermIndex, sides: string[]): number {
  let j = i;
  for (let k = 0; k < term.tokens.length; k++) {
    while (k > 0 && words[j] !== term.tokens[k] && words[j] !== undefined && index.sideWords.has(words[j] as string)) {
      sides.push(words[j] as string);
      j++;
    }
    if (words[j] !== term.tokens[k]) return 0;
    j++;
  }
  return j - i;
}

function evokesAction(term: Term): boolean {
  return term.targets.some((t) => t.kind === 'concept' || t.kind === 'content');
}

/**
 * The single-word term of another base form of `word` that evokes an action, when the form the lemmatiser
 * chose does not: "greeting" (only in the phrase "greeting wave") → greet; "swaggering" (a style) → swagger.
 */
function actionOfOtherBase(word: string, chosen: Term | undefined, index: TermIndex): Term | undefined {
  if (chosen && evokesAction(chosen)) return undefined;
  for (const base of baseCandidates(word)) {
    const term = index.byFirst.get(base)?.find((t) => t.tokens.length === 1 && evokesAction(t));
    if (term) return term;
  }
  return undefined;
}

/** Greedy longest-match of vocabulary terms over the prompt's lemmatised, stopword-free words. */
export function matchTerms(prompt: string, index: TermIndex): { hits: Hit[]; unmatched: string[] } {
  const raw = dropHoldingHand(tokenize(prompt))
    .map((w) => ({ word: w, lemma: index.lemmatiser.lemma(w) }))
    .filter((w) => !index.stopwords.has(w.lemma));
  const words = raw.map((w) => w.lemma);
  const hits: Hit[] = [];
  const unmatched: string[] = [];
  let negateUntil = -1;
  for (let i = 0; i < words.length; ) {
    const original = raw[i]?.word as string;
    let term: Term | undefined;
    let length = 0;
    let inner: string[] = [];
    for (const t of index.byFirst.get(words[i] as string) ?? []) {
      const sides: string[] = [];
      const n = matchAt(words, i, t, index, sides);
      if (n > 0) {
        term = t;
        length = n;
        inner = sides;
        break;
      }
    }
    const other = length <= 1 ? actionOfOtherBase(original, term, index) : undefined;
    if (!term && !other) {
      unmatched.push(words[i] as string);
      i++;
      continue;
    }
    length = Math.max(length, 1);
    const scale = index.lemmatiser.isAgentNoun(original) ? 0.5 : 1;
    if (term && term.targets.length === 1 && term.targets[0]?.kind === 'negation') {
      negateUntil = i + length + 2;
    } else {
      // A negation cancels the next matched term within two words ("not running", "no kick").
      const negated = i < negateUntil;
      if (term) hits.push({ term, negated, scale });
      // Half weight when the word is also a style: "swaggering" before a noun is a manner ("a swaggering
      // punk socks the kid").
      if (other) hits.push({ term: other, negated, scale: term ? scale * 0.5 : scale });
      negateUntil = -1;
    }
    for (const w of inner) {
      const side = index.byFirst.get(w)?.find((t) => t.tokens.length === 1);
      if (side) hits.push({ term: side, negated: false, scale: 1 });
    }
    i += length;
  }
  return { hits, unmatched };
}
