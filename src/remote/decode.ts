/** Turning a successful `/generate` body into a parsed document plus GLB bytes (checklist 44–49, 63). */
import { gltfToGlb, parseMotionDocument } from '../motion/index.js';
import type { MotionDocument } from '../motion/types.js';
import type { MmcpError } from '../protocol/errors.js';
import { clientError, type ErrorContext } from './errors.js';
import { isGlbType, isJsonType } from './headers.js';

/** A decoded generate answer. */
export interface DecodedMotion {
  document: MotionDocument;
  /** The answer as GLB (the server's own bytes when it answered GLB). */
  bytes: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function bad(message: string, ctx: ErrorContext, status: number, cause?: unknown): MmcpError {
  return clientError('bad_response', message, ctx, { status }, cause);
}

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses JSON text into an object, or throws `bad_response`. */
export function parseJsonBody(body: Uint8Array, what: string, ctx: ErrorContext, status: number, contentType: string): Record<string, unknown> {
  if (body.length === 0) throw bad(`The server answered ${status} with an empty ${what} (Content-Type ${JSON.stringify(contentType)}); check the server logs.`, ctx, status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch (err) {
    throw bad(`The ${what} is not valid JSON: ${why(err)}`, ctx, status, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad(`The ${what} is JSON but not an object.`, ctx, status);
  return parsed as Record<string, unknown>;
}

/** A glTF JSON object (batch item or parsed body) → document + GLB bytes, or `bad_response`. */
export function decodeGltfObject(gltf: Record<string, unknown>, ctx: ErrorContext, status: number): DecodedMotion {
  try {
    return { document: parseMotionDocument(gltf), bytes: gltfToGlb(gltf) };
  } catch (err) {
    throw bad(`The motion document is malformed: ${why(err)}`, ctx, status, err);
  }
}

/**
 * A 200 body of `/generate` → document + GLB bytes. GLB (`model/gltf-binary`, any parameters) is
 * validated and parsed as is; JSON (`…json…`) is parsed then repacked as GLB; anything else,
 * empty bodies, invalid JSON and invalid GLB are `bad_response`.
 */
export function decodeMotionBody(body: Uint8Array, contentType: string, ctx: ErrorContext, status: number): DecodedMotion {
  if (isGlbType(contentType)) {
    if (body.length === 0) throw bad('The server answered an empty GLB body; check the server logs.', ctx, status);
    try {
      return { document: parseMotionDocument(body), bytes: body };
    } catch (err) {
      throw bad(`The server's GLB answer is not valid: ${why(err)}`, ctx, status, err);
    }
  }
  if (!isJsonType(contentType)) {
    const preview = body.length ? new TextDecoder().decode(body.subarray(0, 120)) : '<empty>';
    throw bad(`Unexpected Content-Type ${JSON.stringify(contentType)} from /generate (expected model/gltf+json or model/gltf-binary); body starts ${JSON.stringify(preview)}. Is the URL an MMCP server?`, ctx, status);
  }
  return decodeGltfObject(parseJsonBody(body, 'motion document', ctx, status, contentType), ctx, status);
}
