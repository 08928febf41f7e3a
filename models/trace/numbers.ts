// Strict text-to-number conversion for trace fields: Number() alone would read '' as 0 and accept
// hex and 'Infinity', which in a trace are always data errors rather than values.

/** Integers of at most this many digits are exact in a double, so summing their digits equals Number(). */
const EXACT_DIGITS = 15;

/** The finite decimal number `text` spells (surrounding spaces allowed), or NaN. */
export function parseDecimal(text: string): number {
  return parseDecimalIn(text, 0, text.length);
}

/** parseDecimal of text[start, end), read in place: trace columns are parsed without a copy per field. */
export function parseDecimalIn(text: string, start: number, end: number): number {
  // Plain digits first: token counts and millisecond stamps need no trimming and no string at all.
  let value = 0;
  let i = start;
  while (i < end) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) break;
    value = value * 10 + digit;
    i++;
  }
  if (i === end && i > start && end - start <= EXACT_DIGITS) return value;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return NaN;
  i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    // Digits, sign, point and exponent only: rules out 0x.., 0b.., Infinity and NaN spelled out.
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69)) return NaN;
  }
  const number = Number(start === 0 && end === text.length ? text : text.slice(start, end));
  return Number.isFinite(number) ? number : NaN;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
