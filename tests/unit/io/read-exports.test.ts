import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExports, dataDirFromEnv, DEFAULT_DATA_DIR } from "../../../src/io/read-exports.js";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { tinyExports } from "../../helpers/tiny-exports.js";

/** Runs `body` on a fresh folder holding `files` (each written as name.csv), then removes the folder. */
function withExports(files: Readonly<Record<string, string>>, body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "exports-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.csv`), text);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

/** The tiny exports of four customers, all but `omit`. */
function tiny(omit?: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tinyExports(4)).filter(([name]) => name !== omit));
}

test("a missing export is named in the error", () => {
  withExports(tiny("money"), (dir) => {
    assert.throws(() => readExports(dir), (e: unknown) => e instanceof InputError && e.file === "money.csv" && /missing/.test(e.message));
  });
});

test("a missing folder is a clear error", () => {
  assert.throws(() => readExports("/nonexistent/exports"), /a folder with market_file.csv/);
});

test("the content hash identifies the data and changes with any byte", () => {
  withExports(tiny(), (dir) => {
    const a = readExports(dir).source;
    assert.equal(readExports(dir).source.sha256, a.sha256);
    assert.deepEqual(a.files.map((f) => f.rows), [4, 12, 8, 4]);
    writeFileSync(join(dir, "money.csv"), tinyExports(4).money.replace("3,10", "3,11"));
    assert.notEqual(readExports(dir).source.sha256, a.sha256);
    assert.equal(a.demo, false);
  });
});

test("DATA_DIR selects the data; the demo set is the default", () => {
  assert.equal(dataDirFromEnv({}), DEFAULT_DATA_DIR);
  assert.equal(dataDirFromEnv({ DATA_DIR: "/tmp/x" }), "/tmp/x");
});

test("streamed reading: digests and row counts do not depend on the read size, and the data cleans as the text does", async () => {
  const { createHash } = await import("node:crypto");
  const { readFileSync } = await import("node:fs");
  const { cleanExports } = await import("../../../src/analysis/clean/clean.js");
  const { cleanFiles } = await import("../../helpers/tiny-exports.js");
  const files = tinyExports(20);
  files.market_file = "\uFEFF" + files.market_file + "\n \n";
  files.market_time = files.market_time.replace(/\n/g, "\r");
  withExports(files, (dir) => {
    const reference = readExports(dir);
    for (const f of reference.source.files) assert.equal(f.sha256, createHash("sha256").update(readFileSync(join(dir, f.file))).digest("hex"));
    assert.deepEqual(reference.source.files.map((f) => f.rows), [20, 60, 40, 20]);
    const expected = JSON.stringify(cleanFiles(files));
    for (const chunkBytes of [1, 3, 64]) {
      const read = readExports(dir, { chunkBytes });
      assert.deepEqual(read.source, reference.source);
      assert.equal(JSON.stringify(cleanExports(read.texts)), expected, `reads of ${chunkBytes} bytes`);
    }
  });
});

test("a file that is not UTF-8 is refused while reading, naming the file and line", async () => {
  const { encodeWindows1251 } = await import("../../helpers/bytes.js");
  withExports(tiny(), (dir) => {
    writeFileSync(join(dir, "market_time.csv"), encodeWindows1251(tinyExports(4).market_time));
    for (const chunkBytes of [1, 1 << 20]) {
      assert.throws(
        () => readExports(dir, { chunkBytes }),
        (e: unknown) => e instanceof InputError && e.file === "market_time.csv" && e.line === 1 && /found "byte 0xcf at byte offset 3"; expected UTF-8 text/.test(e.message),
      );
    }
  });
});

test("a file replaced or removed between reading and cleaning is an error, not a report on other data", async () => {
  const { cleanExports } = await import("../../../src/analysis/clean/clean.js");
  withExports(tiny(), (dir) => {
    const read = readExports(dir);
    writeFileSync(join(dir, "money.csv"), tinyExports(4).money.replace("3,10", "3,11"));
    assert.throws(() => cleanExports(read.texts), (e: unknown) => e instanceof InputError && e.file === "money.csv" && /changed after it was first read/.test(e.message));
    const again = readExports(dir);
    rmSync(join(dir, "market_time.csv"));
    assert.throws(() => cleanExports(again.texts), (e: unknown) => e instanceof InputError && e.file === "market_time.csv" && /was removed after it was first read/.test(e.message));
  });
});

// Special files: reading a FIFO or a device may never end, and `stat` says size 0 for them, so a size
// cap checked before reading never applies. Each is refused before a byte is read, naming the path.
const SPECIAL_FILE_CASES: { what: string; make: (path: string) => void; found: RegExp }[] = [
  { what: "a named pipe (FIFO)", make: (path) => assert.equal(spawnSync("mkfifo", [path]).status, 0), found: /found "a named pipe \(FIFO\)"/ },
  { what: "a symbolic link to /dev/zero", make: (path) => symlinkSync("/dev/zero", path), found: /found "a character device \(such as \/dev\/zero\)"/ },
  { what: "a folder", make: (path) => mkdirSync(path), found: /found "a folder"/ },
];

for (const { what, make, found } of SPECIAL_FILE_CASES) {
  test(`an export that is ${what} is refused at once, naming the path`, { timeout: 10_000 }, () => {
    withExports(tiny("money"), (dir) => {
      make(join(dir, "money.csv"));
      assert.throws(
        () => readExports(dir),
        (e: unknown) => e instanceof InputError && e.file === join(dir, "money.csv") && found.test(e.message) && /expected a regular file/.test(e.message),
      );
    });
  });
}

test("a link to a regular file is read as that file", () => {
  withExports({ profit: tinyExports(4).money }, (elsewhere) =>
    withExports(tiny("money"), (dir) => {
      symlinkSync(join(elsewhere, "profit.csv"), join(dir, "money.csv"));
      assert.equal(readExports(dir).source.files[3].rows, 4);
    }),
  );
});

test("bytes are counted while streaming: a file whose size says 0 (a /proc file) cannot exceed the cap", { timeout: 10_000 }, () => {
  withExports(tiny("money"), (dir) => {
    symlinkSync("/proc/self/maps", join(dir, "money.csv")); // a node process maps far more than 2000 bytes of lines
    assert.equal(statSync(join(dir, "money.csv")).size, 0, "the kernel reports size 0");
    assert.throws(
      () => readExports(dir, { maxBytes: 2000 }),
      (e: unknown) => e instanceof InputError && e.file === "money.csv" && /found "more than 2000 bytes"; expected an export smaller than 2000 bytes/.test(e.message),
    );
  });
});
