/** Own properties computed on first read (internal). */

/**
 * Defines `obj[key]` as an enumerable own property whose value `build()` computes on first read;
 * the result then replaces the accessor as a plain data property. Assigning first skips the build.
 */
export function defineLazy<T extends object, K extends keyof T>(obj: T, key: K, build: () => T[K]): void {
  const set = (value: T[K]): void => {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const v = build();
      set(v);
      return v;
    },
    set,
  });
}
