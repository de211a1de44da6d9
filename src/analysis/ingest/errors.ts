// One error type for every way an export can be unusable, so the person refreshing the data
// is always told which file, which line, which column, which value, and what was expected.

export interface InputProblem {
  /** Export file name, e.g. "market_money.csv". */
  readonly file: string;
  /** 1-based line in the file where the offending record starts; absent for file-level problems. */
  readonly line?: number;
  /** Column name as it appears (or should appear) in the header. */
  readonly column?: string;
  /** The offending raw value, shortened if huge. */
  readonly value?: string;
  /** What a valid export would have had here, in plain words. */
  readonly expected: string;
}

const MAX_VALUE_CHARS = 80;

/** Shortens huge values so a 10 MB junk line cannot flood a terminal or a page. */
export function preview(value: string): string {
  const oneLine = JSON.stringify(value);
  return oneLine.length <= MAX_VALUE_CHARS ? oneLine : `${oneLine.slice(0, MAX_VALUE_CHARS - 1)}…" (${value.length} characters)`;
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.column !== undefined ? `column "${p.column}"` : undefined]
    .filter(Boolean)
    .join(", ");
  const found = p.value !== undefined ? `: found ${preview(p.value)}` : "";
  return `${where}${found}; expected ${p.expected}`;
}

export class InputError extends Error implements InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly expected: string;

  constructor(problem: InputProblem) {
    super(formatProblem(problem));
    this.name = "InputError";
    this.file = problem.file;
    this.line = problem.line;
    this.column = problem.column;
    this.value = problem.value;
    this.expected = problem.expected;
  }
}
