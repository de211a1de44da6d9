// Observable Framework configuration. Read by `observable build` / `observable preview`
// (package.json has "type": "module", which Framework needs to load a .ts config).

import { reportFooter } from "./src/io/report-footer.js";

export default {
  root: "src",
  // scripts/build.ts builds into a staging folder and swaps it in only when the build succeeds.
  output: process.env.REPORT_OUTPUT_DIR ?? "dist",
  title: "«В один клик»: удержание покупателей",
  lang: "ru",
  pages: [
    { name: "Данные и предобработка", path: "/data" },
    { name: "Исследовательский анализ", path: "/eda" },
    { name: "Корреляционный анализ", path: "/correlation" },
    { name: "Модели", path: "/models" },
    { name: "Важность признаков", path: "/importance" },
    { name: "Сегменты и предложения", path: "/segments" },
    { name: "Итоги кампании", path: "/campaign" },
    { name: "Выводы", path: "/conclusions" },
    { name: "Что изменилось", path: "/changes" },
  ],
  // No Google Fonts: the default global stylesheet is replaced by our own, self-hosted one.
  globalStylesheets: [],
  style: "style.css",
  // Nothing is downloaded at build time: DuckDB extensions are off (Parquet is unavailable offline;
  // the browser table is Arrow IPC).
  duckdb: { extensions: { json: null, parquet: null } },
  // An inline icon, so browsers do not request /favicon.ico.
  head: '<meta name="color-scheme" content="light dark"><link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Ccircle cx=%228%22 cy=%228%22 r=%227%22 fill=%22%230072B2%22/%3E%3C/svg%3E">',
  footer: reportFooter(),
  search: false,
  linkify: false,
  toc: { show: true, label: "На странице" },
  pager: false, // its labels are English-only; pages link to each other in the text
  preserveExtension: false,
  preserveIndex: false,
};
