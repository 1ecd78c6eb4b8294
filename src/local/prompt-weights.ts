/**
 * The one place text prompts become content/style weights for the conditioning.
 *
 * TEMPORARY: until the vocabulary engineer's `src/local/prompt/` (`parsePrompt(prompt,
 * vocabulary)`) lands, this matches the manifest's content and style labels as whole words.
 * The call site and the error contract (`invalid_request` listing what is understood) stay.
 */
import { MmcpError } from '../protocol/errors.js';
import type { SegmentWeights } from './conditioning.js';
import type { ModelManifest } from './manifest.js';

/** Content/style weights for a text prompt; throws `invalid_request` when nothing is understood. */
export function promptWeights(prompt: string, _vocabulary: unknown, m: ModelManifest, segment: number): SegmentWeights {
  const words = new Set(prompt.toLowerCase().split(/[^a-z-]+/).filter(Boolean));
  const content = m.contents.map((c) => (words.has(c) ? 1 : 0));
  const style = m.styles.map((s) => (words.has(s) ? 1 : 0));
  const nc = content.reduce((a: number, b) => a + b, 0);
  const ns = style.reduce((a: number, b) => a + b, 0);
  if (nc === 0) {
    throw new MmcpError('invalid_request', `segment ${segment}: the prompt names no motion this model knows; it understands: ${m.contents.join(', ')} (styles: ${m.styles.join(', ')})`, {
      status: 400,
      phase: 'validate',
      retryable: false,
      details: { segment, understood_contents: m.contents, understood_styles: m.styles },
    });
  }
  return { content: content.map((v) => v / nc), style: ns ? style.map((v) => v / ns) : style };
}
