// What data a page shows: a banner that makes demo data impossible to mistake for the store's. The store's own
// data needs no banner: its provenance (folder, rows, SHA-256) is in every page's footer and on the data page.

import { html } from "npm:htl";
import { formatInt } from "./format.js";

export interface SourceInfo {
  readonly folder: string;
  readonly sha256: string;
  readonly demo: boolean;
  readonly files: readonly { file: string; rows: number }[];
}

export function sourceBanner(source: SourceInfo, { provenance = false }: { provenance?: boolean } = {}): HTMLElement {
  if (!source.demo && !provenance) return html`<span class="source-banner-none" hidden></span>`;
  return source.demo
    ? html`<div class="callout demo-banner" role="note"><strong>Демонстрационные данные.</strong> Отчёт построен на синтетическом наборе из репозитория
        (${formatInt(source.files[0]?.rows ?? 0)} покупателей), а не на выгрузках магазина. Чтобы построить его на настоящих данных, задайте
        <code>DATA_DIR</code> при сборке.</div>`
    : html`<div class="callout" role="note">Данные: выгрузки из папки «${source.folder}»
        (SHA-256 <code title=${source.sha256}>${source.sha256.slice(0, 12)}</code>).</div>`;
}
