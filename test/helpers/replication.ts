// One replication of a hand-built network with request rows, an optional time series, its metrics
// and its raw statistics (capacity reports included), for engine tests that inspect mechanisms.

import { replicationMetrics } from '../../models/run/metrics.js';
import { replicationOptions } from '../../models/run/replicate.js';
import { Replication } from '../../sim/network/engine.js';
import type { NetworkSpec } from '../../sim/network/spec.js';
import { scenarioOf } from './specs.js';

export function runOne(net: NetworkSpec, horizon: number, opts: { warmup?: number; replication?: number; window?: number } = {}) {
  const warmup = opts.warmup ?? 0;
  const s = scenarioOf(net, { horizon, warmup });
  const rep = new Replication(net, replicationOptions(s, opts.replication ?? 0, warmup, { timeseriesWindow: opts.window ?? 0, traceRequests: true }));
  rep.advance(Infinity, Infinity);
  const stats = rep.snapshot();
  const metrics = replicationMetrics(net, stats);
  const get = (name: string) => {
    const m = metrics.find((x) => x.name === name);
    if (m === undefined) throw new Error(`no metric ${name}; have ${metrics.map((x) => x.name).join(', ')}`);
    return m.value;
  };
  return { get, metrics, stats, rows: stats.requests!, ts: stats.timeseries, capacity: stats.capacity! };
}
