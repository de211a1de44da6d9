// Reading one export as CSV, in a stream of byte chunks: a tokenizer that hands each record to the
// caller as byte offsets (no string or array per row), and the header and record-shape checks.
//
// Byte-level on purpose: csv-parse's streaming API reads these files at about 17 MB/s with the three
// line endings enabled (≈ 20 s for the 330 MB of a 1M-customer export set, two thirds of the stage's
// budget, one array and one string per cell); this tokenizer implements the same dialect and messages
// (RFC 4180 quotes, "" escapes, CRLF / LF / CR, even mixed) at a few hundred MB/s.

import { InputError } from "./errors.js";
import type { ExportSpec } from "./exports.js";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A malformed-CSV problem, with the same codes and messages csv-parse gives. */
class CsvSyntaxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

// ignoreBOM: a U+FEFF inside the data is a character like any other (the file's own BOM is already gone).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** One record as the tokenizer saw it; valid only during the callback that receives it. */
export class CsvRecord {
  buf: Uint8Array = new Uint8Array(0);
  /** Number of fields. */
  count = 0;
  /** Field i's content is buf[starts[i], ends[i]) (inside the quotes for a quoted field). */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 0: unquoted; 1: quoted; 2: quoted with "" escapes inside. */
  flags = new Uint8Array(64);
  /** 1-based line where the record starts. */
  line = 0;
  /** The record's own bytes, without its line ending: buf[rawStart, rawEnd). */
  rawStart = 0;
  rawEnd = 0;

  /** Field i as text (quotes removed, "" unescaped). */
  text(i: number): string {
    const s = utf8.decode(this.buf.subarray(this.starts[i], this.ends[i]));
    return this.flags[i] === 2 ? s.replaceAll('""', '"') : s;
  }

  /** The record as it appears in the file (quotes and all), without the line ending. */
  raw(): string {
    return utf8.decode(this.buf.subarray(this.rawStart, this.rawEnd)).replace(/[\r\n]+$/, "");
  }
}

/**
 * Splits a stream of UTF-8 chunks into records. Chunks may split a record, a quote pair or a CRLF
 * anywhere: the unfinished record is kept (and only it) until the next chunk completes it.
 */
export class CsvTokenizer {
  private readonly record = new CsvRecord();
  private buf = new Uint8Array(1 << 16); // own copy: the pending record, then the new chunk
  private len = 0;
  private pos = 0; // next byte to scan
  private recStart = 0;
  private fieldStart = 0;
  private inQuotes = false;
  private quoteStart = -1; // offset of the opening quote of the current field, if quoted
  private quoteEnd = -1; // offset of its closing quote, once seen
  private escaped = false;
  private line = 1; // line of the byte at `pos`
  private recLine = 1;
  private lastWasBreak = false; // whether the last byte scanned ended a line (for the message at the end)

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {}

