/** Text prompt → content/style weights for the default local model. */
import { MmcpError } from '../../protocol/errors.js';
import { matchTerms } from './match.js';
import { buildTermIndex, type TermIndex, type TermTarget } from './term-index.js';
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
  for (const { term, negated: neg, scale } of hits) {
    if (neg) {
      negated.push(term.text);
      continue;
    }
    let isContent = false;
    for (const t of term.targets) {
      if (t.kind === 'concept') {
        bump(concepts, t, t.weight * scale);
        isContent = true;
      } else if (t.kind === 'content') {
        // A direct label phrase scores like the concepts it spells out: 2 per word, +0.5, so a bare
        // "walk" does not outweigh "walk" + "to the right" (walk-right) or "walk" + "veer" (walk-turn-*).
        bump(direct, t, scale * t.weight * (2 * term.tokens.length + 0.5));
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
      const scale = rule.scale ?? 1;
      let s = scale * rule.all.reduce((a, c) => a + 2 * (concepts.get(c) ?? 0), 0);
      if (rule.side) {
        // The side bonus is weakened with the rule: a named side must not lift a fallback ("arms" → a
        // two-handed wave) over a real action ("saunters ahead, arms swinging").
        if (namedSide === rule.side) s += scale;
        else if (namedSide === undefined && rule.defaultable && rule.side === defaultSide) s += 0.1 * scale;
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
