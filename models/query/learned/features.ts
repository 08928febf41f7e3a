// Inputs of a learned predictor: the knobs (scaled to their ranges) and the analytic backend's own
// estimates at that point, so the learner corrects the analytic model (analytic-ML fusion) rather
// than learning queueing behaviour from the raw knobs.

import { analyseNetwork, type NetworkAnalysis } from '../../analytic/network.js';
import type { Scenario } from '../../scenario/index.js';
import { lookup } from '../analytic-lookup.js';
import { unit, type Knob } from './knobs.js';

export interface Features {
  readonly x: number[];
  /** The analytic estimate the prediction is relative to; undefined when there is none. */
  readonly base: number | undefined;
}

/** A metric's analytic value, even rough; for a percentile without one, the matching mean. */
function analyticValue(a: NetworkAnalysis, s: Scenario, metric: string): number | undefined {
  const value = (m: string): number | undefined => {
    const l = lookup(a, s, m);
    if (l.kind !== 'figure' || l.figure.kind === 'none') return undefined;
    return Number.isFinite(l.figure.value) && l.figure.value > 0 ? l.figure.value : undefined;
  };
  const direct = value(metric);
  if (direct !== undefined || !/\.p\d+$/.test(metric)) return direct;
  return value(metric.replace(/\.p\d+$/, '.mean'));
}

/** `analysis` is analyseNetwork(scenario.network), passed in so several metrics share one. */
export function features(knobs: readonly Knob[], values: readonly number[], scenario: Scenario, metric: string, analysis?: NetworkAnalysis): Features {
  const a = analysis ?? analyseNetwork(scenario.network);
  const x = knobs.map((k, i) => unit(k, values[i]!));
  if (a.kind !== 'ok') return { x: [...x, 0, 0], base: undefined };
  const base = analyticValue(a, scenario, metric);
  return { x: [...x, base === undefined ? 0 : Math.log(base), a.maxUtilization], base };
}
