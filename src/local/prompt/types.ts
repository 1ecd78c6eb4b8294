/** Types of the prompt vocabulary (`models/<id>/vocabulary.json`) and of parsed prompts. */

/** Words and phrases that evoke one concept or style (normalised: lowercase, words separated by spaces). */
export interface VocabularyEntry {
  /** Multi-word phrases. */
  phrases: string[];
  /** Single words. */
  synonyms: string[];
  /** Weight per term where it differs from 1.0 (hand-written seeds 1.2, WordNet hyponyms 0.8/0.7). */
  weights?: Record<string, number>;
}

/** Which hand or direction a prompt names. */
export type PromptSide = 'left' | 'right' | 'both';

/** One way concepts compose into a content label. */
export interface ComposeRule {
  /** Concepts that must all be present. */
  all: string[];
  /** Side the prompt must name for this rule. */
  side?: PromptSide;
  /** The rule also applies when the prompt names no side (the vocabulary's `default_side`). */
  defaultable?: boolean;
  /** Multiplier for fallback rules (default 1). */
  scale?: number;
}

/** A content label's entry: direct phrases plus the concept rules reaching it. */
export interface VocabularyContent extends VocabularyEntry {
  /** Alternatives; the best-scoring one counts. */
  compose: ComposeRule[];
}

/** The shipped prompt vocabulary, built at build time by `model/vocabulary/build-vocabulary.mjs`. */
export interface Vocabulary {
  /** `babylon-mmcp-vocabulary/1`. */
  format: string;
  version: string;
  /** Side assumed for one-sided gestures (wave, raise, sidestep, turn) when the prompt names none. */
  default_side?: PromptSide;
  /** Concepts (actions, modifiers, body parts) recognised in prompts. */
  concepts: Record<string, VocabularyEntry>;
  /** Content labels. */
  contents: Record<string, VocabularyContent>;
  /** Style labels. */
  styles: Record<string, VocabularyEntry>;
  /** Side words. */
  sides: Record<PromptSide, string[]>;
  /** Words that cancel the following action/style. */
  negations?: string[];
  /** Words ignored when matching. */
  stopwords: string[];
  /** Irregular inflections → base form. */
  irregular?: Record<string, string>;
  /** Raw dataset label → the model's label where the model merged labels (e.g. dance-long → dance). */
  label_aliases?: { contents: Record<string, string>; styles: Record<string, string> };
}

/** The model's label lists (manifest `contents` / `styles`; index = one-hot position). */
export interface PromptLabels {
  contents: readonly string[];
  styles: readonly string[];
}

/** A label with its weight in the soft one-hot (weights sum to 1). */
export interface WeightedLabel {
  label: string;
  weight: number;
}

/** What the parser recognised, for display and debugging. */
export interface PromptMatch {
  /** Prompt terms that evoked an action or a content label. */
  contentTerms: string[];
  /** Prompt terms that evoked a style. */
  styleTerms: string[];
  /** Side named in the prompt, if any. */
  side: PromptSide | undefined;
  /** Whether the side was assumed (`default_side`) rather than named. */
  sideAssumed: boolean;
  /** Terms cancelled by a negation ("not running"). */
  negated: string[];
  /** Prompt words (after stopwords) nothing matched. */
  unmatched: string[];
  /** Score of every candidate content label. */
  scores: Record<string, number>;
}

/** The result of {@link parsePrompt}. */
export interface ParsedPrompt {
  content: WeightedLabel[];
  style: WeightedLabel[];
  matched: PromptMatch;
}
