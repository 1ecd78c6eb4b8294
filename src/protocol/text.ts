/**
 * Text rules for MMCP names and prompts: code-point lengths, control characters, NFC.
 * JavaScript strings are UTF-16; MMCP lengths are Unicode code points (Python `len`).
 */

/** Number of Unicode code points in `s` (an astral emoji counts 1, not 2). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** True when `s` contains a C0/C1 control character (U+0000–U+001F, U+007F–U+009F). */
export function hasControlChars(s: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f]/.test(s);
}

/** True when `s` is already in Unicode Normalization Form C. */
export function isNfc(s: string): boolean {
  return s.normalize('NFC') === s;
}

/**
 * The first problem with a joint name under MMCP §5.1 (1–128 code points, NFC, no control
 * characters, no leading/trailing whitespace), or `undefined` when the name is fine.
 */
export function jointNameProblem(name: string): string | undefined {
  const len = codePointLength(name);
  if (len < 1) return 'joint name must not be empty';
  if (len > 128) return `joint name is ${len} code points long; the limit is 128`;
  if (hasControlChars(name)) return 'joint name contains a control character';
  if (name.trim() !== name) return 'joint name has leading or trailing whitespace';
  if (!isNfc(name)) return 'joint name is not NFC-normalised (call normalizeRequest)';
  return undefined;
}
