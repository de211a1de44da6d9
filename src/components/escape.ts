// HTML escaping for the few places where text is assembled as an HTML string (the page footer).
// Pages and charts otherwise build DOM nodes (htl, Plot), which escape text themselves.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
