import { test } from "node:test";
import assert from "node:assert/strict";
import { neutraliseCell, toCsv } from "../../../src/components/csv.js";
import { formatState, parseState } from "../../../src/components/url-state.js";
import { escapeHtml } from "../../../src/components/escape.js";

test("CSV cells that a spreadsheet would run as formulas are neutralised", () => {
  for (const bad of ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]) {
    assert.equal(neutraliseCell(bad), `'${bad}`);
  }
  assert.equal(neutraliseCell("Товары для детей"), "Товары для детей");
  assert.equal(neutraliseCell(-3.5), "-3.5", "negative numbers stay numbers");
  const csv = toCsv([{ a: "=1+1", b: 'say "hi", ok' }], ["a", "b"]);
  assert.equal(csv, 'a,b\r\n\'=1+1,"say ""hi"", ok"\r\n');
});

test("URL state is validated: numbers clamped, choices checked, junk falls back to defaults", () => {
  const spec = {
    p: { kind: "number", min: 0, max: 1, default: 0.6 },
    service: { kind: "choice", options: ["все", "стандарт", "премиум"], default: "все" },
  } as const;
  assert.deepEqual(parseState("?p=0.8&service=премиум", spec), { p: 0.8, service: "премиум" });
  assert.deepEqual(parseState("?p=7&service=x", spec), { p: 1, service: "все" });
  assert.deepEqual(parseState("?p=NaN&service=%27%3B%20DROP%20TABLE%20customers", spec), { p: 0.6, service: "все" });
  assert.deepEqual(parseState("?p=<script>alert(1)</script>", spec), { p: 0.6, service: "все" });
  assert.equal(formatState({ p: 0.6, service: "премиум" }, spec), "?service=%D0%BF%D1%80%D0%B5%D0%BC%D0%B8%D1%83%D0%BC");
  assert.equal(formatState({ p: 0.6, service: "все" }, spec), "");
});

test("HTML escaping covers the five special characters", () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
});