  push(chunk: Uint8Array): void {
    this.compactAndAppend(chunk);
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.inQuotes) {
      const line = this.lastWasBreak ? this.line - 1 : this.line;
      throw new CsvSyntaxError("CSV_QUOTE_NOT_CLOSED", `Quote Not Closed: the parsing is finished with an opening quote at line ${line}`, line);
    }
    if (this.recStart < this.len || this.record.count > 0 || this.quoteEnd >= 0) {
      this.endField(this.len);
      this.emit(this.len);
    }
  }

  private compactAndAppend(chunk: Uint8Array): void {
    const shift = this.recStart;
    const pending = this.len - shift;
    if (shift > 0) {
      this.buf.copyWithin(0, shift, this.len);
      const r = this.record;
      for (let i = 0; i < r.count; i++) {
        r.starts[i] -= shift;
        r.ends[i] -= shift;
      }
      this.pos -= shift;
      this.fieldStart -= shift;
      if (this.quoteStart >= 0) this.quoteStart -= shift;
      if (this.quoteEnd >= 0) this.quoteEnd -= shift;
      this.recStart = 0;
      this.len = pending;
    }
    if (pending + chunk.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(2 * this.buf.length, pending + chunk.length));
      bigger.set(this.buf.subarray(0, pending));
      this.buf = bigger;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const len = this.len;
    const d = this.delimiter;
    let i = this.pos;
    let line = this.line;
    let inQuotes = this.inQuotes;
    while (i < len) {
      const c = buf[i];
      if (inQuotes) {
        if (c === QUOTE) {
          if (i + 1 >= len && !final) break; // is it "" or the closing quote? wait for the next byte
          const next = i + 1 < len ? buf[i + 1] : -1;
          if (next === QUOTE) {
            this.escaped = true;
            i += 2;
            continue;
          }
          if (next === -1 || next === d || next === CR || next === LF) {
            inQuotes = false;
            this.quoteEnd = i;
            i++;
            continue;
          }
          throw new CsvSyntaxError(
            "CSV_INVALID_CLOSING_QUOTE",
            `Invalid Closing Quote: got "${String.fromCharCode(next)}" at line ${line} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
            line,
          );
        }
        if (c === LF) {
          line++;
        } else if (c === CR) {
          if (i + 1 >= len && !final) break;
          if (i + 1 < len && buf[i + 1] === LF) i++;
          line++;
        }
        i++;
        continue;
      }
      if (c === d) {
        this.endField(i);
        this.fieldStart = ++i;
        continue;
      }
      if (c === LF || c === CR) {
        let next = i + 1;
        if (c === CR) {
          if (next >= len && !final) break; // CR or CRLF? wait for the next byte
          if (next < len && buf[next] === LF) next++;
        }
        this.endField(i);
        this.emit(i);
        line++;
        this.recStart = this.fieldStart = i = next;
        this.recLine = line;
        continue;
      }
      if (c === QUOTE) {
        if (i !== this.fieldStart) {
          const r = this.record;
          const field = utf8.decode(buf.subarray(this.fieldStart, i));
          throw new CsvSyntaxError(
            "INVALID_OPENING_QUOTE",
            `Invalid Opening Quote: a quote is found on field ${r.count} at line ${line}, value is ${JSON.stringify(field)}${field === "\uFEFF" ? " (utf8 bom)" : ""}`,
            line,
          );
        }
        inQuotes = true;
        this.quoteStart = i;
      }
      i++;
    }
    if (i > this.pos) this.lastWasBreak = buf[i - 1] === LF || buf[i - 1] === CR;
    this.pos = i;
    this.line = line;
    this.inQuotes = inQuotes;
  }

  private endField(end: number): void {
    const r = this.record;
    const n = r.count;
    if (n === r.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(2 * a.length);
        b.set(a);
        return b;
      };
      r.starts = grow(r.starts);
      r.ends = grow(r.ends);
      r.flags = grow(r.flags);
    }
    if (this.quoteEnd >= 0) {
      r.starts[n] = this.quoteStart + 1;
      r.ends[n] = this.quoteEnd;
      r.flags[n] = this.escaped ? 2 : 1;
      this.quoteStart = this.quoteEnd = -1;
      this.escaped = false;
    } else {
      r.starts[n] = this.fieldStart;
      r.ends[n] = end;
      r.flags[n] = 0;
    }
    r.count = n + 1;
  }

  private emit(rawEnd: number): void {
    const r = this.record;
    r.buf = this.buf;
    r.line = this.recLine;
    r.rawStart = this.recStart;
    r.rawEnd = rawEnd;
    this.onRecord(r);
    r.count = 0;
  }
}

/** Receives the data records of an export that pass the record-shape checks. */
export interface RecordSink {
  /**
   * One data record. `fieldOf[k]` is the record field holding the spec's k-th column (columns are
   * matched by name). Must not keep `record`: it is reused for the next one.
   */
  row(record: CsvRecord, fieldOf: Int32Array): void;
}

export interface ParsedExport {
  /** Data records (blank lines not counted). */
  readonly records: number;
  /** Blank lines skipped (trailing newlines, empty lines between records). */
  readonly blankLines: number;
  /** Header columns not in the spec: ignored, and reported on the data page. */
  readonly extraColumns: string[];
  /** True when the header's column order differs from the spec's (accepted: columns are matched by name). */
  readonly reordered: boolean;
}

const CANDIDATE_DELIMITERS = [",", ";", "\t", "|"] as const;
const delimiterName = (d: string) => (d === "\t" ? "tab" : `"${d}"`);

/**
 * Reads one export from UTF-8 chunks (BOM already removed), checks the header against the spec and
 * hands every data record to `sink`. Problems are reported in a fixed precedence, the first of each
 * kind in file order: an empty file; a header without the expected delimiter; malformed CSV anywhere;
 * a header missing or duplicating a column; a record with the wrong number of fields; no data rows.
 * A sink that finds a bad cell should remember it and report it after this returns: every structural
 * problem of the file takes precedence over it.
 */
export function parseExport(spec: ExportSpec, chunks: Iterable<Uint8Array>, sink: RecordSink): ParsedExport {
  const file = spec.fileName;
  const delimiter = spec.delimiter.charCodeAt(0);
  let problem: InputError | undefined; // the first structural problem; later records are only tokenized
  let header: string[] | undefined;
  let fieldOf = new Int32Array(0);
  let extraColumns: string[] = [];
  let reordered = false;
  let records = 0;
  let blankLines = 0;

  const tokenizer = new CsvTokenizer(delimiter, (record) => {
    if (problem) return;
    if (!header) {
      header = Array.from({ length: record.count }, (_, i) => record.text(i).trim());
      try {
        ({ fieldOf, extraColumns, reordered } = matchHeader(spec, header));
      } catch (error) {
        problem = error as InputError;
      }
      return;
    }
    if (record.count === 1 && record.text(0).trim() === "") {
      blankLines++;
      return;
    }
    if (record.count !== header.length) {
      problem = new InputError({
        file,
        line: record.line,
        value: record.raw(),
        expected: `${header.length} fields separated by ${delimiterName(spec.delimiter)} as in the header, got ${record.count}`,
      });
      return;
    }
    records++;
    sink.row(record, fieldOf);
  });

  const firstLine = new FirstLine();
  try {
    for (const chunk of chunks) {
      if (!firstLine.done) {
        firstLine.push(chunk);
        if (firstLine.done) startTokenizing();
      } else if (firstLine.blank) {
        firstLine.lookForText(chunk);
        checkFirstLine(spec, firstLine);
      } else {
        tokenizer.push(chunk);
      }
    }
    if (!firstLine.done) {
      firstLine.finish();
      startTokenizing();
    }
    if (firstLine.blank) {
      firstLine.finishLooking();
      checkFirstLine(spec, firstLine); // throws: the file is empty, or its first line has no delimiter
    }
    tokenizer.end();
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new InputError({ file, line: error.line, value: error.code, expected: `well-formed CSV (${error.message}); check for an unclosed quote` });
  }
  function startTokenizing() {
    checkFirstLine(spec, firstLine);
    if (firstLine.blank) return; // an error either way: only the rest of the file tells which
    for (const held of firstLine.held) tokenizer.push(held);
    firstLine.held = [];
  }
  if (problem) throw problem;
  if (records === 0) {
    throw new InputError({ file, line: 2, expected: "at least one data row after the header (the file has a header only)" });
  }
  return { records, blankLines, extraColumns, reordered };
}

/**
 * The first line of the file (up to the first CR or LF, quotes notwithstanding), held back until it is
 * complete so the delimiter check comes before anything else. When it is blank, the file is empty only
 * if nothing but whitespace follows, so the rest is searched for text (and not parsed).
 */
class FirstLine {
  done = false;
  held: Uint8Array[] = [];
  text = "";
  blank = false;
  /** For a blank first line: whether any non-whitespace follows (undefined: not known yet). */
  hasText: boolean | undefined;
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  private bytes = 0;

  push(chunk: Uint8Array): void {
    let end = chunk.indexOf(LF);
    const cr = chunk.indexOf(CR);
    if (cr >= 0 && (end < 0 || cr < end)) end = cr;
    this.held.push(chunk.slice());
    if (end < 0) {
      this.bytes += chunk.length;
      return;
    }
    this.bytes += end;
    this.complete();
    const rest = this.held.length === 1 ? this.held[0].subarray(end) : undefined;
    if (this.blank) this.lookForText(rest ?? concat(this.held).subarray(this.bytes));
  }

  finish(): void {
    this.complete();
  }

  lookForText(chunk: Uint8Array): void {
    if (this.hasText) return;
    if (/\S/.test(this.decoder.decode(chunk, { stream: true }))) this.hasText = true;
  }

  finishLooking(): void {
    this.hasText ??= /\S/.test(this.decoder.decode());
  }

  private complete(): void {
    this.done = true;
    this.text = utf8.decode(concat(this.held).subarray(0, this.bytes));
    this.blank = this.text.trim() === "";
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An empty file, or a header without the expected delimiter (but maybe another one): the wrong export settings. */
function checkFirstLine(spec: ExportSpec, first: FirstLine): void {
  if (!first.done) return;
  if (first.blank) {
    if (first.hasText === false) {
      throw new InputError({ file: spec.fileName, line: 1, expected: `a header line "${headerOf(spec)}" followed by data rows (the file is empty)` });
    }
    if (first.hasText !== true) return; // not known yet
  }
  if (first.text.includes(spec.delimiter)) return;
  const found = CANDIDATE_DELIMITERS.find((d) => d !== spec.delimiter && first.text.includes(d));
  throw new InputError({
    file: spec.fileName,
    line: 1,
    value: first.text,
    expected: `columns separated by ${delimiterName(spec.delimiter)}${found ? ` (the header is separated by ${delimiterName(found)})` : ""}: "${headerOf(spec)}"`,
  });
}

export function headerOf(spec: ExportSpec): string {
  return spec.columns.map((c) => c.name).join(spec.delimiter);
}

function matchHeader(spec: ExportSpec, header: string[]) {
  const file = spec.fileName;
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) {
      throw new InputError({ file, line: 1, column: name, value: name, expected: "each column name once (this one is duplicated)" });
    }
    index.set(name, i);
  });
  const known = new Set(spec.columns.map((c) => c.name));
  const extraColumns = header.filter((name) => !known.has(name));
  for (const column of spec.columns) {
    if (!index.has(column.name)) {
      const hint = extraColumns.length ? ` (found instead: ${extraColumns.map((c) => `"${c}"`).join(", ")})` : "";
      throw new InputError({ file, line: 1, column: column.name, value: header.join(spec.delimiter), expected: `a column named "${column.name}"${hint}` });
    }
  }
  const inSpecOrder = header.filter((name) => known.has(name));
  const reordered = inSpecOrder.some((name, i) => name !== spec.columns[i].name);
  const fieldOf = Int32Array.from(spec.columns, (c) => index.get(c.name)!);
  return { fieldOf, extraColumns, reordered };
}
