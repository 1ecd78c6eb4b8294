/** Splitting a prompt that describes several motions in order into one prompt per segment. */

const SEPARATOR = /\s*(?:,?\s*\band\s+then\b|,?\s*\bthen\b|,?\s*\bafter\s+that\b|,?\s*\bafterwards\b|,?\s*\bfollowed\s+by\b|;|\.(?:\s+|$)|\n)\s*/i;

/**
 * Split "walk, then bow" / "run and then kick; dance" into sub-prompts, in order.
 * Separators: "then", ", then", "and then", "after that", "afterwards", "followed by", ";", ". ", newlines.
 * Plain commas and "and" are kept ("an old, tired man walks and waves" stays one prompt).
 */
export function splitPromptSequence(prompt: string): string[] {
  return prompt
    .split(SEPARATOR)
    .map((s) => s.replace(/^[\s,.;:]+|[\s,.;:]+$/g, ''))
    .filter((s) => s.length > 0);
}
