// A searchable customer picker for the importance page: a text box with a list of every customer the page
// has, each option showing the id, the calibrated probability and the segment. Typing part of an id narrows
// the list (the browser's own datalist matching); an id applies as soon as it is a whole known id, and an
// entry that is no known id says so when confirmed (Enter or leaving the box) — the page never silently
// shows another customer. For view(): `value` is the confirmed entry (a known id as a string, or what was
// typed), and "input" events bubble when it changes.

import { html } from "npm:htl";
import { customersWord, formatInt, formatPercent } from "./format.js";

export interface PickerCustomer {
  id: number;
  /** Calibrated probability of decrease. */
  p: number;
  segment: string;
}

/** The option's text: «215349 — 87,3 %, в зоне риска, высокая прибыль». */
export function pickerOptionLabel(c: PickerCustomer): string {
  return `${c.id} — ${formatPercent(c.p)}, ${c.segment}`;
}

let counter = 0;

export function customerPicker(customers: readonly PickerCustomer[], { label, value }: { label: string; value: number }): HTMLFormElement & { value: string } {
  const id = `customer-picker-${++counter}`;
  const known = new Set(customers.map((c) => String(c.id)));
  const list = html`<datalist id=${`${id}-list`}>${customers.map((c) => html`<option value=${String(c.id)} label=${pickerOptionLabel(c)}>`)}</datalist>` as HTMLDataListElement;
  const text = html`<input type="text" inputmode="numeric" id=${id} list=${`${id}-list`} autocomplete="off" spellcheck="false" placeholder="часть номера" style="width: 100%; max-width: 14em; font: inherit; font-variant-numeric: tabular-nums;">` as HTMLInputElement;
  const hint = html`<span class="customer-picker-hint" style="display: block; font-size: 0.85rem; color: var(--theme-foreground-muted);">${formatInt(customers.length)} ${customersWord(customers.length)} в списке: начните вводить номер</span>` as HTMLSpanElement;
  const form = html`<form class="inputs-3a86ea customer-picker">
    <label for=${id}>${label}</label><div class="inputs-3a86ea-input" style="display: block;">${text}${list}${hint}</div>
  </form>` as HTMLFormElement & { value: string };
  let current = String(value);
  text.value = current;
  const commit = (entry: string) => {
    if (entry === current) return;
    current = entry;
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  // A whole known id applies while typing (or when picked from the list); anything else waits for Enter or blur.
  text.addEventListener("input", (event) => {
    event.stopPropagation();
    const entry = text.value.trim();
    if (known.has(entry)) commit(entry);
  });
  text.addEventListener("change", (event) => {
    event.stopPropagation();
    commit(text.value.trim());
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    commit(text.value.trim());
  });
  Object.defineProperty(form, "value", { get: () => current, set: (v: string) => { current = String(v); text.value = current; } });
  return form;
}
