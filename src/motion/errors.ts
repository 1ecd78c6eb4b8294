/** Typed failure of the motion codec (bad glTF/GLB bytes or document structure). */

/** Machine-readable reasons a document is refused. */
export type MotionFormatCode =
  | 'bad_input'
  | 'bad_glb_header'
  | 'bad_glb_chunk'
  | 'bad_json'
  | 'bad_node'
  | 'bad_buffer'
  | 'bad_buffer_view'
  | 'bad_accessor'
  | 'bad_animation'
  | 'out_of_bounds'
  | 'unsupported'
  | 'no_animations'
  | 'no_rotation_channels'
  | 'bad_clip';

/**
 * Thrown by the motion codec for any malformed input. `code` is machine-readable; `path` names the
 * offending member (e.g. `accessors[7].count`) and is repeated in the message.
 */
export class MotionFormatError extends Error {
  override readonly name = 'MotionFormatError';
  /** Machine-readable reason ({@link MotionFormatCode}). */
  readonly code: MotionFormatCode;
  /** JSON path of the offending member, or `''` for the container itself. */
  readonly path: string;

  constructor(code: MotionFormatCode, message: string, path = '') {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/** Type guard for {@link MotionFormatError}. */
export function isMotionFormatError(e: unknown): e is MotionFormatError {
  return e instanceof MotionFormatError;
}
