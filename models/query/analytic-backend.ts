// The analytic backend: answers from closed forms in microseconds. Exact figures come back as a
// point interval; approximations (Allen-Cunneen) with their error band; anything the closed forms
// cannot describe is declined with the reason, and utilisation >= 1 is answered `unstable`.

import { analyseNetwork, type NetworkAnalysis } from '../analytic/network.js';
import type { Figure } from '../analytic/figures.js';
import { declined, lookup, type Lookup } from './analytic-lookup.js';
import { relativeHalfWidth, type Answer, type Query } from './types.js';

function usable(l: Lookup): Lookup {
  if (l.kind !== 'figure') return l;
  const f = l.figure;
  if (f.kind === 'none') return declined(f.why);
  if (f.kind === 'rough') return declined(`only a rough approximation is available (${f.why})`);
  return l;
}

/** The queueing models behind a metric: its agent's, or every agent's for network-wide metrics. */
function models(a: NetworkAnalysis, metric: string): string {
  if (a.kind !== 'ok') return '';
  const own = metric.startsWith('agent.') ? a.agents.get(metric.split('.')[1]!) : undefined;
  const list = own !== undefined ? [[metric.split('.')[1]!, own] as const] : [...a.agents.entries()];
  const shown = list.slice(0, 6).map(([name, x]) => `${name}: ${x.model}`);
  return list.length > shown.length ? `${shown.join(', ')}, ...` : shown.join(', ');
}

/** Analyses both sides once; answers every metric. */
export function answerAnalytic(q: Query, clock: () => number): Answer[] {
  const start = clock();
  const base = analyseNetwork(q.scenario.network);
  const cf = q.versus === undefined ? undefined : analyseNetwork(q.versus.network);
  return q.metrics.map((metric): Answer => {
    const common = {
      metric, unit: q.units.get(metric) ?? '', of: q.versus === undefined ? 'value' as const : 'difference' as const,
      confidence: q.confidence, backend: 'analytic' as const,
    };
    const done = () => clock() - start;
    const b = usable(lookup(base, q.scenario, metric));
    const v = cf === undefined || q.versus === undefined ? undefined : usable(lookup(cf, q.versus, metric));
    for (const [side, l] of [['', b], ['counterfactual: ', v]] as const) {
      if (l === undefined || l.kind === 'figure') continue;
      return { ...common, kind: l.kind, reason: `${side}${l.why}`, elapsedMs: done() };
    }
    const fb = (b as Extract<Lookup, { kind: 'figure' }>).figure as Exclude<Figure, { kind: 'none' | 'rough' }>;
    const lo = (f: typeof fb) => (f.kind === 'exact' ? f.value : f.low);
    const hi = (f: typeof fb) => (f.kind === 'exact' ? f.value : f.high);
    const method = (f: typeof fb) => (f.kind === 'exact' ? `exact closed form (${models(base, metric)})` : `approximate: ${f.method}`);
    if (v === undefined) {
      return {
        ...common, kind: 'estimate', estimate: fb.value, interval: [lo(fb), hi(fb)], precision: relativeHalfWidth(lo(fb), hi(fb), fb.value),
        exact: fb.kind === 'exact', reason: method(fb), elapsedMs: done(),
      };
    }
    const fv = (v as Extract<Lookup, { kind: 'figure' }>).figure as typeof fb;
    // Errors of two approximations may go either way, so the band of the difference is the widest one.
    const interval: [number, number] = [lo(fv) - hi(fb), hi(fv) - lo(fb)];
    const bothExact = fb.kind === 'exact' && fv.kind === 'exact';
    return {
      ...common, kind: 'estimate', estimate: fv.value - fb.value, interval, precision: relativeHalfWidth(interval[0], interval[1], fb.value),
      exact: bothExact, reason: bothExact ? 'exact closed form, both sides' : `scenario: ${method(fb)}; counterfactual: ${method(fv)}`, elapsedMs: done(),
    };
  });
}
