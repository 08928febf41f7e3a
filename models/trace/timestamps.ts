// ISO date-time parsing that keeps sub-microsecond precision: whole seconds and the fraction are
// returned apart, because an epoch time in one double (~1.7e9 s) cannot hold 7 fractional digits.

export interface IsoTime {
  /** Whole seconds since 1970-01-01T00:00:00Z (offset applied); an integer. */
  readonly seconds: number;
  /** The fractional second as written, in [0, 1). */
  readonly fraction: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Fractions of at most this many digits are read as digits / 10^count, which is exact (see readFraction). */
const EXACT_FRACTION_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: EXACT_FRACTION_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * `YYYY-MM-DD[T or space]HH:MM:SS[.fraction]` with an optional `Z` or `±HH:MM` (none means UTC),
 * surrounding spaces allowed; undefined when the text is not that or names an impossible date.
 */
export function parseIsoDateTime(text: string): IsoTime | undefined {
  const out = new Float64Array(2);
  return readIsoDateTime(text, 0, text.length, out) ? { seconds: out[0]!, fraction: out[1]! } : undefined;
}

/**
 * parseIsoDateTime of text[start, end), read in place: writes the whole seconds to out[0] and the
 * fraction to out[1] and returns true, or returns false. A trace's time column is read this way so
 * that a row costs no string and no object.
 */
export function readIsoDateTime(text: string, start: number, end: number, out: Float64Array): boolean {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  if (end - i < 19) return false;

  const year = digits(text, i, 4);
  const month = digits(text, i + 5, 2);
  const day = digits(text, i + 8, 2);
  const hour = digits(text, i + 11, 2);
  const minute = digits(text, i + 14, 2);
  const second = digits(text, i + 17, 2);
  const sep = text.charCodeAt(i + 10);
  if (text.charCodeAt(i + 4) !== 45 || text.charCodeAt(i + 7) !== 45
    || (sep !== 84 && sep !== 116 && sep !== 32)
    || text.charCodeAt(i + 13) !== 58 || text.charCodeAt(i + 16) !== 58) return false;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
    || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return false;
  i += 19;

  let fraction = 0;
  if (i < end && text.charCodeAt(i) === 46) {
    const point = i;
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === point + 1) return false;
    fraction = readFraction(text, point, i);
  }

  let offsetSeconds = 0;
  if (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === end) {
      i++;
    } else if ((c === 43 || c === 45) && end - i === 6 && text.charCodeAt(i + 3) === 58) {
      const oh = digits(text, i + 1, 2);
      const om = digits(text, i + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
      offsetSeconds = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
      i = end;
    } else {
      return false;
    }
  }

  out[0] = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  out[1] = fraction;
  return true;
}

/**
 * A column of date-times read as seconds after the first one's whole second (its first stamp then
 * reads as its fraction). Consecutive stamps nearly always share their date, hour and minute: when
 * a stamp starts with the same 17 characters (`YYYY-MM-DD HH:MM:`) as the last one parsed in full,
 * one native startsWith stands for most of the parse, and only the seconds and fraction are read.
 * Anything else (another minute, spaces around, an offset) is parsed in full by readIsoDateTime.
 */
export class IsoColumn {
  /** Whole seconds of the first stamp read; NaN before it. */
  private reference = NaN;
  /** The first 17 characters of the last stamp parsed in full, when it had the plain form; '' otherwise. */
  private prefix = '';
  /** That stamp's whole seconds less its seconds field: the start of its minute. */
  private minuteSeconds = 0;
  /** readIsoDateTime's answer. */
  private readonly parsed = new Float64Array(2);
  /** minuteStart's answers. */
  private readonly minutes = new Map<string, number>();

  /** The time of text[start, end); NaN when it is not a date-time. */
  read(text: string, start: number, end: number): number {
    if (this.prefix !== '' && text.startsWith(this.prefix, start)) {
      const time = this.readSameMinute(text, start, end);
      if (!Number.isNaN(time)) return time;
    }
    return this.readInFull(text, start, end);
  }

