/** ASCII member names and fixed spellings, matched against raw JSON bytes without building strings (internal). */

/** A set of ASCII member names, matched against raw key bytes without building strings. */
export class KeyTable {
  private readonly bytes: Uint8Array[];
  /** Ids of the names by byte length. */
  private readonly byLength: number[][] = [];

  /** `names[id]` is matched as id `id`. */
  constructor(readonly names: readonly string[]) {
    this.bytes = names.map((name) => Uint8Array.from(name, (ch) => ch.charCodeAt(0)));
    this.bytes.forEach((bytes, id) => (this.byLength[bytes.length] ??= []).push(id));
  }

  /** The id of the name spelled by `b[start, end)`, or -1. */
  match(b: Uint8Array, start: number, end: number): number {
    const ids = this.byLength[end - start];
    if (ids === undefined) return -1;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      const name = this.bytes[id] as Uint8Array;
      let j = 0;
      while (j < name.length && b[start + j] === name[j]) j++;
      if (j === name.length) return id;
    }
    return -1;
  }
}

/** A fixed ASCII spelling, compared 4 bytes at a time by `JsonBytes.lit`. */
export class Literal {
  /** The bytes. */
  readonly bytes: Uint8Array;
  /** The bytes as little-endian 32-bit words (the last 0–3 bytes are compared one by one). */
  readonly words: Int32Array;

  constructor(text: string) {
    this.bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const dv = new DataView(this.bytes.buffer);
    this.words = Int32Array.from({ length: this.bytes.length >> 2 }, (_, k) => dv.getInt32(4 * k, true));
  }
}
