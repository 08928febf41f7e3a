// What to say when a mean time likely reads low because every replication starts empty and is short
// against the time a busy queue takes to fill (models/analytic/start-bias.ts). The bias is a
// heavy-traffic estimate, so it is only said when it would cost the interval more than a point of
// coverage; it then says by how much, and the warm-up after which it would cost less than a tenth
// of a point. `run` says it of e2e.mean; the sampled query backend of each mean time it answers.

import { meanModel } from '../analytic/mean-model.js';
import { metricStartBias, type MetricStartBias } from '../analytic/start-bias.js';
import { normalCdf, normalQuantile } from '../analysis/interval.js';
import type { Scenario } from '../scenario/index.js';

/** Coverage a bias may cost before it is worth saying. */
const COVERAGE_LOSS = 0.01;
/** Coverage a bias may cost with the warm-up suggested: little enough that a rerun's own half-width, smaller or larger, does not warn again. */
const NEGLIGIBLE_LOSS = 0.001;

/**
 * How often an interval of half-width `halfWidth` at `confidence` covers when its estimate is
 * normal and `bias` off centre: Φ(z − δ) − Φ(−z − δ), δ = z · bias / halfWidth.
 */
export function coverageWithBias(bias: number, halfWidth: number, confidence: number): number {
  const z = normalQuantile((1 + confidence) / 2);
  const d = (z * Math.abs(bias)) / halfWidth;
  return normalCdf(z - d) - normalCdf(-z - d);
}

/** One side of a figure: its scenario, and the warm-up it ran with. */
export interface RunSide {
  readonly scenario: Scenario;
  readonly warmup: number;
}

export interface StartBias {
  /** Seconds the figure lacks (a difference: the counterfactual's lack less the scenario's; negative, it reads high). */
  readonly seconds: number;
  /** The station that lacks most, on the side that lacks most. */
  readonly worst: MetricStartBias['stations'][number] & { readonly name: string };
  /** How often an interval of the figure's half-width, that far off, covers. */
  readonly coverage: number;
  /** A warm-up, for every side, after which the same kept seconds lack a negligible share. */
  readonly warmup: number;
}

/**
 * The start-from-empty bias of `metric` estimated as a value (one side) or a difference (the second
 * side less the first), with an interval of `halfWidth` at `confidence`; undefined when a side is
 * outside the analytic model's scope, the metric is not a mean time, or the bias costs at most a
 * point of coverage.
 */
export function startBias(metric: string, sides: readonly RunSide[], halfWidth: number, confidence: number): StartBias | undefined {
  const lacks = sides.map(({ scenario: s }) => {
    const model = s.coordination === undefined ? meanModel(s.network) : undefined;
    return model === undefined ? undefined : metricStartBias(model, s.network, metric);
  });
  if (!(halfWidth > 0) || lacks.some((l) => l === undefined)) return undefined;
  const sign = (k: number) => (k === 0 && sides.length === 2 ? -1 : 1);
  const now = sides.map((side, k) => lacks[k]!(side.warmup, side.scenario.horizon));
  const seconds = now.reduce((sum, l, k) => sum + sign(k) * l.seconds, 0);
  if (confidence - coverageWithBias(seconds, halfWidth, confidence) <= COVERAGE_LOSS) return undefined;
  // With warm-up w on every side, keeping as many seconds: bisection, the bias falling as w grows.
  const at = (w: number) => sides.reduce((sum, side, k) => sum + sign(k) * lacks[k]!(w, w + side.scenario.horizon - side.warmup).seconds, 0);
  const enough = (w: number) => confidence - coverageWithBias(at(w), halfWidth, confidence) <= NEGLIGIBLE_LOSS;
  const side = now.reduce((best, l, k) => (l.seconds > now[best]!.seconds ? k : best), 0);
  const worst = now[side]!.stations[0]!;
  let [lo, hi] = [Math.min(...sides.map((s) => s.warmup)), Math.max(...sides.map((s) => s.warmup)) + worst.relaxation];
  while (!enough(hi)) [lo, hi] = [hi, 2 * hi];
  for (let i = 0; i < 50 && hi - lo > 1e-3 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  const name = sides[side]!.scenario.network.agents[worst.agent]!.name;
  return { seconds, worst: { ...worst, name }, coverage: coverageWithBias(seconds, halfWidth, confidence), warmup: roundUp(hi) };
}

/** `run`'s warning for its e2e.mean interval (null: none, no warning). */
export function startBiasWarning(scenario: Scenario, warmup: number, interval: readonly [number, number] | null): string | undefined {
  if (interval === null) return undefined;
  const halfWidth = (interval[1] - interval[0]) / 2;
  const b = startBias('e2e.mean', [{ scenario, warmup }], halfWidth, scenario.confidence);
  if (b === undefined) return undefined;
  const kept = scenario.horizon - warmup;
  return (
    `e2e.mean likely reads low: every replication starts empty, and ${filling(b)}; ` +
    `over the ${sec(kept)} s kept after a ${sec(warmup)} s warm-up its mean wait lacks about ${pct(b.worst.shortfall)}, and e2e.mean about ${b.seconds.toPrecision(2)} s, ` +
    `${(b.seconds / halfWidth).toFixed(2)} of the interval's half-width: a ${pct(scenario.confidence)} interval that far off covers about ${pct(b.coverage)}. ` +
    `A warm-up of ${b.warmup} s (warmup: ${b.warmup}s, horizon: ${sec(b.warmup + kept)}s keeps as many seconds) makes that bias negligible (docs/outputs.md, "Starting empty")`
  );
}

/** The sampled query backend's words for an answer's reason. */
export function startBiasNote(b: StartBias, halfWidth: number, confidence: number, difference: boolean): string {
  const reads = b.seconds > 0 ? 'low' : 'high';
  const covers = b.coverage < 0.001 ? 'under 0.1%' : `about ${pct(b.coverage)}`;
  return (
    `likely reads ${reads} by about ${Math.abs(b.seconds).toPrecision(2)} s (${(Math.abs(b.seconds) / halfWidth).toFixed(2)} of the half-width: a ${pct(confidence)} interval that far off covers ${covers}): ` +
    `replications start empty${difference ? ' on both sides' : ''}, and ${filling(b)}; a warm-up of ${b.warmup} s${difference ? ' on both sides' : ''} makes that bias negligible (docs/outputs.md, "Starting empty")`
  );
}

const filling = (b: StartBias): string =>
  `agent '${b.worst.name}' (utilisation ${b.worst.utilisation.toFixed(2)}) takes about ${roundUp(b.worst.relaxation)} s to approach steady state (its heavy-traffic relaxation time)`;

/** Up to two significant digits, rounded up: a warm-up or horizon to suggest. */
export function roundUp(x: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / unit) * unit;
}

export const pct = (x: number): string => `${(100 * x).toPrecision(2)}%`;
export const sec = (x: number): string => String(Number(x.toPrecision(4)));
