/** One item of a batch answer (`{"gltf": doc}` or `{"error": envelope}`) → its own result (checklist 73). */
import { MmcpError } from '../protocol/errors.js';
import { STATUS_FOR_CODE, type MmcpServerCode } from '../protocol/types.js';
import { decodeGltfObject, type DecodedMotion } from './decode.js';
import { clientError, type ErrorContext } from './errors.js';

/**
 * Decodes batch result `k`: a glTF becomes a document (or `bad_response` if malformed); an error
 * envelope becomes that item's {@link MmcpError} (server code verbatim, `status` from the code,
 * `details.item = k`); anything else is `bad_response`. Never throws.
 */
export function decodeBatchItem(item: unknown, k: number, ctx: ErrorContext, status: number): DecodedMotion | MmcpError {
  const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  if (typeof obj.gltf === 'object' && obj.gltf !== null) {
    try {
      return decodeGltfObject(obj.gltf as Record<string, unknown>, ctx, status);
    } catch (err) {
      return err as MmcpError;
    }
  }
  const env = obj.error;
  if (typeof env === 'object' && env !== null) {
    const e = env as { code?: unknown; message?: unknown; details?: unknown };
    const code = typeof e.code === 'string' && e.code ? e.code : 'http_error';
    const details = typeof e.details === 'object' && e.details !== null ? { ...(e.details as Record<string, unknown>) } : {};
    const itemStatus = STATUS_FOR_CODE[code as MmcpServerCode];
    return new MmcpError(code, typeof e.message === 'string' && e.message ? e.message : `batch item ${k} failed (${code})`, {
      status: itemStatus,
      details: { ...details, phase: ctx.phase, item: k },
      phase: ctx.phase,
    });
  }
  return clientError('bad_response', `Batch result ${k} has neither gltf nor error.`, ctx, { status, item: k });
}
