/** Per-joint rotation tracks ⇄ frame-major interleaved rotations (internal). */

/** Builds `[frame][joint][xyzw]` from per-joint `[frame][xyzw]` tracks (`undefined` = identity). */
export function interleaveRotations(tracks: readonly (Float32Array | undefined)[], frames: number): Float32Array {
  const joints = tracks.length;
  const out = new Float32Array(frames * joints * 4);
  const step = joints * 4;
  for (let j = 0; j < joints; j++) {
    const tr = tracks[j];
    let o = j * 4;
    if (!tr) {
      for (let t = 0; t < frames; t++, o += step) out[o + 3] = 1;
      continue;
    }
    for (let t = 0, s = 0; t < frames; t++, o += step, s += 4) {
      out[o] = tr[s] as number;
      out[o + 1] = tr[s + 1] as number;
      out[o + 2] = tr[s + 2] as number;
      out[o + 3] = tr[s + 3] as number;
    }
  }
  return out;
}

/** Extracts joint `j`'s `[frame][xyzw]` track from frame-major rotations into `out`. */
export function extractTrack(rotations: Float32Array, joints: number, j: number, frames: number, out: Float32Array, outOffset = 0): void {
  const step = joints * 4;
  for (let t = 0, s = j * 4, o = outOffset; t < frames; t++, s += step, o += 4) {
    out[o] = rotations[s] as number;
    out[o + 1] = rotations[s + 1] as number;
    out[o + 2] = rotations[s + 2] as number;
    out[o + 3] = rotations[s + 3] as number;
  }
}
