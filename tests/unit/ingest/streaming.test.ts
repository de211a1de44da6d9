// The streaming ingest: records, cells and errors must not depend on where the chunks of a file
// happen to end, and must match what the whole-text reading (csv-parse, TextDecoder) gave.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { CsvTokenizer, type CsvRecord } from "../../../src/analysis/ingest/csv.js";
import { decodeUtf8, Utf8Chunks, type ExportBytes } from "../../../src/analysis/ingest/decode.js";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../../../src/analysis/ingest/exports.js";
import { NonBlankLineCounter } from "../../../src/analysis/ingest/lines.js";
import { fastDecimal, fastId, fastInteger, parseDecimal, parseId, parseInteger } from "../../../src/analysis/ingest/values.js";
import { cleanExports } from "../../../src/analysis/clean/clean.js";
import { cleanFiles, setCell, tinyExports, type ExportFiles } from "../../helpers/tiny-exports.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Splits bytes into chunks of `size` (the last one shorter). */
function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.slice(at, at + size));
  return out;
}

interface Seen {
  line: number;
  fields: string[];
  raw: string;
}

function tokenize(chunks: Uint8Array[], delimiter = ","): Seen[] {
  const seen: Seen[] = [];
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), (r: CsvRecord) => {
    seen.push({ line: r.line, fields: Array.from({ length: r.count }, (_, i) => r.text(i)), raw: r.raw() });
  });
  for (const chunk of chunks) tokenizer.push(chunk);
  tokenizer.end();
  return seen;
}

function tokenizeError(chunks: Uint8Array[]): string {
  try {
    tokenize(chunks);
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

const TRICKY =
  'id,name,note\n1,"Книги, журналы","say ""hi"""\r\n2,"две\nстроки",x\r3,,""\n\n4,"",\n5,"a\rb","c""\n""d"\n6,Ж,last';

test("records are the same for every chunk size, quotes, escapes and line endings included", () => {
  const bytes = utf8(TRICKY);
  const whole = tokenize([bytes]);
  assert.deepEqual(
    whole.map((r) => [r.line, r.fields]),
    [
      [1, ["id", "name", "note"]],
      [2, ["1", "Книги, журналы", 'say "hi"']],
      [3, ["2", "две\nстроки", "x"]],
      [5, ["3", "", ""]],
      [6, [""]],
      [7, ["4", "", ""]],
      [8, ["5", "a\rb", 'c"\n"d']],
      [11, ["6", "Ж", "last"]],
    ],
  );
  assert.equal(whole[2].raw, '2,"две\nстроки",x');
  for (let size = 1; size <= bytes.length; size++) assert.deepEqual(tokenize(split(bytes, size)), whole, `chunks of ${size} bytes`);
});

test("the tokenizer reads what csv-parse read", () => {
  const text = TRICKY.replace(/\r(?!\n)/g, "\n"); // csv-parse counts a CR inside quotes as an extra line; compare the rest
  const expected = parse(text, { record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: false }) as string[][];
  assert.deepEqual(
    tokenize(split(utf8(text), 5)).map((r) => r.fields),
    expected,
  );
});

test("a CRLF inside a quoted field is one line: the next record's line number stays right", () => {
  const records = tokenize([utf8('a,b\r\n1,"x\r\ny"\r\n2,z\r\n')]);
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 4],
  );
});

