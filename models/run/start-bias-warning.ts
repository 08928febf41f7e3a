// A warning when a run's end-to-end mean is likely biased low because every replication starts
// empty and is short against the time its busiest queue takes to fill (models/analytic/start-bias.ts).
// The bias is a heavy-traffic estimate, so it is only said when it would cost the interval more
// than a point of coverage; it then says by how much, and the warm-up after which it would cost less
// than a tenth of a point.

import { meanModel } from '../analytic/mean-model.js';
import { startBias, type StationStartBias } from '../analytic/start-bias.js';
import { normalQuantile } from '../analysis/interval.js';
import { erfc } from '../../sim/random/special-functions.js';
import type { Scenario } from '../scenario/index.js';

/** Coverage a bias may cost before it is worth a warning. */
const COVERAGE_LOSS = 0.01;
/** Coverage a bias may cost in the warm-up the warning suggests: little enough that a rerun's own half-width, smaller or larger, does not warn again. */
const NEGLIGIBLE_LOSS = 0.001;

const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/**
 * How often an interval of half-width `halfWidth` at `confidence` covers when its estimate is
 * normal and `bias` off centre: Φ(z − δ) − Φ(−z − δ), δ = z · bias / halfWidth.
 */
export function coverageWithBias(bias: number, halfWidth: number, confidence: number): number {
  const z = normalQuantile((1 + confidence) / 2);
  const d = (z * bias) / halfWidth;
  return normalCdf(z - d) - normalCdf(-z - d);
}

/** Up to two significant digits, rounded up: a warm-up to suggest. */
const roundUp = (x: number): number => {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / unit) * unit;
};

/**
 * The warning for a run of `scenario` that kept [warmup, horizon] of each replication and whose
 * e2e.mean has `interval` (null: none, no warning); undefined when the scenario is outside the analytic model's scope or the
 * estimated bias costs the interval at most a point of coverage.
 */
export function startBiasWarning(scenario: Scenario, warmup: number, interval: readonly [number, number] | null): string | undefined {
  if (scenario.coordination !== undefined || interval === null) return undefined;
  const model = meanModel(scenario.network);
  if (model === undefined) return undefined;
  const { horizon, confidence } = scenario;
  const halfWidth = (interval[1] - interval[0]) / 2;
  const total = (stations: readonly StationStartBias[]): number => stations.reduce((s, b) => s + b.e2eSeconds, 0);
  const stations = startBias(model, warmup, horizon);
  const bias = total(stations);
  if (!(halfWidth > 0) || confidence - coverageWithBias(bias, halfWidth, confidence) <= COVERAGE_LOSS) return undefined;
  const worst = stations[0]!;
  // The warm-up after which the same kept seconds lack a negligible share: bisection, the bias falling as it grows.
  const kept = horizon - warmup;
  const enough = (w: number) => confidence - coverageWithBias(total(startBias(model, w, w + kept)), halfWidth, confidence) <= NEGLIGIBLE_LOSS;
  let [lo, hi] = [warmup, warmup + worst.relaxation];
  while (!enough(hi)) [lo, hi] = [hi, 2 * hi];
  for (let i = 0; i < 50 && hi - lo > 1e-3 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  const suggested = roundUp(hi);
  const name = scenario.network.agents[worst.agent]!.name;
  const pct = (x: number) => `${(100 * x).toPrecision(2)}%`;
  const sec = (x: number) => String(Number(x.toPrecision(4)));
  return (
    `e2e.mean likely reads low: every replication starts empty, and agent '${name}' (utilisation ${worst.utilisation.toFixed(2)}) takes about ${roundUp(worst.relaxation)} s to approach steady state (its heavy-traffic relaxation time); ` +
    `over the ${sec(kept)} s kept after a ${sec(warmup)} s warm-up its mean wait lacks about ${pct(worst.shortfall)}, and e2e.mean about ${bias.toPrecision(2)} s, ` +
    `${(bias / halfWidth).toFixed(2)} of the interval's half-width: a ${pct(confidence)} interval that far off covers about ${pct(coverageWithBias(bias, halfWidth, confidence))}. ` +
    `A warm-up of ${suggested} s (warmup: ${suggested}s, horizon: ${sec(suggested + kept)}s keeps as many seconds) makes that bias negligible (docs/outputs.md, "Starting empty")`
  );
}
