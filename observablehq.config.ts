// Observable Framework configuration. Read by `observable build` / `observable preview`
// (package.json has "type": "module", which Framework needs to load a .ts config).

import { reportFooter } from "./src/io/report-footer.js";

export default {
  title: "«В один клик»: удержание покупателей",
  lang: "ru",
  pages: [
    { name: "Данные и предобработка", path: "/data" },
  ],
  // No Google Fonts: the default global stylesheet is replaced by our own, self-hosted one.
  globalStylesheets: [],
  style: "style.css",
  // Nothing is downloaded at build time: DuckDB extensions are off (Parquet is unavailable offline;
  // the browser table is Arrow IPC).
  duckdb: { extensions: { json: null, parquet: null } },
  head: '<meta name="color-scheme" content="light dark">',
  footer: reportFooter(),
  search: false,
  linkify: false,
  toc: { show: true, label: "На странице" },
  pager: true,
  cleanUrls: true,
};
