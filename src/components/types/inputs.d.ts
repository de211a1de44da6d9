// Minimal types for @observablehq/inputs (the package ships none): the inputs this report uses.
export type Input<T> = HTMLElement & { value: T };
export interface TableOptions {
  columns?: string[];
  header?: Record<string, string | Node>;
  format?: Record<string, (value: any, i: number, data: any) => string | Node>;
  width?: Record<string, number> | number;
  align?: Record<string, "left" | "right" | "center">;
  rows?: number;
  maxWidth?: number;
  sort?: string;
  reverse?: boolean;
  select?: boolean;
  layout?: "auto" | "fixed";
}
export function table<T>(data: Iterable<T>, options?: TableOptions): Input<T[]>;
export function range(extent: [number, number], options?: { label?: string | Node; step?: number; value?: number; format?: (x: number) => string }): Input<number>;
export function select<T>(data: Iterable<T>, options?: { label?: string | Node; value?: T | T[]; multiple?: boolean; format?: (x: T) => string }): Input<T>;
export function checkbox<T>(data: Iterable<T>, options?: { label?: string | Node; value?: T[]; format?: (x: T) => string }): Input<T[]>;
export function search<T>(data: Iterable<T>, options?: { label?: string | Node; placeholder?: string }): Input<T[]>;
export function text(options?: { label?: string | Node; placeholder?: string; value?: string }): Input<string>;
export function toggle(options?: { label?: string | Node; value?: boolean }): Input<boolean>;
export function button(content?: string | Node, options?: { label?: string | Node; reduce?: () => unknown }): Input<unknown>;
