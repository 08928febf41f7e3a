// Which way each metric gets worse and on what scale a change is judged: the one table that gates,
// defaults and reports read. A metric no row matches has no direction and cannot be gated (an SLO,
// which needs no direction, can still bound it).

export type Worse = 'higher' | 'lower';

/**
 * `relative`: positive quantities (times, rates, costs) compared by the log of their ratio, so the
 * change reads in percent and slower and faster are symmetric. `absolute`: fractions compared by
 * their difference in percentage points (a ratio of two rates near 0 is meaningless).
 */
export type Scale = 'relative' | 'absolute';

export interface Direction {
  readonly worse: Worse;
  readonly scale: Scale;
  /** Default tolerance: a relative change for `relative`, a difference for `absolute`. */
  readonly tolerance: number;
}

/** Default bands: 2 % relative (above the quantile sketch's 1 % error), 0.5 percentage points. */
export const DEFAULT_RELATIVE_TOLERANCE = 0.02;
export const DEFAULT_ABSOLUTE_TOLERANCE = 0.005;

const NAME = '[^.]+';
const rows: readonly (readonly [RegExp, Worse, Scale])[] = [
  [new RegExp(`^(e2e|class\\.${NAME}\\.e2e)\\.(mean|p50|p95|p99)$`), 'higher', 'relative'],
  [new RegExp(`^(throughput|completed|class\\.${NAME}\\.throughput|agent\\.${NAME}\\.throughput)$`), 'lower', 'relative'],
  [new RegExp(`^agent\\.${NAME}\\.(wait|service|sojourn)\\.(mean|p50|p95|p99)$`), 'higher', 'relative'],
  [new RegExp(`^agent\\.${NAME}\\.queue\\.mean$`), 'higher', 'relative'],
  [new RegExp(`^(rejected|agent\\.${NAME}\\.rejected|class\\.${NAME}\\.rejected)$`), 'higher', 'relative'],
  [new RegExp(`^(rejected\\.fraction|agent\\.${NAME}\\.blocking)$`), 'higher', 'absolute'],
  // Costs (issue 3: cost.per_task.mean and friends) and error rates (issue 4), whatever their scope.
  [/(^|\.)cost(\.|$)/, 'higher', 'relative'],
  [/(^|\.)(errors?|failed|failures?)\.(fraction|rate)$/, 'higher', 'absolute'],
  [/(^|\.)(errors?|failed|failures?)$/, 'higher', 'relative'],
];

/** The direction of a metric, or undefined when "worse" has no meaning for it (utilisation). */
export function directionOf(metric: string): Direction | undefined {
  for (const [pattern, worse, scale] of rows) {
    if (pattern.test(metric)) {
      return { worse, scale, tolerance: scale === 'relative' ? DEFAULT_RELATIVE_TOLERANCE : DEFAULT_ABSOLUTE_TOLERANCE };
    }
  }
  return undefined;
}

/** Top-level cost and error metrics gated by default when a run reports them. */
export const DEFAULT_WHEN_PRESENT: readonly RegExp[] = [
  /^cost\.per_task\.mean$/,
  /^(errors?|failed|failures?)\.(fraction|rate)$/,
];
