/**
 * The one place text prompts become content/style weights for the conditioning: the package's
 * `vocabulary.json` through `parsePrompt` (src/local/prompt). A prompt it cannot understand is
 * refused with `invalid_request` (details list what the model understands), like a server would.
 */
import { MmcpError } from '../protocol/errors.js';
import type { SegmentWeights } from './conditioning.js';
import type { ModelManifest } from './manifest.js';
import { parsePrompt } from './prompt/parse.js';
import type { Vocabulary } from './prompt/types.js';

/** A vocabulary that knows only the label names (packages without `vocabulary.json`). */
export function labelOnlyVocabulary(): Vocabulary {
  return { format: 'babylon-mmcp-vocabulary/1', version: '0', concepts: {}, contents: {}, styles: {}, sides: { left: ['left'], right: ['right'], both: ['both'] }, stopwords: ['a', 'an', 'the'] };
}

/** Content/style weights for the text prompt of segment `segment`. */
export function promptWeights(prompt: string, vocabulary: Vocabulary, m: ModelManifest, segment: number): SegmentWeights {
  let parsed;
  try {
    parsed = parsePrompt(prompt, vocabulary, { contents: m.contents, styles: m.styles });
  } catch (err) {
    if (err instanceof MmcpError) {
      throw new MmcpError(err.code, `segment ${segment}: ${err.message}`, {
        status: err.status,
        phase: 'validate',
        retryable: false,
        details: { ...err.details, segment },
      });
    }
    throw err;
  }
  const content = new Float32Array(m.contents.length);
  const style = new Float32Array(m.styles.length);
  for (const { label, weight } of parsed.content) {
    const i = m.contents.indexOf(label);
    if (i >= 0) content[i] = weight;
  }
  for (const { label, weight } of parsed.style) {
    const i = m.styles.indexOf(label);
    if (i >= 0) style[i] = weight;
  }
  return { content, style };
}
