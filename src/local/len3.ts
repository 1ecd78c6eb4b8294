/** `√(x² + y² + z²)`: `Math.hypot` is several times slower in V8, and the foot lock calls this per frame. */
export function len3(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}
