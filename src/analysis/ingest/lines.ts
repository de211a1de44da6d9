// Counting an export's non-blank lines in a stream of bytes, the way the report footer counts raw rows:
// lines end at CRLF, LF or CR, and a line is blank when String.prototype.trim() would leave nothing.

/** Code points beyond ASCII that String.prototype.trim() removes (WhiteSpace and LineTerminator). */
export function isJsWhitespaceCodePoint(cp: number): boolean {
  return cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

/** Counts lines with something other than whitespace in valid UTF-8 chunks (split anywhere). */
export class NonBlankLineCounter {
  private count = 0;
  private nonBlank = false; // the current line has a non-whitespace character
  private afterCr = false; // the previous byte was CR (so an LF now completes CRLF)
  private codePoint = 0; // a multi-byte character being decoded
  private pending = 0; // its continuation bytes still to come

  push(chunk: Uint8Array): void {
    let { count, nonBlank, afterCr, codePoint, pending } = this;
    const n = chunk.length;
    let nextLf = -2; // cached positions of the next LF and CR at or after i (-1: none in this chunk)
    let nextCr = -2;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b === 0x0a || b === 0x0d) {
        if (!(b === 0x0a && afterCr)) {
          if (nonBlank) count++;
          nonBlank = false;
        }
        afterCr = b === 0x0d;
        pending = 0;
        continue;
      }
      afterCr = false;
      if (nonBlank) {
        // Nothing else in this line matters: jump to its end (native search, not a byte loop).
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf(0x0a, i);
        if (nextCr !== -1 && nextCr < i) nextCr = chunk.indexOf(0x0d, i);
        const end = nextLf < 0 ? (nextCr < 0 ? n : nextCr) : nextCr < 0 ? nextLf : Math.min(nextLf, nextCr);
        i = end - 1;
        continue;
      }
      if (b < 0x80) {
        if (b !== 0x20 && (b < 0x09 || b > 0x0d)) nonBlank = true;
      } else if (b >= 0xc0) {
        pending = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
        codePoint = b & (0x3f >> pending);
      } else if (pending > 0) {
        codePoint = (codePoint << 6) | (b & 0x3f);
        if (--pending === 0 && !isJsWhitespaceCodePoint(codePoint)) nonBlank = true;
      }
    }
    Object.assign(this, { count, nonBlank, afterCr, codePoint, pending });
  }

  /** Non-blank lines, the last (unterminated) one included. */
  finish(): number {
    return this.count + (this.nonBlank ? 1 : 0);
  }
}
