// How numbers read in reports: four significant digits, units spelt out, intervals as [lo, hi].

/** Four significant digits, no exponent for everyday magnitudes; a dash when unmeasured. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

export function formatInterval(lo: number | null | undefined, hi: number | null | undefined): string {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return '—';
  // A no-break space inside the brackets: a narrow table cell breaks before the interval, not in it.
  return `[${formatNumber(lo)},\u00a0${formatNumber(hi)}]`;
}

/** A fraction as a percentage: one decimal, or significant digits for small values. */
export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const pct = x * 100;
  return `${Math.abs(pct) >= 1 || pct === 0 ? pct.toFixed(1) : Number(pct.toPrecision(2)).toString()} %`;
}

/** Seconds in the unit a reader expects for their size. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds >= 3600 && seconds % 60 === 0) return `${formatNumber(seconds / 3600)} h (${formatNumber(seconds)} s)`;
  return `${formatNumber(seconds)} s`;
}

/** A signed change as the compare table prints it: +2.35% for ratios, +0.12pp for fractions; +0.00 when it rounds to zero. */
export function formatChange(x: number | null | undefined, scale: 'relative' | 'absolute', decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const text = (100 * x).toFixed(decimals);
  return `${Number(text) === 0 ? `+${(0).toFixed(decimals)}` : `${x > 0 ? '+' : ''}${text}`}${scale === 'relative' ? '%' : 'pp'}`;
}

/**
 * Decimals that show a half-width (in the unit printed) to its first digit: `least`, or more (up to
 * 6) for a narrow interval, whose ends would otherwise print alike and read as no interval at all
 * ('[+0.00pp, +0.00pp]' for a 0.0003 pp change in an error rate of 0.7 %). With 10^-d at most the
 * half-width, the ends, 2 half-widths apart, never print alike; more digits would be false precision.
 */
export function decimalsFor(halfWidth: number, least: number): number {
  return halfWidth > 0 && Number.isFinite(halfWidth) ? Math.min(6, Math.max(least, Math.ceil(-Math.log10(halfWidth)))) : least;
}

/** A change interval's decimals: at least 2. */
export function changeDecimals(interval: readonly [number | null, number | null] | null): number {
  if (interval === null || interval[0] === null || interval[1] === null) return 2;
  return decimalsFor((100 * (interval[1] - interval[0])) / 2, 2);
}

/** A number with its unit, as results.json names units (s, 1/s, USD, or none). */
export function formatWithUnit(x: number | null | undefined, unit: string): string {
  const n = formatNumber(x);
  return n === '—' || unit === '' ? n : `${n}\u00a0${unit}`;
}
