// The command-line entry writes the artifact contract, byte-identically for the same input.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { tinyExports } from "../../helpers/tiny-exports.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function writeExports(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-exports-"));
  for (const [name, text] of Object.entries(tinyExports(n))) writeFileSync(join(dir, `${name}.csv`), text);
  return dir;
}

function analyze(dataDir: string): string {
  const out = mkdtempSync(join(tmpdir(), "cli-out-"));
  execFileSync(TSX, ["src/cli/analyze.ts", "--data", dataDir, "--out", out], { cwd: ROOT, stdio: "pipe" });
  return out;
}

test("npm run analyze writes ledger.json and customers.json in the documented shape", () => {
  const data = writeExports(40);
  const out = analyze(data);
  try {
    const ledger = JSON.parse(readFileSync(join(out, "ledger.json"), "utf8"));
    assert.deepEqual(Object.keys(ledger.files).sort(), ["market_file", "market_money", "market_time", "money"]);
    for (const f of Object.values(ledger.files) as { raw: number; kept: number; corrected: unknown[]; excluded: unknown[] }[]) {
      assert.equal(typeof f.raw, "number");
      assert.ok(Array.isArray(f.corrected) && Array.isArray(f.excluded));
    }
    assert.deepEqual(Object.keys(ledger.customers), ["raw", "kept", "excluded", "excluded_count", "excluded_by_code"]);
    const customers = JSON.parse(readFileSync(join(out, "customers.json"), "utf8"));
    assert.equal(customers.length, 40);
    assert.equal(customers[0].id, 100001);
  } finally {
    rmSync(data, { recursive: true });
    rmSync(out, { recursive: true });
  }
});

