import { InputError } from "./errors.js";

const UTF8_BOM = "\uFEFF";

export interface DecodedText {
  readonly text: string;
  /** True when the file started with a UTF-8 byte-order mark (harmless; stripped and noted). */
  readonly hadBom: boolean;
}

/**
 * Decodes an export strictly as UTF-8. A file saved in another encoding (typically Windows-1251
 * from Excel) must fail loudly: decoding it leniently would turn every Russian label into
 * replacement characters and every category into an "unknown" value.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): DecodedText {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const { line, offset } = locateInvalidUtf8(bytes);
    throw new InputError({
      file,
      line,
      value: `byte 0x${bytes[offset].toString(16).padStart(2, "0")} at byte offset ${offset}`,
      expected: "UTF-8 text (the file is not UTF-8 — re-export it as «CSV UTF-8»; Windows-1251 is not supported)",
    });
  }
  const hadBom = text.startsWith(UTF8_BOM);
  return { text: hadBom ? text.slice(1) : text, hadBom };
}

/** Finds the first byte that is not part of a valid UTF-8 sequence, and its 1-based line. */
function locateInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return { line, offset: i };
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { line, offset: i };
    }
    if (b === 0x0a) line++;
    i += length;
  }
  return { line, offset: Math.max(0, bytes.length - 1) };
}
