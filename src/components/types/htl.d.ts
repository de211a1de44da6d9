// Minimal types for htl (the package ships none): tagged templates that build DOM nodes and escape text.
export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
