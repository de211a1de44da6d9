// A slider with a text box that reads Russian numbers: «0,7» and «0.7» are both 0.7. Inputs.range's
// box is an <input type=number>, which in a Russian habit turns «0,7» into «07» and silently moves the
// filter; here an entry that is not a number in range is marked invalid, says why, and the value stays
// the last valid one. The form looks and behaves like Inputs.range for view(): it has `value` and
// bubbles "input" events only when the value changes to a valid one.

import { html } from "npm:htl";
import { formatNumber } from "./format.js";

/** Parses a number typed with a decimal comma or point (spaces as thousands separators allowed); NaN otherwise. */
export function parseDecimal(text: string): number {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, "").replace("−", "-").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return NaN;
  return Number(cleaned);
}

let counter = 0;

export interface DecimalRangeOptions {
  label: string;
  value: number;
  step?: number;
  /** Decimals shown in the box (the value itself keeps what was typed). */
  digits?: number;
  /** Milliseconds of no typing before a valid entry applies (Enter or leaving the box applies at once). */
  delay?: number;
}

export function decimalRange([min, max]: [number, number], { label, value, step = 0.01, digits = 2, delay = 400 }: DecimalRangeOptions): HTMLFormElement & { value: number } {
  const id = `decimal-range-${++counter}`;
  const text = html`<input type="text" inputmode="decimal" id=${id} autocomplete="off" spellcheck="false" style="width: 6em; font: inherit; font-variant-numeric: tabular-nums;">` as HTMLInputElement;
  const range = html`<input type="range" min=${min} max=${max} step=${step} aria-labelledby=${`${id}-label`}>` as HTMLInputElement;
  const note = html`<span class="decimal-range-note" role="status" aria-live="polite" style="display: none; color: var(--attention, #E69F00); font-size: 0.85rem;"></span>` as HTMLSpanElement;
  const form = html`<form class="inputs-3a86ea decimal-range">
    <label id=${`${id}-label`} for=${id}>${label}</label><div class="inputs-3a86ea-input">${text}${range}</div>${note}
  </form>` as HTMLFormElement & { value: number };
  let current = Math.min(max, Math.max(min, value));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (v: number) => {
    text.value = formatNumber(v, digits).replace(/\u202f/g, "");
    range.valueAsNumber = v;
  };
  const markValid = () => {
    text.removeAttribute("aria-invalid");
    text.style.outline = "";
    note.textContent = "";
    note.style.display = "none";
  };
  /** Validates the box; returns the entry's value, or null (marked invalid) when it is not a number in range. */
  const check = (): number | null => {
    const v = parseDecimal(text.value);
    if (Number.isFinite(v) && v >= min && v <= max) {
      markValid();
      return v;
    }
    text.setAttribute("aria-invalid", "true");
    text.style.outline = "2px solid var(--attention, #E69F00)";
    note.style.display = "block";
    note.textContent = `${Number.isFinite(v) ? `Нужно число от ${formatNumber(min, digits)} до ${formatNumber(max, digits)}` : "Не число"}: фильтр остаётся ${formatNumber(current, digits)}`;
    return null;
  };
  const apply = () => {
    clearTimeout(timer);
    const v = check();
    if (v === null || v === current) return;
    current = v;
    range.valueAsNumber = v;
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  text.addEventListener("input", (event) => {
    event.stopPropagation(); // the value changes only through apply()
    clearTimeout(timer);
    if (check() !== null) timer = setTimeout(apply, delay);
  });
  text.addEventListener("change", (event) => {
    event.stopPropagation();
    apply();
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault(), apply();
  });
  range.addEventListener("input", (event) => {
    event.stopPropagation();
    current = range.valueAsNumber;
    markValid();
    show(current);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  });
  range.addEventListener("change", (event) => event.stopPropagation());
  form.addEventListener("submit", (event) => event.preventDefault());
  Object.defineProperty(form, "value", {
    get: () => current,
    set: (v: number) => {
      if (Number.isFinite(v)) (current = Math.min(max, Math.max(min, v))), markValid(), show(current);
    },
  });
  show(current);
  return form;
}
