/** Text prompt → content/style weights for the default local model. */
import { MmcpError } from '../../protocol/errors.js';
import { tokenize } from './normalise.js';
import { buildTermIndex, type Term, type TermIndex, type TermTarget } from './term-index.js';
import type { ParsedPrompt, PromptLabels, PromptSide, Vocabulary, WeightedLabel } from './types.js';

const indexCache = new WeakMap<Vocabulary, Map<string, TermIndex>>();

function termIndex(vocabulary: Vocabulary, labels: PromptLabels): TermIndex {
  const key = `${labels.contents.join('|')}#${labels.styles.join('|')}`;
  let perLabels = indexCache.get(vocabulary);
  if (!perLabels) {
    perLabels = new Map();
    indexCache.set(vocabulary, perLabels);
  }
  let index = perLabels.get(key);
  if (!index) {
    index = buildTermIndex(vocabulary, labels);
    perLabels.set(key, index);
  }
  return index;
}

interface Hit {
  term: Term;
  negated: boolean;
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

/** Greedy longest-match of vocabulary terms over the prompt's lemmatised, stopword-free words. */
function matchTerms(prompt: string, index: TermIndex): { hits: Hit[]; unmatched: string[] } {
  const words = tokenize(prompt)
    .map((w) => index.lemmatiser.lemma(w))
    .filter((w) => !index.stopwords.has(w));
  const hits: Hit[] = [];
  const unmatched: string[] = [];
  let negateUntil = -1;
  for (let i = 0; i < words.length; ) {
    const candidates = index.byFirst.get(words[i] as string) ?? [];
    let term: Term | undefined;
    let length = 0;
    let inner: string[] = [];
    for (const t of candidates) {
      const sides: string[] = [];
      const n = matchAt(words, i, t, index, sides);
      if (n > 0) {
        term = t;
        length = n;
        inner = sides;
        break;
      }
    }
    if (!term) {
      unmatched.push(words[i] as string);
      i++;
      continue;
    }
    if (term.targets.length === 1 && term.targets[0]?.kind === 'negation') {
      negateUntil = i + length + 2;
    } else {
      // A negation cancels the next matched term within two words ("not running", "no kick").
      hits.push({ term, negated: i < negateUntil });
      negateUntil = -1;
    }
    for (const w of inner) {
      const side = index.byFirst.get(w)?.find((t) => t.tokens.length === 1);
      if (side) hits.push({ term: side, negated: false });
    }
    i += length;
  }
  return { hits, unmatched };
}

/** The typed refusal for a prompt with no understood action. */
function refuse(prompt: string, labels: PromptLabels, unmatched: string[], negated: string[]): MmcpError {
  const shown = prompt.length > 80 ? `${prompt.slice(0, 77)}...` : prompt;
  const why = negated.length ? ` (negated: ${negated.join(', ')})` : '';
  return new MmcpError(
    'invalid_request',
    `No action understood in "${shown}"${why}. This model knows: ${labels.contents.join(', ')}; styles: ${labels.styles.join(', ')}. ` +
      `Describe one action in plain English, e.g. "an old man waves with his right hand" or "someone strolls tiredly".`,
    {
      status: 400,
      phase: 'validate',
      retryable: false,
      details: {
        understood_contents: [...labels.contents],
        understood_styles: [...labels.styles],
        prompt_tokens_unmatched: unmatched,
        ...(negated.length ? { prompt_terms_negated: negated } : {}),
        examples: ['an old man waves with his right hand', 'someone strolls tiredly', 'angry punch', 'turn left while walking'],
      },
    },
  );
}

function normaliseWeights(scores: Map<string, number>): WeightedLabel[] {
  const total = [...scores.values()].reduce((a, b) => a + b, 0);
  return [...scores].map(([label, s]) => ({ label, weight: s / total })).sort((a, b) => b.weight - a.weight);
}

/**
 * Parse a plain-English prompt into the model's content and style labels.
 *
 * Multi-word phrases match first (longest first), then single words; words are lowercased and reduced
 * to the vocabulary's base forms (walks/walking/walked → walk, tiredly → tired). Left/right/both pick
 * the matching wave/raise/sidestep/turn label; with no side named, one-sided gestures use the
 * vocabulary's `default_side` (right). No style named → `normal`. A negated action ("not running") is
 * ignored.
 *
 * @throws MmcpError `invalid_request` (phase `validate`) when no action is understood; `details` lists
 *   `understood_contents`, `understood_styles` and `prompt_tokens_unmatched`.
 */
export function parsePrompt(prompt: string, vocabulary: Vocabulary, labels: PromptLabels): ParsedPrompt {
  const index = termIndex(vocabulary, labels);
  const { hits, unmatched } = matchTerms(prompt, index);

  const concepts = new Map<string, number>();
  const direct = new Map<string, number>();
  const styles = new Map<string, number>();
  const sides: PromptSide[] = [];
  const contentTerms: string[] = [];
  const styleTerms: string[] = [];
  const negated: string[] = [];
  const bump = (m: Map<string, number>, t: TermTarget, value = t.weight): void => {
    m.set(t.name, Math.max(m.get(t.name) ?? 0, value));
  };
  for (const { term, negated: neg } of hits) {
    if (neg) {
      negated.push(term.text);
      continue;
    }
    let isContent = false;
    for (const t of term.targets) {
      if (t.kind === 'concept') {
        bump(concepts, t);
        isContent = true;
      } else if (t.kind === 'content') {
        // A direct label phrase scores like the concepts it spells out: 2 per word, +0.5, so a bare
        // "walk" does not outweigh "walk" + "to the right" (walk-right) or "walk" + "veer" (walk-turn-*).
        bump(direct, t, t.weight * (2 * term.tokens.length + 0.5));
        isContent = true;
      } else if (t.kind === 'style') {
        styles.set(t.name, (styles.get(t.name) ?? 0) + t.weight);
        if (!styleTerms.includes(term.text)) styleTerms.push(term.text);
      } else if (t.kind === 'side') {
        sides.push(t.name);
      }
    }
    if (isContent) {
      // A side word inside a matched phrase ("wave with the right hand") names the side too.
      for (const tok of term.tokens) {
        const side = index.sideWords.get(tok);
        if (side) sides.push(side);
      }
    }
    if (isContent) contentTerms.push(term.text);
  }

  const namedSide: PromptSide | undefined = sides.includes('both') ? 'both' : sides[0];
  const defaultSide = vocabulary.default_side ?? 'right';
  let sideAssumed = false;
  const scores: Record<string, number> = {};
  for (const label of labels.contents) {
    let best = direct.get(label) ?? 0;
    for (const rule of vocabulary.contents?.[label]?.compose ?? []) {
      if (!rule.all.every((c) => concepts.has(c))) continue;
      let s = (rule.scale ?? 1) * rule.all.reduce((a, c) => a + 2 * (concepts.get(c) ?? 0), 0);
      if (rule.side) {
        if (namedSide === rule.side) s += 1;
        else if (namedSide === undefined && rule.defaultable && rule.side === defaultSide) s += 0.1;
        else continue;
      }
      best = Math.max(best, s);
    }
    if (best > 0) scores[label] = Math.round(best * 1000) / 1000;
  }
  const top = Math.max(0, ...Object.values(scores));
  if (top === 0) throw refuse(prompt, labels, unmatched, negated);
  const winners = Object.keys(scores).filter((l) => (scores[l] ?? 0) >= top - 1e-9);
  const content = winners.map((label) => ({ label, weight: 1 / winners.length }));
  if (namedSide === undefined) {
    sideAssumed = winners.some((l) => vocabulary.contents?.[l]?.compose?.some((r) => r.side !== undefined && r.defaultable) ?? false);
  }

  let style: WeightedLabel[];
  if (styles.size > 0) style = normaliseWeights(styles);
  else {
    const fallback = labels.styles.includes('normal') ? 'normal' : labels.styles[0];
    style = fallback === undefined ? [] : [{ label: fallback, weight: 1 }];
  }
  return {
    content,
    style,
    matched: { contentTerms, styleTerms, side: namedSide ?? (sideAssumed ? defaultSide : undefined), sideAssumed, negated, unmatched, scores },
  };
}
