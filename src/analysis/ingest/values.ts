// Strict cell parsers. Each returns a value or a reason; the caller turns the reason into an
// InputError with file, line and column. Nothing here guesses silently.

export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; expected: string };

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
  if (PLAIN_NUMBER.test(decimalMark === "." ? text : text.replace(",", ".")) && !(decimalMark === "," && text.includes("."))) {
    return { ok: true, value: Number(decimalMark === "." ? text : text.replace(",", ".")) };
  }
  const withOtherMark = text.split(other).length === 2 && !text.includes(decimalMark);
  if (withOtherMark && PLAIN_NUMBER.test(text.replace(other, ".")) && !/^-?\d+[.,]\d{3}$/.test(text)) {
    return { ok: true, value: Number(text.replace(other, ".")), note: `десятичный разделитель «${other}» вместо «${decimalMark}»` };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) return { ok: false, expected: `${expected} (NaN and Infinity are not valid values)` };
  if (/^-?\d{1,3}([ \u00a0\u202f,.']\d{3})+([.,]\d+)?$/.test(text)) return { ok: false, expected: `${expected} without thousands separators` };
  return { ok: false, expected };
}

export function parseInteger(raw: string): Parsed<number> {
  const text = raw.trim();
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { ok: true, value: Number(text) };
  if (/^-?\d+\.0+$/.test(text)) return { ok: true, value: Number(text), note: "целое число записано с дробной частью" };
  return { ok: false, expected: `a whole number${text === "" ? " (the cell is empty)" : ""}` };
}

export function parseId(raw: string): Parsed<number> {
  const text = raw.trim();
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text)) && Number(text) > 0) return { ok: true, value: Number(text) };
  return { ok: false, expected: `a positive whole-number customer id${text === "" ? " (the cell is empty)" : ""}` };
}
