import { InputError } from "./errors.js";

const UTF8_BOM = "\uFEFF";
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Whether `bytes` are valid UTF-8: a strict decoder throws at the first invalid sequence (the text is dropped). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** An export decoded into one string: small inputs and tests. */
export interface Utf8Text {
  readonly text: string;
  /** True when the file started with a UTF-8 byte-order mark (harmless; stripped and noted). */
  readonly hadBom: boolean;
}

/**
 * An export as raw bytes in chunks, read on demand: how large exports reach the cleaning stage
 * without ever being held whole. `chunks()` may be called more than once (an error is located
 * by reading again); each call yields the file from its first byte. Chunks may be reused by the
 * source after the consumer has moved on to the next one.
 */
export interface ExportBytes {
  readonly fileName: string;
  chunks(): Iterable<Uint8Array>;
  /** Data rows expected (e.g. counted while hashing): sizes the typed columns up front. Optional. */
  readonly rowsHint?: number;
}

/** What the cleaning stage reads an export from. */
export type ExportContent = Utf8Text | ExportBytes;

/**
 * The cleaning stage's input type under its historical name (pipeline.ts imports it). It now also
 * admits chunked bytes; `ExportContent` is the same type under a name that says so.
 */
export type DecodedText = ExportContent;

export function isExportBytes(content: ExportContent): content is ExportBytes {
  return typeof (content as ExportBytes).chunks === "function";
}

/**
 * Decodes an export strictly as UTF-8. A file saved in another encoding (typically Windows-1251
 * from Excel) must fail loudly: decoding it leniently would turn every Russian label into
 * replacement characters and every category into an "unknown" value.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): Utf8Text {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw invalidUtf8(file, () => [bytes]);
  }
  const hadBom = text.startsWith(UTF8_BOM);
  return { text: hadBom ? text.slice(1) : text, hadBom };
}

/**
 * Streams an export's bytes with the same strictness as decodeUtf8: yields chunks that end on whole
 * UTF-8 sequences, with a leading byte-order mark removed (and `hadBom` set), and throws the same
 * InputError at the first invalid byte. Holds at most 3 bytes besides the current chunk.
 */
export class Utf8Chunks {
  hadBom = false;

  constructor(
    private readonly file: string,
    private readonly source: () => Iterable<Uint8Array>,
  ) {}

  *[Symbol.iterator](): Generator<Uint8Array> {
    this.hadBom = false;
    let carry: Uint8Array | undefined; // an incomplete sequence (or an undecided BOM prefix) from the previous chunk
    let first = true;
    for (const raw of this.source()) {
      if (raw.length === 0) continue;
      let chunk = raw;
      if (carry) {
        chunk = new Uint8Array(carry.length + raw.length);
        chunk.set(carry);
        chunk.set(raw, carry.length);
        carry = undefined;
      }
      if (first) {
        if (chunk.length < 3 && isBomPrefix(chunk)) {
          carry = chunk.slice();
          continue;
        }
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
          this.hadBom = true;
          chunk = chunk.subarray(3);
        }
      }
      const cut = completePrefixLength(chunk);
      if (!isUtf8(chunk.subarray(0, cut))) throw invalidUtf8(this.file, this.source);
      if (cut < chunk.length) carry = chunk.slice(cut);
      if (cut > 0) yield chunk.subarray(0, cut);
    }
    if (carry) {
      if (first && carry.length === 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) {
        this.hadBom = true;
        return;
      }
      if (!isUtf8(carry)) throw invalidUtf8(this.file, this.source);
      yield carry;
    }
  }
}

function isBomPrefix(bytes: Uint8Array): boolean {
  const bom = [0xef, 0xbb, 0xbf];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== bom[i]) return false;
  return true;
}

/** Length of the longest prefix that does not end inside a UTF-8 sequence (at most 3 bytes shorter). */
function completePrefixLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for its lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n; // an incomplete sequence waits for the next chunk; else everything is whole (or invalid: isUtf8 says so)
  }
  return n;
}

function invalidUtf8(file: string, source: () => Iterable<Uint8Array>): InputError {
  const { line, offset, byte } = locateInvalidUtf8(source());
  return new InputError({
    file,
    line,
    value: `byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset}`,
    expected: "UTF-8 text (the file is not UTF-8 — re-export it as «CSV UTF-8»; Windows-1251 is not supported)",
  });
}

/**
 * Finds the first byte that is not part of a valid UTF-8 sequence, its 1-based line and its value,
 * reading the chunks in order. When the strict decoder objected to something subtler (an overlong
 * form, a surrogate), names the last byte, as before.
 */
function locateInvalidUtf8(chunks: Iterable<Uint8Array>): { line: number; offset: number; byte: number } {
  let line = 1;
  let offset = 0; // absolute offset of the current byte
  let need = 0; // continuation bytes still expected
  let start = 0; // offset of the current sequence's lead byte
  let startByte = 0;
  let last = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const b = chunk[i];
      last = b;
      if (need > 0) {
        if ((b & 0xc0) !== 0x80) return { line, offset: start, byte: startByte };
        need--;
        continue;
      }
      const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (length === 0) return { line, offset, byte: b };
      if (b === 0x0a) line++;
      start = offset;
      startByte = b;
      need = length - 1;
    }
  }
  if (need > 0) return { line, offset: start, byte: startByte };
  return { line, offset: Math.max(0, offset - 1), byte: last };
}
