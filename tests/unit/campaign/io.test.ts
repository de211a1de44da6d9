import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { exportsSha256 } from "../../../src/io/analysis-cache.js";
import { DEFAULT_DATA_DIR, readExports } from "../../../src/io/read-exports.js";

test("campaign.csv next to the exports joins the data hash (cache key and footer) and reaches the analysis", () => {
  const dir = mkdtempSync(join(tmpdir(), "campaign-io-"));
  try {
    for (const f of ["market_file.csv", "market_money.csv", "market_time.csv", "money.csv"]) copyFileSync(join(DEFAULT_DATA_DIR, f), join(dir, f));
    const without = readExports(dir);
    assert.equal(without.campaign, undefined);
    assert.equal(exportsSha256(dir), without.source.sha256);
    const text = "\uFEFFid;group;offer;channel;p;segment;seed;created\r\n215348;control;cart_reminder;не отправлять;0,7;p=0.6&profit=4;1;2026-12-01\r\n";
    writeFileSync(join(dir, "campaign.csv"), text);
    const withCampaign = readExports(dir);
    assert.equal(Buffer.from(withCampaign.campaign!).toString("utf8"), text);
    assert.notEqual(withCampaign.source.sha256, without.source.sha256, "a campaign changes the data's identity");
    assert.equal(exportsSha256(dir), withCampaign.source.sha256, "the cache key's hash includes it too");
    assert.deepEqual(withCampaign.source.files.at(-1), { file: "campaign.csv", bytes: Buffer.byteLength(text), rows: 1, sha256: withCampaign.source.files.at(-1)!.sha256 });
    writeFileSync(join(dir, "campaign.csv"), text.replace("0,7", "0,8"));
    assert.notEqual(readExports(dir).source.sha256, withCampaign.source.sha256, "an edited campaign reruns the analysis");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