  /**
   * For stamps already split by a pattern into their first 17 characters (`minute`), their seconds
   * (00-59) and their fraction ('.' and digits): the seconds from the reference to the start of
   * `minute`, once startMinute has read a stamp of it; undefined before. A stamp's time is then
   * (start + Number(seconds)) + Number(fraction), read()'s answer: the integers add exactly, and
   * Number() of a fraction is readFraction's.
   */
  minuteStart(minute: string): number | undefined {
    return this.minutes.get(minute);
  }

  /** Reads a stamp of a minute not met before in full, for minuteStart; false when it is not a date-time. */
  startMinute(stamp: string, minute: string, second: string): boolean {
    if (!readIsoDateTime(stamp, 0, stamp.length, this.parsed)) return false;
    if (Number.isNaN(this.reference)) this.reference = this.parsed[0]!;
    this.minutes.set(minute, this.parsed[0]! - Number(second) - this.reference);
    return true;
  }

  private readInFull(text: string, start: number, end: number): number {
    if (!readIsoDateTime(text, start, end, this.parsed)) return NaN;
    const seconds = this.parsed[0]!;
    if (Number.isNaN(this.reference)) this.reference = seconds;
    // This stamp seeds the fast path if that reads it, and then reads it to the same value.
    const second = digits(text, start + PREFIX_LENGTH, 2);
    this.prefix = text.slice(start, start + PREFIX_LENGTH);
    this.minuteSeconds = seconds - second;
    if (second < 0 || Number.isNaN(this.readSameMinute(text, start, end))) this.prefix = '';
    return (seconds - this.reference) + this.parsed[1]!;
  }

  /**
   * A stamp whose first 17 characters are the prefix, in plain form from there on: `SS` (00-59),
   * then optionally `.` and 1-15 digits, then optionally `Z`; NaN for anything else. The same
   * arithmetic as readIsoDateTime and readFraction, so the same double.
   */
  private readSameMinute(text: string, start: number, end: number): number {
    if (end - start < PLAIN_LENGTH) return NaN;
    // Digits read inline rather than by digits(): this runs once per row of the trace.
    const tens = text.charCodeAt(start + PREFIX_LENGTH) - 48;
    const units = text.charCodeAt(start + PREFIX_LENGTH + 1) - 48;
    if (!(tens >= 0 && tens <= 5 && units >= 0 && units <= 9)) return NaN;
    const last = text.charCodeAt(end - 1);
    const stop = last === 90 || last === 122 ? end - 1 : end;
    let fraction = 0;
    if (stop !== start + PLAIN_LENGTH) {
      const count = stop - start - PLAIN_LENGTH - 1;
      if (text.charCodeAt(start + PLAIN_LENGTH) !== 46 || count < 1 || count > EXACT_FRACTION_DIGITS) return NaN;
      let value = 0;
      for (let i = start + PLAIN_LENGTH + 1; i < stop; i++) {
        const digit = text.charCodeAt(i) - 48;
        if (!(digit >= 0 && digit <= 9)) return NaN;
        value = value * 10 + digit;
      }
      fraction = value / POWERS_OF_TEN[count]!;
    }
    return (this.minuteSeconds + (tens * 10 + units) - this.reference) + fraction;
  }
}

/** `YYYY-MM-DD HH:MM:`, the part consecutive stamps share. */
const PREFIX_LENGTH = 17;
/** The prefix and the seconds field. */
const PLAIN_LENGTH = 19;

/**
 * The value of the fraction text[point, end) (a '.' then digits), equal to Number('.ddd'): every
 * written digit counts. With at most 15 digits both the digits' integer and the power of ten are
 * exact doubles, so their quotient is the correctly rounded value of the same rational number that
 * Number() rounds correctly: the same double, without the string.
 */
export function readFraction(text: string, point: number, end: number): number {
  const count = end - point - 1;
  if (count > EXACT_FRACTION_DIGITS) return Number(text.slice(point, end));
  return digits(text, point + 1, count) / POWERS_OF_TEN[count]!;
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
    // Tested inline: a call per character is what a cold (not yet optimized) parse pays most for.
    const digit = text.charCodeAt(at + k) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
