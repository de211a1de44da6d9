import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { addContentSecurityPolicy } from "../../../scripts/csp.js";

const page = `<!DOCTYPE html><html><head><title>x</title></head><body><script type="module">import "./a.js";</script><script src="./b.js"></script></body></html>`;

test("the policy lists the hash of each inline script and nothing inline otherwise", () => {
  const html = addContentSecurityPolicy(page);
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? "";
  const hash = createHash("sha256").update('import "./a.js";').digest("base64");
  assert.match(policy, new RegExp(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash.replace(/[+/=]/g, "\\$&")}'(;|$)`));
  assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /worker-src 'self' blob:/);
  assert.match(policy, /object-src 'none'/);
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<title>"), "the policy comes first in <head>");
});

test("a page without <head> is refused rather than published without a policy", () => {
  assert.throws(() => addContentSecurityPolicy("<html><body></body></html>"), /no <head>/);
});
