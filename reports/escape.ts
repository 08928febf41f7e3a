// Escaping for everything a report prints that came from a scenario or a results file (names,
// descriptions, metric names, warnings): every string is text, never markup.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A fragment id made only of safe characters, stable for the same input. */
export function fragmentId(...parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)).join('-');
}
