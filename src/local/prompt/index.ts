/** Prompt understanding for the default local model: text → content/style labels. No Babylon, no DOM. */
export type {
  Vocabulary, VocabularyEntry, VocabularyContent, ComposeRule, PromptLabels, PromptSide, WeightedLabel, PromptMatch, ParsedPrompt,
} from './types.js';
export { parsePrompt } from './parse.js';
export { splitPromptSequence } from './sequence.js';
export { evaluateParaphrases, type Paraphrase, type ParaphraseMiss, type ParaphraseReport } from './evaluate.js';
export { normaliseText, tokenize, baseCandidates, Lemmatiser } from './normalise.js';
