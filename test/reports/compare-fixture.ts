// A comparison document with every kind of row a report must draw: each verdict, ratio and
// fraction gates, a gate whose change could not be measured, SLOs on both bounds and one with a
// limit of 0. Verdicts follow the classification rule of models/compare/verdict.ts.

import type { CompareDocument, GateRow, SloRow } from '../../models/compare/report.js';
import { bandOf, classify } from '../../models/compare/verdict.js';

type GateInput = Omit<GateRow, 'verdict' | 'n' | 'correlation' | 'note'> & { note?: string };

/** The row with the verdict the procedure would give its interval (change shown as in the JSON). */
function gate(g: GateInput): GateRow {
  const [lo, hi] = g.interval ?? [g.change, g.change];
  let verdict: GateRow['verdict'] = 'inconclusive';
  if (lo !== null && hi !== null) {
    // Back to the compared scale (log ratio or difference), oriented so that + is worse.
    const d = (x: number) => (g.scale === 'relative' ? Math.log1p(x) : x);
    const [wl, wu] = g.worse === 'higher' ? [d(lo), d(hi)] : [-d(hi), -d(lo)];
    verdict = classify(wl, wu, bandOf(g));
  }
  return { ...g, n: 20, correlation: 0.97, verdict, note: g.note ?? null };
}

function slo(s: Omit<SloRow, 'verdict' | 'n'>): SloRow {
  const [lo, hi] = s.interval === null ? [s.estimate!, s.estimate!] : [s.interval[0]!, s.interval[1]!];
  const [inside, beyond] = s.bound === 'max' ? [hi <= s.limit, lo > s.limit] : [lo >= s.limit, hi < s.limit];
  return { ...s, n: 20, verdict: beyond ? 'violated' : inside ? 'met' : 'inconclusive' };
}

export const FIXTURE_GATES: readonly GateRow[] = [
  gate({ metric: 'e2e.p95', unit: 's', worse: 'higher', scale: 'relative', tolerance: 0.02, baseline: 6.58, candidate: 7.38, change: 0.1219, interval: [0.1011, 0.143] }),
  gate({ metric: 'e2e.mean', unit: 's', worse: 'higher', scale: 'relative', tolerance: 0.02, baseline: 1.976, candidate: 1.954, change: -0.011, interval: [-0.0174, -0.0045] }),
  gate({ metric: 'throughput', unit: '1/s', worse: 'lower', scale: 'relative', tolerance: 0.02, baseline: 11.92, candidate: 11.92, change: -0.0001, interval: [-0.0006, 0.0004] }),
  gate({ metric: 'cost.per_task.mean', unit: 'USD', worse: 'higher', scale: 'relative', tolerance: 0.02, baseline: 0.1648, candidate: 0.1352, change: -0.18, interval: [-0.1885, -0.1715] }),
  gate({ metric: 'class.chat.e2e.p99', unit: 's', worse: 'higher', scale: 'relative', tolerance: 0.05, baseline: 9.1, candidate: 9.4, change: 0.03, interval: [-0.01, 0.07] }),
  gate({ metric: 'class.batch.e2e.p95', unit: 's', worse: 'higher', scale: 'relative', tolerance: 0.02, baseline: 0, candidate: 1.2, change: null, interval: [null, null], note: '3 replication(s) measured 0 on one side only, so the ratio is undefined' }),
  gate({ metric: 'rejected.fraction', unit: '', worse: 'higher', scale: 'absolute', tolerance: 0.005, baseline: 0.01, candidate: 0.008, change: -0.002, interval: [-0.007, 0.003] }),
  gate({ metric: 'error.rate', unit: '', worse: 'higher', scale: 'absolute', tolerance: 0.005, baseline: 0.007, candidate: 0.019, change: 0.012, interval: [0.008, 0.016] }),
];

export const FIXTURE_SLOS: readonly SloRow[] = [
  slo({ metric: 'e2e.p95', bound: 'max', limit: 8, text: '8s', unit: 's', estimate: 7.38, interval: [7.2, 7.55] }),
  slo({ metric: 'cost.per_task.mean', bound: 'max', limit: 0.15, text: '0.15', unit: 'USD', estimate: 0.2374, interval: [0.2335, 0.2412] }),
  slo({ metric: 'throughput', bound: 'min', limit: 11, text: '11/s', unit: '1/s', estimate: 11.92, interval: [11.78, 12.06] }),
  slo({ metric: 'e2e.p99', bound: 'max', limit: 10, text: '10s', unit: 's', estimate: 9.9, interval: [9.5, 10.3] }),
  slo({ metric: 'rejected.fraction', bound: 'max', limit: 0, text: '0', unit: '', estimate: 0, interval: [0, 0] }),
];

export function compareFixture(over: Partial<CompareDocument> = {}): CompareDocument {
  const side = (file: string, fingerprint: string) => ({ source: 'scenario' as const, file, scenario: 'support-desk', fingerprint, seed: 5, apmsim: '0.1.0', overrides: [] });
  return {
    apmsim: '0.1.0', command: null, outcome: 'fail', baseline: side('main.yaml', 'sha256:aa'), candidate: side('pr.yaml', 'sha256:bb'),
    pairing: 'common-random-numbers', replications: 20, looks: [20], maxLooks: 10, confidence: 0.98, level: 1 - 0.02 / 130, limit: null,
    gates: FIXTURE_GATES, slos: FIXTURE_SLOS, warnings: ['the sides are measured differently (horizon 1200 s and 600 s)'],
    ...over,
  };
}

const estimate = (e: number, half: number) => ({ estimate: e, interval: [e - half, e + half] as [number, number], halfWidth: half, sampleSize: 20, confidence: 0.98 });

/** Per-agent changes: the LLM agent's wait explains most of a +0.5 s change; the router did not move. */
export const FIXTURE_AGENTS = {
  e2eMean: estimate(0.5, 0.05),
  agents: [
    { agent: 'small-answer', wait: estimate(0.4, 0.04), service: estimate(0.05, 0.01), total: estimate(0.45, 0.045), contribution: 0.9 },
    { agent: 'retriever', wait: estimate(0.01, 0.005), service: estimate(0.02, 0.01), total: estimate(0.03, 0.012), contribution: 0.06 },
    { agent: 'router', wait: estimate(0, 0), service: estimate(0.0001, 0.0003), total: estimate(0.0001, 0.0003), contribution: 0.0002 },
  ],
  confidence: 0.98,
  note: 'time per completed request at each agent',
};

/** Two lognormal-ish curves at a few levels, the candidate 10 % slower; one level with no value. */
export const FIXTURE_LATENCY = {
  levels: [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999],
  confidence: 0.98,
  baseline: { replications: 20, estimate: [0.2, 0.5, 1.5, 4, 6, 9, null], lower: [0.19, 0.48, 1.45, 3.9, 5.8, 8.6, null], upper: [0.21, 0.52, 1.55, 4.1, 6.2, 9.4, null] },
  candidate: { replications: 20, estimate: [0.22, 0.55, 1.65, 4.4, 6.6, 9.9, 14], lower: [0.21, 0.53, 1.6, 4.3, 6.4, 9.5, 13], upper: [0.23, 0.57, 1.7, 4.5, 6.8, 10.3, 15] },
};
