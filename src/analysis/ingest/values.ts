// Strict cell parsers. Each returns a value or a reason; the caller turns the reason into an
// InputError with file, line and column. Nothing here guesses silently.

/**
 * How a cell was read when it was not written the export's way, as a code (the ledger records it as a correction
 * rule; the data page words it): the other decimal mark, or a whole number written with a fractional part.
 */
export type ReadNote = "other_decimal_mark" | "integer_with_fraction";

export type Parsed<T> = { ok: true; value: T; note?: ReadNote } | { ok: false; expected: string };

/** What a number cell must be beyond its shape: stored as a double without changing a digit. */
export const EXACT_NUMBER = "a number a double stores exactly (finite, within ±1.8e308, and reading back as the same digits)";

/**
 * Significant digits and decimal exponent of a decimal text `-?\d+(\.\d+)?(e[+-]?\d+)?`, without leading or
 * trailing zeros: "0012.50" and "1.25e1" both give ["125", 2] (the value is 0.125 × 10^2 up to the sign).
 */
function significant(text: string): [string, number] {
  const m = /^-?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return ["", NaN];
  const whole = m[1];
  const all = whole + (m[2] ?? "");
  const lead = all.search(/[1-9]/);
  if (lead < 0) return ["0", 0];
  const digits = all.slice(lead).replace(/0+$/, "");
  return [digits, whole.length - lead + Number(m[3] ?? 0)];
}

/**
 * Whether `value` (Number(text)) is exactly the number `text` writes: finite, and its shortest round-trip form
 * has the same digits and exponent. A 401-digit number (Infinity), 123456789012345678901 (stored as
 * 123456789012345680000) or 0.1234567890123456789 are not; 4.15, 1e+300 written out in digits, and any
 * number of at most 15 significant digits within range are.
 */
export function isExactlyStored(text: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const [a, ea] = significant(text);
  const [b, eb] = significant(String(Math.abs(value)));
  return a === b && (a === "0" || ea === eb);
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Parses a decimal number written with the export's decimal mark. The other mark is accepted only
 * when it cannot be a thousands separator (exactly one mark, not followed by exactly three digits),
 * and the caller records that as a correction; "1 234", "1,234.5" and "NaN" are rejected.
 */
export function parseDecimal(raw: string, decimalMark: "." | ","): Parsed<number> {
  const text = raw.trim();
  const expected = `a number with "${decimalMark}" as the decimal mark, e.g. ${decimalMark === "." ? "4.15" : "4,15"}`;
  if (text === "") return { ok: false, expected: `${expected} (the cell is empty)` };
  const other = decimalMark === "." ? "," : ".";
  const normal = decimalMark === "." ? text : text.replace(",", ".");
  if (PLAIN_NUMBER.test(normal) && !(decimalMark === "," && text.includes("."))) {
    const value = Number(normal);
    return isExactlyStored(normal, value) ? { ok: true, value } : { ok: false, expected: EXACT_NUMBER };
  }
  const withOtherMark = text.split(other).length === 2 && !text.includes(decimalMark);
  if (withOtherMark && PLAIN_NUMBER.test(text.replace(other, ".")) && !/^-?\d+[.,]\d{3}$/.test(text)) {
    const value = Number(text.replace(other, "."));
    if (!isExactlyStored(text.replace(other, "."), value)) return { ok: false, expected: EXACT_NUMBER };
    return { ok: true, value, note: "other_decimal_mark" };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) return { ok: false, expected: `${expected} (NaN and Infinity are not valid values)` };
  if (/^-?\d{1,3}([ \u00a0\u202f,.']\d{3})+([.,]\d+)?$/.test(text)) return { ok: false, expected: `${expected} without thousands separators` };
  return { ok: false, expected };
}

export function parseInteger(raw: string): Parsed<number> {
  const text = raw.trim();
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { ok: true, value: Number(text) };
  if (/^-?\d+\.0+$/.test(text) && Number.isSafeInteger(Number(text))) return { ok: true, value: Number(text), note: "integer_with_fraction" };
  if (/^-?\d+(\.0+)?$/.test(text)) return { ok: false, expected: `a whole number a double stores exactly (at most ${Number.MAX_SAFE_INTEGER} in absolute value)` };
  return { ok: false, expected: `a whole number${text === "" ? " (the cell is empty)" : ""}` };
}

export function parseId(raw: string): Parsed<number> {
  const text = raw.trim();
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text)) && Number(text) > 0) return { ok: true, value: Number(text) };
  return { ok: false, expected: `a positive whole-number customer id${text === "" ? " (the cell is empty)" : ""}` };
}

// Fast paths over a cell's bytes, for the common shapes only. Each returns NaN when the cell is not
// in that shape; the caller then decodes the text and uses the parsers above, so every unusual cell
// (whitespace, the other decimal mark, a sign where none belongs, an error) goes through one place.

const DIGIT_0 = 0x30;
const MINUS = 0x2d;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * `-?\d+` or `-?\d+<mark>\d+` with at most 15 digits: the value Number() gives for that text. Exact:
 * the digits form an integer below 2^53 and 10^k is exact, so one IEEE division rounds correctly.
 */
export function fastDecimal(buf: Uint8Array, start: number, end: number, mark: number): number {
  let i = start;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  let digits = 0;
  let fraction = -1; // digits after the mark, once seen
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i] - DIGIT_0;
    if (d >= 0 && d <= 9) {
      value = value * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (buf[i] === mark && fraction < 0 && digits > 0) {
      fraction = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || fraction === 0) return NaN;
  if (fraction > 0) value /= POWERS_OF_TEN[fraction];
  return negative ? -value : value;
}

/** `-?\d+` with at most 15 digits (a safe integer): its value, as parseInteger gives it. */
export function fastInteger(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  if (i === end || end - i > 15) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i] - DIGIT_0;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

/** `\d+` with at most 15 digits and not zero: the id parseId gives. */
export function fastId(buf: Uint8Array, start: number, end: number): number {
  if (buf[start] === MINUS) return NaN;
  const value = fastInteger(buf, start, end);
  return value > 0 ? value : NaN;
}
