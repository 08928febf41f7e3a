// ISO date-time parsing that keeps sub-microsecond precision: whole seconds and the fraction are
// returned apart, because an epoch time in one double (~1.7e9 s) cannot hold 7 fractional digits.

export interface IsoTime {
  /** Whole seconds since 1970-01-01T00:00:00Z (offset applied); an integer. */
  readonly seconds: number;
  /** The fractional second as written, in [0, 1). */
  readonly fraction: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DD[T or space]HH:MM:SS[.fraction]` with an optional `Z` or `±HH:MM` (none means UTC),
 * surrounding spaces allowed; undefined when the text is not that or names an impossible date.
 */
export function parseIsoDateTime(text: string): IsoTime | undefined {
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  if (end - i < 19) return undefined;

  const year = digits(text, i, 4);
  const month = digits(text, i + 5, 2);
  const day = digits(text, i + 8, 2);
  const hour = digits(text, i + 11, 2);
  const minute = digits(text, i + 14, 2);
  const second = digits(text, i + 17, 2);
  const sep = text.charCodeAt(i + 10);
  if (text.charCodeAt(i + 4) !== 45 || text.charCodeAt(i + 7) !== 45
    || (sep !== 84 && sep !== 116 && sep !== 32)
    || text.charCodeAt(i + 13) !== 58 || text.charCodeAt(i + 16) !== 58) return undefined;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
    || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  i += 19;

  let fraction = 0;
  if (i < end && text.charCodeAt(i) === 46) {
    const start = i;
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === start + 1) return undefined;
    // Number('.6805900') is correctly rounded, so every written digit counts.
    fraction = Number(text.slice(start, i));
  }

  let offsetSeconds = 0;
  if (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === end) {
      i++;
    } else if ((c === 43 || c === 45) && end - i === 6 && text.charCodeAt(i + 3) === 58) {
      const oh = digits(text, i + 1, 2);
      const om = digits(text, i + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
      offsetSeconds = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
      i = end;
    } else {
      return undefined;
    }
  }

  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return { seconds: seconds - offsetSeconds, fraction };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): plain integer
 * arithmetic, cheaper per row than Date.UTC and free of its mapping of years 0-99 to 19xx.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The value of `count` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
