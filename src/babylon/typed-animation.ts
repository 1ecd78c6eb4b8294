/**
 * `TypedArrayAnimation`: an `Animation` that evaluates straight from a `Float32Array` (one
 * sample per frame) instead of one key object per frame. It keeps two real keys (first and last
 * frame) so everything that reads the key range — `AnimationGroup` from/to, `goToFrame`
 * clamping, normalisation, loop handling — behaves as with ordinary keys.
 * @packageDocumentation
 */
import { Animation, type _IAnimationState } from '@babylonjs/core/Animations/animation.pure.js';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import { qSlerp } from '../motion/math3d.js';

const scratch = new Float64Array(4);

/** An Animation backed by a typed array: quaternions (`[x,y,z,w]` per frame) or Vector3s (`[x,y,z]`). */
export class TypedArrayAnimation extends Animation {
  /** The samples, frame-major. */
  readonly values: Float32Array;
  /** Number of frames (samples). */
  readonly frameCount: number;
  private readonly stride: number;

  /**
   * @param name animation name
   * @param targetProperty `rotationQuaternion` or `position`
   * @param framePerSecond frames per second (one sample per frame)
   * @param dataType `Animation.ANIMATIONTYPE_QUATERNION` or `Animation.ANIMATIONTYPE_VECTOR3`
   * @param loopMode an `Animation.ANIMATIONLOOPMODE_*` constant
   * @param values the samples (not copied)
   */
  constructor(name: string, targetProperty: string, framePerSecond: number, dataType: number, loopMode: number | undefined, values: Float32Array) {
    super(name, targetProperty, framePerSecond, dataType, loopMode);
    this.stride = dataType === Animation.ANIMATIONTYPE_QUATERNION ? 4 : 3;
    if (dataType !== Animation.ANIMATIONTYPE_QUATERNION && dataType !== Animation.ANIMATIONTYPE_VECTOR3) throw new TypeError('TypedArrayAnimation supports quaternion and vector3 data only.');
    this.values = values;
    this.frameCount = Math.floor(values.length / this.stride);
    if (this.frameCount < 1) throw new RangeError(`TypedArrayAnimation "${name}" has no samples.`);
    const last = this.frameCount - 1;
    this.setKeys([{ frame: 0, value: this.sample(0) }, { frame: Math.max(last, 0), value: this.sample(last) }], true);
  }

  /** The value at integer frame `i` as a new Babylon object. */
  sample(i: number): Quaternion | Vector3 {
    const v = this.values, o = i * this.stride;
    return this.stride === 4 ? new Quaternion(v[o]!, v[o + 1]!, v[o + 2]!, v[o + 3]!) : new Vector3(v[o]!, v[o + 1]!, v[o + 2]!);
  }

  /** @internal Evaluates from the typed array (linear / slerp between the two neighbouring samples). */
  override _interpolate(currentFrame: number, state: _IAnimationState, searchClosestKeyOnly = false): unknown {
    if (state.loopMode === Animation.ANIMATIONLOOPMODE_CONSTANT && state.repeatCount > 0) {
      const h = state.highLimitValue as { clone?: () => unknown } | undefined;
      return h?.clone ? h.clone() : h;
    }
    if (searchClosestKeyOnly) return undefined;
    const last = this.frameCount - 1;
    const f = currentFrame <= 0 ? 0 : currentFrame >= last ? last : currentFrame;
    const i = Math.min(Math.floor(f), Math.max(last - 1, 0));
    const t = last === 0 ? 0 : f - i;
    const v = this.values;
    let out: Quaternion | Vector3;
    if (this.stride === 4) {
      const o = i * 4;
      if (t === 0 || last === 0) out = new Quaternion(v[o]!, v[o + 1]!, v[o + 2]!, v[o + 3]!);
      else {
        qSlerp(scratch, 0, v, o, v, o + 4, t);
        out = new Quaternion(scratch[0], scratch[1], scratch[2], scratch[3]);
      }
    } else {
      const o = i * 3;
      const s = 1 - t;
      out = last === 0 ? new Vector3(v[o]!, v[o + 1]!, v[o + 2]!) : new Vector3(v[o]! * s + v[o + 3]! * t, v[o + 1]! * s + v[o + 4]! * t, v[o + 2]! * s + v[o + 5]! * t);
    }
    if (state.loopMode === Animation.ANIMATIONLOOPMODE_RELATIVE || state.loopMode === Animation.ANIMATIONLOOPMODE_RELATIVE_FROM_CURRENT) {
      const off = state.offsetValue as Quaternion | Vector3 | undefined;
      if (off && out instanceof Quaternion && off instanceof Quaternion) out.addInPlace(off.scale(state.repeatCount));
      else if (off && out instanceof Vector3 && off instanceof Vector3) out.addInPlace(off.scale(state.repeatCount));
    }
    return out;
  }

  /** Clones the animation, sharing the (read-only) sample array. */
  override clone(): Animation {
    const c = new TypedArrayAnimation(this.name, this.targetProperty, this.framePerSecond, this.dataType, this.loopMode, this.values);
    c.enableBlending = this.enableBlending;
    c.blendingSpeed = this.blendingSpeed;
    for (const e of this.getEvents()) c.addEvent(e._clone());
    for (const name of Object.keys((this as unknown as { _ranges?: Record<string, unknown> })._ranges ?? {})) {
      const r = this.getRange(name);
      if (r) c.createRange(name, r.from, r.to);
    }
    return c;
  }

  /** Serialises with one key per frame (the typed array is not part of Babylon's format). */
  override serialize(): unknown {
    const keys = this.getKeys();
    this.setKeys(this.materializeKeys(), true);
    try {
      return super.serialize();
    } finally {
      this.setKeys(keys, true);
    }
  }

  /**
   * Materialises ordinary key objects (one per frame), e.g. for the Inspector's curve editor or
   * serialisation. The animation keeps evaluating from the typed array.
   */
  materializeKeys(): { frame: number; value: Quaternion | Vector3 }[] {
    const keys: { frame: number; value: Quaternion | Vector3 }[] = new Array(this.frameCount);
    for (let i = 0; i < this.frameCount; i++) keys[i] = { frame: i, value: this.sample(i) };
    return keys;
  }
}