test("two runs on the same input produce byte-identical artifacts", () => {
  const data = writeExports(60);
  const [a, b] = [analyze(data), analyze(data)];
  try {
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between runs`);
  } finally {
    for (const d of [data, a, b]) rmSync(d, { recursive: true });
  }
});

test("bad exports fail with exit code 2 and a message naming file, line and column", () => {
  const data = writeExports(10);
  writeFileSync(join(data, "market_time.csv"), tinyExports(10).market_time.replace("100003,текущий_месяц,12", "100003,текущий_месяц,много"));
  try {
    const result = spawnSync(TSX, ["src/cli/analyze.ts", "--data", data, "--out", join(data, "out")], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /market_time\.csv, line 6, column "минут": found "много"; expected a whole number/);
  } finally {
    rmSync(data, { recursive: true });
  }
});

/** Runs the CLI; `timeout` (ms) turns a hang into a failure (generous: the machines running tests are shared). */
function cli(args: string[], options: { uid?: number; shellPrefix?: string; timeout?: number } = {}) {
  const timeout = options.timeout ?? 120_000;
  const command = options.shellPrefix
    ? spawnSync("bash", ["-c", `${options.shellPrefix}; exec "$0" "$@"`, TSX, "src/cli/analyze.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout })
    : spawnSync(TSX, ["src/cli/analyze.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout, uid: options.uid, gid: options.uid });
  assert.equal(command.error, undefined, `the CLI finished (no hang): ${command.error}`);
  return command;
}

/** One line naming what to fix, no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

const FS_CASES: { what: string; make: (dir: string) => void; uid?: number; message: RegExp }[] = [
  { what: "money.csv is a FIFO", make: (dir) => assert.equal(spawnSync("mkfifo", [join(dir, "money.csv")]).status, 0), message: /money\.csv: found "a named pipe \(FIFO\)"; expected a regular file/ },
  { what: "market_time.csv links to /dev/zero", make: (dir) => symlinkSync("/dev/zero", join(dir, "market_time.csv")), message: /market_time\.csv: found "a character device \(such as \/dev\/zero\)"; expected a regular file/ },
  { what: "market_file.csv is a folder", make: (dir) => mkdirSync(join(dir, "market_file.csv")), message: /market_file\.csv: found "a folder"; expected a regular file/ },
];

for (const { what, make, message } of FS_CASES) {
  test(`${what}: exit code 2 and one line naming the path, at once`, { timeout: 150_000 }, () => {
    const data = writeExports(10);
    const target = what.split(" ")[0];
    rmSync(join(data, target));
    make(data);
    try {
      const result = cli(["--data", data, "--out", join(data, "out")]);
      assert.equal(result.status, 2, result.stderr);
      assertOneLine(result.stderr, new RegExp(`^Cannot analyze the exports: ${data.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/${message.source}`));
    } finally {
      rmSync(data, { recursive: true });
    }
  });
}

/** Runs as an unprivileged user when the tests run as root (root reads everything). */
const AS_USER = process.getuid?.() === 0 ? 65534 : undefined;

test("an unreadable export (EACCES) and an unreadable folder are named with what to do, exit code 2", { timeout: 300_000 }, () => {
  const data = writeExports(10);
  chmodSync(data, 0o755);
  try {
    chmodSync(join(data, "market_money.csv"), 0o000);
    let result = cli(["--data", data, "--out", join(tmpdir(), `out-${process.pid}`)], { uid: AS_USER });
    assert.equal(result.status, 2, result.stderr);
    assertOneLine(result.stderr, /market_money\.csv: found "permission denied \(EACCES\)"; expected a file the user running this \(\S+\) can read: chmod a\+r \S+market_money\.csv$/);
    chmodSync(join(data, "market_money.csv"), 0o644);
    chmodSync(data, 0o711); // can be entered, not listed
    chmodSync(data, 0o000);
    result = cli(["--data", data, "--out", join(tmpdir(), `out-${process.pid}`)], { uid: AS_USER });
    assert.equal(result.status, 2, result.stderr);
    assertOneLine(result.stderr, /found "permission denied \(EACCES\)"; expected a folder the user running this \(\S+\) can list and enter: chmod a\+rx /);
    assert.doesNotMatch(result.stderr, /missing/, "an unreadable folder is not reported as missing exports");
  } finally {
    chmodSync(data, 0o755);
    rmSync(data, { recursive: true });
  }
});

test("a write that fails (file size limit, as on a full disk) leaves the previous artifacts whole, no cut JSON, one line", { timeout: 900_000 }, () => {
  const data = writeExports(40);
  const out = analyze(data);
  try {
    const before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    writeFileSync(join(data, "money.csv"), tinyExports(40).money.replace("100001;3,10", "100001;3,11"));
    // Every file may grow to 8 KiB only; the signal a write beyond it sends is ignored, so the write fails with EFBIG.
    const result = cli(["--data", data, "--out", out], { shellPrefix: "trap '' XFSZ; ulimit -f 8", timeout: 600_000 });
    assert.equal(result.status, 1, result.stderr);
    assertOneLine(result.stderr, new RegExp(`^Cannot write the artifacts into ${out}: EFBIG: file too large, write\\. Nothing was changed there`));
    assert.deepEqual(readdirSync(out).sort(), [...before.keys()].sort());
    for (const [f, bytes] of before) assert.ok(readFileSync(join(out, f)).equals(bytes), `${f} is the previous run's`);
    assert.deepEqual(readdirSync(dirname(out)).filter((f) => f.startsWith(`${basename(out)}.`)), [], "no staging folder left");
  } finally {
    rmSync(data, { recursive: true });
    rmSync(out, { recursive: true });
  }
});

test("--out pointing at a folder of other files is refused, never emptied", { timeout: 150_000 }, () => {
  const data = writeExports(10);
  const out = mkdtempSync(join(tmpdir(), "cli-not-out-"));
  writeFileSync(join(out, "notes.txt"), "mine");
  try {
    const result = cli(["--data", data, "--out", out]);
    assert.equal(result.status, 2, result.stderr);
    assertOneLine(result.stderr, /found "a folder of other files \(notes\.txt\)"; expected a new or empty folder, or one holding a previous run's artifacts/);
    assert.equal(readFileSync(join(out, "notes.txt"), "utf8"), "mine");
  } finally {
    rmSync(data, { recursive: true });
    rmSync(out, { recursive: true });
  }
});
