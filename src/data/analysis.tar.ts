// The site's one data loader: every artifact the pages read, as members of one archive
// (pages read FileAttachment("data/analysis/<artifact>"); see src/io/site-archive.ts).
import { emitSiteArchive } from "../io/site-archive.js";

await emitSiteArchive();
