/**
 * Travel trajectory per sample (MMCP §8.4): the root's ground path with the gait removed, as
 * the simplest re-applicable model — `still`, `line` (constant velocity) or `arc` (constant
 * speed and turn rate) — fitted by least squares. Ground positions are handled as complex
 * numbers P = z + i·x, so a positive turn rate is counter-clockwise seen from +Y (a left turn),
 * matching `yaw` (radians about +Y, `yaw[0] = 0`).
 */
import type { Trajectory } from '../motion/types.js';

interface Fit {
  omega: number;
  p0: [number, number];
  c: [number, number];
  rms: number;
}

/** Least-squares fit of P(t) = P0 + c·(e^{iωt} − 1)/(iω) for one ω (t in seconds). */
function fitOmega(re: Float64Array, im: Float64Array, fps: number, omega: number): Fit {
  const T = re.length;
  let sbr = 0, sbi = 0, sbb = 0, spr = 0, spi = 0, sbpr = 0, sbpi = 0;
  const br = new Float64Array(T);
  const bi = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const s = t / fps;
    let r: number, i: number;
    if (Math.abs(omega) < 1e-6) { r = s; i = 0; } else { r = Math.sin(omega * s) / omega; i = (1 - Math.cos(omega * s)) / omega; }
    br[t] = r; bi[t] = i;
    sbr += r; sbi += i; sbb += r * r + i * i;
    spr += re[t]!; spi += im[t]!;
    // conj(b)·P
    sbpr += r * re[t]! + i * im[t]!;
    sbpi += r * im[t]! - i * re[t]!;
  }
  // [[T, Σb], [Σb̄, Σ|b|²]] · [P0; c] = [ΣP; Σb̄P]
  const det = T * sbb - (sbr * sbr + sbi * sbi);
  let p0r: number, p0i: number, cr: number, ci: number;
  if (Math.abs(det) < 1e-12) {
    p0r = spr / T; p0i = spi / T; cr = 0; ci = 0;
  } else {
    // c = (T·Σb̄P − Σb̄·ΣP) / det
    const nr = T * sbpr - (sbr * spr + sbi * spi);
    const ni = T * sbpi - (sbr * spi - sbi * spr);
    cr = nr / det; ci = ni / det;
    // P0 = (ΣP − Σb·c) / T
    p0r = (spr - (sbr * cr - sbi * ci)) / T;
    p0i = (spi - (sbr * ci + sbi * cr)) / T;
  }
  let err = 0;
  for (let t = 0; t < T; t++) {
    const fr = p0r + br[t]! * cr - bi[t]! * ci;
    const fi = p0i + br[t]! * ci + bi[t]! * cr;
    err += (re[t]! - fr) ** 2 + (im[t]! - fi) ** 2;
  }
  return { omega, p0: [p0r, p0i], c: [cr, ci], rms: Math.sqrt(err / T) };
}

/** Fits the travel trajectory of a root ground path `[x0, z0, …]` sampled at `fps`. */
export function fitTrajectory(xz: ArrayLike<number>, fps: number, loop = false): Trajectory {
  const T = xz.length / 2;
  const re = new Float64Array(T); // z
  const im = new Float64Array(T); // x
  for (let t = 0; t < T; t++) { re[t] = xz[2 * t + 1]!; im[t] = xz[2 * t]!; }
  const duration = Math.max(1, T - 1) / fps;
  const line = fitOmega(re, im, fps, 0);
  let best = line;
  for (let w = -2.5; w <= 2.5 + 1e-9; w += 0.02) {
    if (Math.abs(w) < 1e-9) continue;
    const f = fitOmega(re, im, fps, w);
    if (f.rms < best.rms) best = f;
  }
  const lineSpeed = Math.hypot(line.c[0], line.c[1]);
  const position = new Float32Array(2 * T);
  const yaw = new Float32Array(T);
  const deg = 180 / Math.PI;
  let model: string;
  let params: Record<string, number>;
  if (lineSpeed * duration < 0.25) {
    model = 'still';
    const mx = im.reduce((a, b) => a + b, 0) / T;
    const mz = re.reduce((a, b) => a + b, 0) / T;
    let err = 0;
    for (let t = 0; t < T; t++) { position[2 * t] = mx; position[2 * t + 1] = mz; err += (im[t]! - mx) ** 2 + (re[t]! - mz) ** 2; }
    params = { off_cm: Math.sqrt(err / T) * 100 };
  } else {
    const useArc = best !== line && Math.abs(best.omega) * duration > (10 / deg) && best.rms < 0.6 * line.rms;
    const fit = useArc ? best : line;
    const speed = Math.hypot(fit.c[0], fit.c[1]);
    for (let t = 0; t < T; t++) {
      const s = t / fps;
      let r: number, i: number;
      if (!useArc) { r = s; i = 0; } else { r = Math.sin(fit.omega * s) / fit.omega; i = (1 - Math.cos(fit.omega * s)) / fit.omega; }
      position[2 * t] = fit.p0[1] + r * fit.c[1] + i * fit.c[0];
      position[2 * t + 1] = fit.p0[0] + r * fit.c[0] - i * fit.c[1];
      yaw[t] = useArc ? fit.omega * s : 0;
    }
    model = useArc ? 'arc' : 'line';
    params = { speed, heading_deg: Math.atan2(fit.c[1], fit.c[0]) * deg, off_cm: fit.rms * 100 };
    if (useArc) {
      params.turn_deg_s = fit.omega * deg;
      params.radius_m = speed / Math.abs(fit.omega);
      params.turned_deg = fit.omega * duration * deg;
    }
  }
  return { model, loop, params, position, yaw };
}
