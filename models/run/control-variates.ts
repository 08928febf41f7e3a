// Control variates for the mean waits and times of a run. A replication's mean wait follows what
// it happened to draw: one that met a few of a heavy tail's long services, or more arrivals than
// the declared rate, waits far longer than the average, and over 10 replications the t interval
// then sits too low and covers less than it says (docs/outputs.md). The scenario declares what
// each class's arrival rate and each service's mean E[S] and mean square E[S²] are; each replication
// says what it drew (class.<c>.arrival_rate, agent.<a>.service.mean and .scv). A metric's value in a
// replication is corrected by Σ b (observed − declared) over those quantities. The correction's
// expectation is 0 whatever the coefficients b, so it adds no bias; taking for b the gradient of
// the analytic model's value of the metric (models/analytic/mean-model.ts) makes it remove most of
// the luck of the draw.

import type { Scenario } from '../scenario/index.js';
import { meanModel, type MeanFigures, type MeanParameters } from '../analytic/mean-model.js';
import { edgeworthInterval } from '../analysis/interval.js';
import type { MetricInterval } from './metric-interval.js';

/** A declared quantity that a replication also measures. */
export type Quantity =
  | { readonly kind: 'arrival rate'; readonly class: string }
  | { readonly kind: 'service mean' | 'service second moment'; readonly agent: string };

export interface Control {
  readonly quantity: Quantity;
  readonly declared: number;
  readonly coefficient: number;
}

/** Relative step of the central differences. */
const STEP = 1e-6;

/** The controls of each metric that has them, by metric name; none outside the analytic model's scope. */
export function controlsOf(scenario: Scenario): ReadonlyMap<string, readonly Control[]> {
  const out = new Map<string, Control[]>();
  if (scenario.coordination !== undefined) return out;
  const spec = scenario.network;
  const model = meanModel(spec);
  if (model === undefined) return out;
  const d = model.declared;
  const name = (a: number) => spec.agents[a]!.name;
  const stations = spec.agents.flatMap((_, a) => (Number.isFinite(d.serviceMean[a]) ? [a] : []));
  const targets: readonly (readonly [string, (x: MeanFigures) => number])[] = [
    ['e2e.mean', (x) => x.e2e],
    ...spec.classes.map((c, ci) => [`class.${c.name}.e2e.mean`, (x: MeanFigures) => x.classE2e[ci]!] as const),
    ...stations.map((a) => [`agent.${name(a)}.wait.mean`, (x: MeanFigures) => x.wait[a]!] as const),
    ...stations.map((a) => [`agent.${name(a)}.sojourn.mean`, (x: MeanFigures) => x.sojourn[a]!] as const),
  ];
  const parameters: readonly { readonly quantity: Quantity; readonly field: keyof MeanParameters; readonly index: number }[] = [
    ...spec.classes.map((c, ci) => ({ quantity: { kind: 'arrival rate', class: c.name } as const, field: 'classRates' as const, index: ci })),
    ...stations.map((a) => ({ quantity: { kind: 'service mean', agent: name(a) } as const, field: 'serviceMean' as const, index: a })),
    ...stations.map((a) => ({ quantity: { kind: 'service second moment', agent: name(a) } as const, field: 'serviceSecondMoment' as const, index: a })),
  ];
  for (const { quantity, field, index } of parameters) {
    const declared = d[field][index]!;
    const at = (v: number) => model.evaluate({ ...d, [field]: d[field].map((x, i) => (i === index ? v : x)) });
    const h = STEP * declared;
    if (!(h > 0)) continue;
    const [up, down] = [at(declared + h), at(declared - h)];
    for (const [metric, value] of targets) {
      const coefficient = (value(up) - value(down)) / (2 * h);
      if (coefficient === 0 || !Number.isFinite(coefficient)) continue;
      out.set(metric, [...(out.get(metric) ?? []), { quantity, declared, coefficient }]);
    }
  }
  return out;
}

/** A replication's measurement of a quantity; NaN when it did not measure it. */
export type Observed = (q: Quantity) => number;

/** The metric's value corrected by its controls; NaN when a control was not measured. */
export function corrected(value: number, controls: readonly Control[], observed: Observed): number {
  let v = value;
  for (const c of controls) v -= c.coefficient * (observed(c.quantity) - c.declared);
  return v;
}

/** Where a replication's metrics hold each quantity (the second moment is mean² (1 + scv)). */
export function observedIn(metric: (name: string) => number): Observed {
  return (q) => {
    if (q.kind === 'arrival rate') return metric(`class.${q.class}.arrival_rate`);
    const mean = metric(`agent.${q.agent}.service.mean`);
    return q.kind === 'service mean' ? mean : mean * mean * (1 + metric(`agent.${q.agent}.service.scv`));
  };
}

/**
 * The estimate and interval of the replications' values corrected by their controls
 * (`measured(r, metric)`: replication r's value of a metric); undefined, for the plain interval,
 * when fewer than two replications measured the metric, all gave the same value, one of them did
 * not measure a control, or the corrections would take the estimate below 0 (a few extreme draws
 * in few replications). The interval is the t interval widened for the corrected values' skewness
 * and kurtosis (edgeworthInterval): symmetric, since Hall's correction, which moves the interval
 * towards the sample's tail, lowered coverage on corrected values; the queue's own skew that the
 * controls leave made the t interval cover 93.9 % for M/H2/1 with SCV 4, widened 94.8 % (docs/outputs.md).
 */
export function controlledInterval(
  values: readonly number[], controls: readonly Control[], measured: (r: number, metric: string) => number, confidence: number,
): MetricInterval | undefined {
  const adjusted: number[] = [];
  values.forEach((v, r) => {
    if (Number.isFinite(v)) adjusted.push(corrected(v, controls, observedIn((metric) => measured(r, metric))));
  });
  if (adjusted.length < 2 || values.every((v) => v === values[0]) || !adjusted.every(Number.isFinite)) return undefined;
  const est = edgeworthInterval(adjusted, confidence);
  if (!(est.estimate >= 0 && est.halfWidth > 0 && Number.isFinite(est.halfWidth))) return undefined;
  return {
    estimate: est.estimate,
    interval: [Math.max(0, est.interval[0]), est.interval[1]],
    note: `control variates: each replication corrected by how its draws (${describeControls(controls)}) differed from the declared rates and service moments; t interval widened for the corrected values' skewness and kurtosis (Edgeworth)`,
  };
}

/** How a results note names the controls: "arrivals of chat; service at server". */
function describeControls(controls: readonly Control[]): string {
  const classes = [...new Set(controls.flatMap((c) => (c.quantity.kind === 'arrival rate' ? [c.quantity.class] : [])))];
  const agents = [...new Set(controls.flatMap((c) => (c.quantity.kind === 'arrival rate' ? [] : [c.quantity.agent])))];
  return [classes.length > 0 ? `arrivals of ${classes.join(', ')}` : '', agents.length > 0 ? `service at ${agents.join(', ')}` : ''].filter((s) => s !== '').join('; ');
}