test("malformed CSV gives csv-parse's messages at any chunk size", () => {
  const cases = ['a,b\n1,x"y\n', 'a,b\n1,"x"y\n', 'a,b\n1,"x\n2,y\n', 'a,b\n\uFEFF"x",1\n'];
  for (const text of cases) {
    let expected = "";
    try {
      parse(text, { record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      expected = (error as Error).message;
    }
    assert.notEqual(expected, "", text);
    for (const size of [1, 2, 3, 100]) assert.equal(tokenizeError(split(utf8(text), size)), expected, `${JSON.stringify(text)} in chunks of ${size}`);
  }
});

test("UTF-8 is checked across chunk boundaries, and a BOM split over chunks is still a BOM", () => {
  const text = "\uFEFFid;Прибыль\r\n215348;0,98 ё€𝄞\r\n";
  const bytes = utf8(text);
  for (let size = 1; size <= bytes.length; size++) {
    const reader = new Utf8Chunks("money.csv", () => split(bytes, size));
    const out = [...reader];
    assert.equal(reader.hadBom, true);
    assert.equal(out.map((c) => new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(c)).join(""), text.slice(1), `chunks of ${size}`);
  }
});

test("an invalid byte is reported as decodeUtf8 reports it, wherever the chunks end", () => {
  for (const bad of [[0xff], [0xd0], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
    const bytes = new Uint8Array([...utf8("id,Период\n1,текущий\n2,"), ...bad, ...utf8("x\n3,y\n")]);
    let expected: InputError | undefined;
    try {
      decodeUtf8("market_time.csv", bytes);
    } catch (error) {
      expected = error as InputError;
    }
    assert.ok(expected, `${bad} must be refused`);
    for (const size of [1, 2, 3, 5, 64]) {
      assert.throws(
        () => [...new Utf8Chunks("market_time.csv", () => split(bytes, size))],
        (error: unknown) => error instanceof InputError && error.message === expected!.message && error.line === expected!.line,
      );
    }
  }
});

test("non-blank lines are counted as String.trim() sees them, across chunks", () => {
  const text = "h\r\n a\n\u00a0\u3000\n\u2028\r\rx\r\n \t\n\u0085\n\u200b\nlast";
  const expected = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== "").length;
  const bytes = utf8(text);
  for (let size = 1; size <= bytes.length; size++) {
    const counter = new NonBlankLineCounter();
    for (const chunk of split(bytes, size)) counter.push(chunk);
    assert.equal(counter.finish(), expected, `chunks of ${size}`);
  }
});

test("the byte fast paths give exactly what the text parsers give, or decline", () => {
  const cells = ["0", "-0", "7", "007", "12.5", "-3.25", "0.1", "5596.5", "3,52", "1.", ".5", "1..2", "-", "", "1e3", "123456789012345", "1234567890123456", "0.30000000000000004", " 1", "+1", "1,234.5", "99999.99"];
  for (const cell of cells) {
    const bytes = utf8(cell);
    for (const mark of [".", ","] as const) {
      const fast = fastDecimal(bytes, 0, bytes.length, mark.charCodeAt(0));
      const slow = parseDecimal(cell, mark);
      if (!Number.isNaN(fast)) assert.ok(slow.ok && slow.note === undefined && Object.is(slow.value, fast), `${cell} with "${mark}"`);
    }
    const int = fastInteger(bytes, 0, bytes.length);
    if (!Number.isNaN(int)) assert.ok(parseInteger(cell).ok && Object.is((parseInteger(cell) as { value: number }).value, int), cell);
    const id = fastId(bytes, 0, bytes.length);
    if (!Number.isNaN(id)) assert.deepEqual(parseId(cell), { ok: true, value: id }, cell);
  }
  let seed = 7;
  for (let k = 0; k < 20000; k++) {
    seed = (seed * 48271) % 2147483647;
    const text = ((seed / 2147483647) * 10 ** (seed % 9)).toFixed(seed % 5);
    const bytes = utf8(text);
    assert.equal(fastDecimal(bytes, 0, bytes.length, 0x2e), Number(text), text);
  }
});

function asBytes(files: ExportFiles, chunkSize: number): Record<ExportName, ExportBytes> {
  const out = {} as Record<ExportName, ExportBytes>;
  for (const n of EXPORT_NAMES) out[n] = { fileName: EXPORT_SPECS[n].fileName, chunks: () => split(utf8(files[n]), chunkSize) };
  return out;
}

test("cleaning chunked bytes gives what cleaning the decoded text gives", () => {
  const files = tinyExports(30);
  files.market_file = "\uFEFF" + setCell(files.market_file, 3, "Популярная_категория", '"Книги, ""журналы"""');
  files.money = files.money.replace("100004;6,13", "100004;6.13");
  files.market_time += "\n\n";
  const expected = JSON.stringify(cleanFiles(files));
  for (const size of [1, 2, 3, 7, 100, 1 << 20]) assert.equal(JSON.stringify(cleanExports(asBytes(files, size))), expected, `chunks of ${size}`);
});

test("a file's structural problems come before its bad cells, as when the file was parsed whole", () => {
  const base = tinyExports(8);
  const cases: { files: ExportFiles; line: number; message: RegExp }[] = [
    // a bad cell on line 3, a row with a missing field on line 6: the row's shape is reported
    { files: { ...base, market_time: setCell(base.market_time, 3, "минут", "x").replace("100003,текущий_месяц,12\n", "100003,текущий_месяц\n") }, line: 6, message: /3 fields/ },
    // a missing column and an unclosed quote at the end: the quote is reported
    { files: { ...base, market_money: base.market_money.replace("Выручка", "Выручки") + '"1,2,3\n' }, line: 26, message: /Quote Not Closed/ },
    // a header without the delimiter beats a later unclosed quote
    { files: { ...base, market_money: base.market_money.replace("id,Период,Выручка", "id Период Выручка") + '"\n' }, line: 1, message: /columns separated by ","/ },
  ];
  for (const c of cases) {
    for (const size of [1, 16, 1 << 20]) {
      assert.throws(
        () => cleanExports(asBytes(c.files, size)),
        (error: unknown) => error instanceof InputError && error.line === c.line && c.message.test(error.message),
      );
    }
    assert.throws(() => cleanFiles(c.files), (error: unknown) => error instanceof InputError && error.line === c.line && c.message.test(error.message));
  }
});

test("an empty file and a file whose first line is blank are told apart at any chunk size", () => {
  const base = tinyExports(4);
  for (const size of [1, 2, 1 << 20]) {
    assert.throws(() => cleanExports(asBytes({ ...base, money: " \r\n\t\n\u3000" }, size)), /money.csv, line 1; expected a header line "id;Прибыль" followed by data rows \(the file is empty\)/);
    assert.throws(() => cleanExports(asBytes({ ...base, money: "\r\n" + base.money }, size)), /money.csv, line 1: found ""; expected columns separated by ";"/);
  }
});
