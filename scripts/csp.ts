// A restrictive Content-Security-Policy for the built pages, as a <meta> tag (the site is static, so
// no server headers). Framework puts each page's code in inline module scripts; rather than allowing
// every inline script, the policy lists the SHA-256 of exactly those scripts. DuckDB-WASM needs
// 'wasm-unsafe-eval' (compiling its .wasm) and blob: workers (Framework starts its worker from a blob).

import { createHash } from "node:crypto";

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * htl (used by Inputs) parses its templates with placeholder attributes such as onclick="::3" and
 * replaces them with real listeners before any event; Chrome still checks the placeholders against
 * the policy. Allowing exactly those strings ('unsafe-hashes') is harmless: "::3" is not even valid
 * JavaScript, so no code can run through them.
 */
const HTL_PLACEHOLDER_HASHES = Array.from({ length: 64 }, (_, i) => sha256(`::${i}`));

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.map((h) => `'sha256-${h}'`).join(" ")}`.trim(),
    `script-src-attr 'unsafe-hashes' ${HTL_PLACEHOLDER_HASHES.map((h) => `'sha256-${h}'`).join(" ")}`,
    "style-src 'self' 'unsafe-inline'", // Plot and Inputs set inline styles on the elements they create
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join("; ");
}

/** Inserts the policy as the first element of <head>, so it governs everything after it. */
export function addContentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map((m) => sha256(m[1]));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy([...new Set(hashes)])}">`;
  if (!/<head>/.test(html)) throw new Error("addContentSecurityPolicy: no <head> in page");
  return html.replace("<head>", `<head>\n${meta}`);
}
