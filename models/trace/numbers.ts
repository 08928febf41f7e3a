// Strict text-to-number conversion for trace fields: Number() alone would read '' as 0 and accept
// hex and 'Infinity', which in a trace are always data errors rather than values.

/** The finite decimal number `text` spells (surrounding spaces allowed), or NaN. */
export function parseDecimal(text: string): number {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Digits, sign, point and exponent only: rules out 0x.., 0b.., Infinity and NaN spelled out.
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69)) return NaN;
  }
  const value = Number(start === 0 && end === text.length ? text : text.slice(start, end));
  return Number.isFinite(value) ? value : NaN;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
