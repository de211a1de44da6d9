// The site half of `npm run build`: scripts/build.ts starts it while its analysis runs, so the two overlap on
// two cores (the analysis keeps the build's own thread busy). It vendors the browser packages, then runs
// `observable build`, whose data loaders wait for the analysis the build pins (src/io/build-env.ts).
// Ends with Framework's exit code, or with 1 after one line saying why the packages could not be vendored.

import { spawn } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

try {
  await import("./vendor-npm.js");
} catch (error) {
  console.error(`Could not vendor the browser packages (run npm ci first): ${(error as Error).message}`);
  process.exit(1);
}
const framework = spawn(join(ROOT, "node_modules", ".bin", "observable"), ["build"], { cwd: ROOT, stdio: "inherit" });
// The build stops Framework when its analysis fails; Ctrl-C reaches the whole process group anyway.
process.on("SIGTERM", () => framework.kill("SIGTERM"));
framework.on("exit", (code) => process.exit(code ?? 1));
