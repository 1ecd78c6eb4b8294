/** Cheap container conversions for callers that hold a response in either form. */
import { gltfToGlb, isGlb, readGlb } from './glb.js';
import { readGltfInput, type MotionDocumentInput } from './parse.js';

/**
 * Returns GLB bytes for any accepted document input: GLB bytes are validated (header and chunks)
 * and returned as they are (no copy); glTF JSON (object, text or UTF-8 bytes) is repacked with its
 * `data:` URI buffers moved into the BIN chunk. Throws {@link MotionFormatError} on bad input.
 */
export function toGlbBytes(input: MotionDocumentInput): Uint8Array {
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes = input instanceof Uint8Array ? input : input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (isGlb(bytes)) {
      readGlb(bytes);
      return bytes;
    }
  }
  return gltfToGlb(readGltfInput(input).json);
}
