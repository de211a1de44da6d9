import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { DEMO_DEFAULT_OPTIONS, DEMO_FILE_NAMES, generateDemoFiles } from "../../../src/analysis/demo/generate.js";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(root, "src/cli/generate-demo.ts");

async function generate(args: string[]) {
  return run(process.execPath, ["--import", "tsx", cli, ...args], { cwd: root });
}

test("the CLI writes the four files, matching the library, with a one-line summary", async () => {
  const out = await mkdtemp(path.join(tmpdir(), "demo-cli-"));
  try {
    const { stdout } = await generate(["--customers", "250", "--seed", "99", "--out", out]);
    assert.equal(stdout.trim().split("\n").length, 1);
    assert.match(stdout, /250 customers/);
    assert.deepEqual((await readdir(out)).sort(), [...DEMO_FILE_NAMES].sort(), "no leftover partial files");
    const expected = generateDemoFiles({ customers: 250, seed: 99 });
    for (const name of DEMO_FILE_NAMES) assert.equal(await readFile(path.join(out, name), "utf8"), expected[name], name);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test("the CLI rejects bad options without writing anything", async () => {
  const out = await mkdtemp(path.join(tmpdir(), "demo-cli-"));
  try {
    for (const args of [["--customers", "0"], ["--customers", "ten"], ["--seed", "-5"], ["--bogus"]]) {
      await assert.rejects(generate([...args, "--out", out]), `${args.join(" ")} should fail`);
    }
    assert.deepEqual(await readdir(out), []);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test("data/demo/ holds exactly the default generation (regenerate with `npm run data:demo`)", async () => {
  const expected = generateDemoFiles(DEMO_DEFAULT_OPTIONS);
  for (const name of DEMO_FILE_NAMES) {
    const actual = await readFile(path.join(root, "data/demo", name), "utf8");
    assert.ok(actual === expected[name], `data/demo/${name} is stale`);
  }
});
