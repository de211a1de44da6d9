// Filter state in the URL, so a link reproduces the view. Every parameter is validated against a
// schema: numbers are clamped to their range, choices must be one of the allowed values; anything
// else falls back to the default. Nothing from the URL reaches SQL or HTML unvalidated.

export type FieldSpec =
  | { kind: "number"; min: number; max: number; default: number }
  | { kind: "choice"; options: readonly string[]; default: string };

export type StateSpec = Record<string, FieldSpec>;
export type State<S extends StateSpec> = { [K in keyof S]: S[K] extends { kind: "number" } ? number : string };

export function parseState<S extends StateSpec>(search: string, spec: S): State<S> {
  const params = new URLSearchParams(search);
  const state = {} as Record<string, number | string>;
  for (const [key, field] of Object.entries(spec)) {
    const raw = params.get(key);
    if (field.kind === "number") {
      const n = raw === null || raw.trim() === "" ? NaN : Number(raw);
      state[key] = Number.isFinite(n) ? Math.min(field.max, Math.max(field.min, n)) : field.default;
    } else {
      state[key] = raw !== null && field.options.includes(raw) ? raw : field.default;
    }
  }
  return state as State<S>;
}

/** Only values that differ from the defaults go into the URL, so the plain link is the default view. */
export function formatState<S extends StateSpec>(state: State<S>, spec: S): string {
  const params = new URLSearchParams();
  for (const [key, field] of Object.entries(spec)) {
    const value = (state as Record<string, number | string>)[key];
    if (value !== field.default) params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}
