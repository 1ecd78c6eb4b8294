/** Prompt normalisation: lowercase, punctuation, and a small lemmatiser keyed on the vocabulary's words. */

/** Lowercase, expand "n't", drop possessive "'s", turn every non-alphanumeric run into one space. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/n't\b/g, ' not')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Split normalised text into words. */
export function tokenize(text: string): string[] {
  const t = normaliseText(text);
  return t ? t.split(' ') : [];
}

function undouble(stem: string): string {
  const n = stem.length;
  return n > 2 && stem[n - 1] === stem[n - 2] ? stem.slice(0, -1) : stem;
}

/** Candidate base forms of a word, most likely first (walks/walking/walked → walk; tiredly → tired; jogger → jog). */
export function baseCandidates(word: string): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    if (s.length >= 2) out.push(s);
  };
  if (word.endsWith('ily')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('ly')) add(word.slice(0, -2));
  if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    add(undouble(stem));
  }
  if (word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) {
    const stem = word.slice(0, -2);
    add(stem);
    add(`${stem}e`);
    add(undouble(stem));
  }
  if (word.endsWith('er') && word.length > 4) {
    // Agent nouns: jogger → jog, dancer → dance, hiker → hike.
    const stem = word.slice(0, -2);
    add(stem);
    add(`${stem}e`);
    add(undouble(stem));
  }
  return out;
}

/** A lemmatiser: maps a word to the form the vocabulary knows, or leaves it unchanged. */
export class Lemmatiser {
  private readonly lexicon: ReadonlySet<string>;
  private readonly irregular: Readonly<Record<string, string>>;

  constructor(lexicon: ReadonlySet<string>, irregular: Readonly<Record<string, string>> = {}) {
    this.lexicon = lexicon;
    this.irregular = irregular;
  }

  /** Base form of one (already lowercase) word. */
  lemma(word: string): string {
    const irregular = this.irregular[word];
    if (irregular !== undefined) return irregular;
    if (this.lexicon.has(word)) return word;
    for (const c of baseCandidates(word)) if (this.lexicon.has(c)) return c;
    return word;
  }

  /**
   * True when `word` was reduced to its base form only by the agent-noun rule (runner → run,
   * dancer → dance): the word names a person, not the action itself.
   */
  isAgentNoun(word: string): boolean {
    if (this.irregular[word] !== undefined || this.lexicon.has(word) || !word.endsWith('er') || word.length <= 4) return false;
    const base = this.lemma(word);
    if (base === word) return false;
    const stem = word.slice(0, -2);
    return base === stem || base === `${stem}e` || (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2] && base === stem.slice(0, -1));
  }
}
