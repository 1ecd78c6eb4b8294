/**
 * Inline video for `video_reference` segments (checklist 37): base64 with the media type from
 * the file extension, refusing empty files, unknown types and sizes over the advertised caps.
 */
import type { MmcpError } from './errors.js';
import { protocolError } from './fail.js';
import type { ModelSpec } from './types.js';

const BY_EXT: Record<string, 'video/mp4' | 'video/quicktime' | 'video/webm'> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};
const LISTED = new Set(Object.values(BY_EXT));

/** The media type for a file name (`.mp4`/`.m4v`, `.mov`, `.webm`), or `undefined`. */
export function videoMediaType(fileName: string): 'video/mp4' | 'video/quicktime' | 'video/webm' | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext ? BY_EXT[ext] : undefined;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Inline video source, or the error the server would answer (or a client `invalid_request`). */
export type InlineVideo = { ok: true; video: { data: string; media_type: 'video/mp4' | 'video/quicktime' | 'video/webm' } } | { ok: false; error: MmcpError };

/**
 * Encode a local video for a `video_reference` segment. `mediaType` overrides the extension
 * (must be one of the listed types). Checks `max_video_bytes` (decoded size → `413`) and that
 * the base64 alone fits `max_request_bytes`.
 */
export function encodeInlineVideo(bytes: Uint8Array, fileName: string, spec?: Pick<ModelSpec, 'limits'>, mediaType?: string): InlineVideo {
  const type = mediaType ?? videoMediaType(fileName);
  if (!type || !LISTED.has(type as 'video/mp4')) {
    return { ok: false, error: protocolError('invalid_request', `cannot tell the video type of '${fileName}': use .mp4, .m4v, .mov or .webm, or pass one of video/mp4, video/quicktime, video/webm`, { file: fileName }) };
  }
  if (bytes.length === 0) return { ok: false, error: protocolError('invalid_request', `'${fileName}' is empty`, { file: fileName }) };
  const maxVideo = spec?.limits.max_video_bytes;
  if (typeof maxVideo === 'number' && bytes.length > maxVideo) {
    return { ok: false, error: protocolError('payload_too_large', `'${fileName}' is ${bytes.length} bytes; max_video_bytes is ${maxVideo}`, { max_video_bytes: maxVideo, video_bytes: bytes.length }) };
  }
  const encodedBytes = Math.ceil(bytes.length / 3) * 4;
  const maxReq = spec?.limits.max_request_bytes;
  if (typeof maxReq === 'number' && encodedBytes > maxReq) {
    return { ok: false, error: protocolError('payload_too_large', `'${fileName}' is ${encodedBytes} bytes as base64, more than max_request_bytes ${maxReq}: send a URL instead`, { max_request_bytes: maxReq, request_bytes: encodedBytes }) };
  }
  return { ok: true, video: { data: toBase64(bytes), media_type: type as 'video/mp4' } };
}
