// The analytic model of a whole network: every agent's metrics and outgoing flows, every class's
// end-to-end figures, each tagged exact or approximate. Exact where queueing theory is: M/M/c nodes
// of a (multi-class) Jackson network, M/G/1 and M/M/c/K with Poisson input (and M/H2/1's sojourn-time
// distribution); Allen-Cunneen with QNA arrival variability otherwise.

import { allenCunneenWait, departureScv, splitScv, waitBand } from './approximations.js';
import { approximate, demote, exact, none, rough, weightedSum, type Figure } from './figures.js';
import { analyseFlows, FAILED, type Flows } from './flows.js';
import { unsupportedFeatures } from './scope.js';
import { mh21Sojourn, mmcSojourn, exponentialSum, quantile, type PhaseType } from './phase-type.js';
import { erlangC, mg1, mmc, mmck } from './queues.js';
import type { NetworkSpec } from '../../sim/network/spec.js';
import { ExponentialSampler, HyperexponentialSampler } from '../../sim/random/distributions.js';

export interface AgentFigures {
  /** Kendall notation of the model used, e.g. M/M/4, M/G/1, G/G/3 (Allen-Cunneen). */
  readonly model: string;
  readonly arrivalRate: number;
  readonly wait: Figure;
  /** Probability that a visit served waits for a server. */
  readonly waitProbability: Figure;
  readonly service: Figure;
  readonly sojourn: Figure;
  readonly sojournP95: Figure;
  readonly utilization: Figure;
  readonly queue: Figure;
  readonly throughput: Figure;
  readonly blocking: Figure;
  /** Requests sent per second to each agent (by name) or to 'exit': the agent's effect on others. */
  readonly out: ReadonlyMap<string, Figure>;
}

export interface LatencyFigures {
  readonly mean: Figure;
  /** p50, p95, p99 */
  readonly percentiles: ReadonlyMap<string, Figure>;
}

export interface ClassFigures extends LatencyFigures {
  readonly throughput: Figure;
  /** Fractions of arriving requests rejected by a full agent, and ended by a failed call. */
  readonly rejectedFraction: Figure;
  readonly failedFraction: Figure;
}

export type NetworkAnalysis =
  | { readonly kind: 'unsupported'; readonly reasons: readonly string[] }
  | { readonly kind: 'unstable'; readonly reasons: readonly string[] }
  | {
    readonly kind: 'ok';
    readonly agents: ReadonlyMap<string, AgentFigures>;
    readonly classes: ReadonlyMap<string, ClassFigures>;
    readonly overall: ClassFigures;
    /** Largest utilisation of any station (a feature for learners). */
    readonly maxUtilization: number;
  };

export const PERCENTILES: readonly (readonly [string, number])[] = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]];

export function analyseNetwork(spec: NetworkSpec): NetworkAnalysis {
  const unsupported = unsupportedFeatures(spec);
  if (unsupported.length > 0) return { kind: 'unsupported', reasons: unsupported };
  const result = analyseFlows(spec);
  if (result.kind === 'unbounded') {
    return { kind: 'unstable', reasons: result.classes.map((c) => `class '${c}' never leaves the network`) };
  }
  const f = result.flows;
  const n = spec.agents.length;
  const lambda = Array.from({ length: n }, (_, a) => f.arrivals.reduce((s, row) => s + row[a]!, 0));
  const unstable: string[] = [];
  f.nodes.forEach((node, a) => {
    if (node.kind !== 'station' || Number.isFinite(node.capacity)) return;
    const rho = (lambda[a]! * node.service.mean) / node.servers;
    if (rho >= 1) unstable.push(`agent '${spec.agents[a]!.name}' is offered utilisation ${rho.toPrecision(4)} >= 1`);
  });
  if (unstable.length > 0) return { kind: 'unstable', reasons: unstable };

  const exactness = classify(f);
  const scv = arrivalScv(f, lambda);
  const agents = new Map<string, AgentFigures>();
  const sojourns: Figure[] = [];
  const phases: (PhaseType | undefined)[] = [];
  spec.agents.forEach((agent, a) => {
    const r = agentFigures(f, a, lambda[a]!, scv[a]!, exactness);
    sojourns.push(r.figures.sojourn);
    phases.push(r.phases);
    agents.set(agent.name, { ...r.figures, out: outFlows(spec, f, a, exactness.ratesExact[a]!) });
  });
  const classes = new Map<string, ClassFigures>();
  const latency = seriesLatency(spec, f, phases);
  spec.classes.forEach((c, ci) => classes.set(c.name, classFigures(f, ci, sojourns, exactness.lossExact, latency)));
  const overall = overallFigures(f, [...classes.values()], exactness.lossExact, latency);
  let maxUtilization = 0;
  for (const x of agents.values()) if (x.utilization.kind !== 'none') maxUtilization = Math.max(maxUtilization, x.utilization.value);
  return { kind: 'ok', agents, classes, overall, maxUtilization };
}

interface Exactness {
  readonly mmc: readonly boolean[];
  readonly poissonInput: readonly boolean[];
  readonly ratesExact: readonly boolean[];
  /** Every loss probability is exact (true when nothing can be lost). */
  readonly lossExact: boolean;
}

/**
 * Which agents the closed forms describe exactly. A node whose ancestors (and itself) are
 * exponential infinite-capacity stations or routers fed by Poisson classes, with no join upstream,
 * is an M/M/c node of a product-form network. If it is also off every cycle, its input is Poisson
 * (Melamed: a flow is Poisson iff its link is on no loop), so M/G/1 and M/M/c/K hold there.
 */
function classify(f: Flows): Exactness {
  const n = f.nodes.length;
  const jacksonNode = f.nodes.map((x) => x.kind !== 'station' || (x.exponential && !Number.isFinite(x.capacity)));
  const entryPoisson = new Array<boolean>(n).fill(true);
  f.entries.forEach((a, ci) => { if (!f.classPoisson[ci]) entryPoisson[a] = false; });
  const clean = Array.from({ length: n }, (_, a) => entryPoisson[a]! && !f.afterJoin[a]);
  const upstreamOk = Array.from({ length: n }, (_, a) => clean[a]! && f.ancestors[a]!.every((u) => jacksonNode[u]! && clean[u]!));
  const mmcExact = f.nodes.map((x, a) => x.kind === 'station' && jacksonNode[a]! && upstreamOk[a]!);
  const poissonInput = upstreamOk.map((ok, a) => ok && !f.onCycle[a]);
  const lossy = f.nodes.map((x) => x.kind === 'station' && Number.isFinite(x.capacity));
  const lossExactAt = f.nodes.map((x, a) => !lossy[a] || (x.kind === 'station' && x.exponential && poissonInput[a]!));
  const ratesExact = Array.from({ length: n }, (_, a) => lossExactAt[a]! && f.ancestors[a]!.every((u) => lossExactAt[u]!));
  return { mmc: mmcExact, poissonInput, ratesExact, lossExact: lossExactAt.every(Boolean) };
}

/** QNA: squared cv of each agent's arrivals, by fixed-point iteration over the flow equations. */
export function arrivalScv(f: Flows, lambda: readonly number[]): number[] {
  const n = f.nodes.length;
  const ca2 = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < 200; iteration++) {
    const num = new Array<number>(n).fill(0);
    const den = new Array<number>(n).fill(0);
    f.edges.forEach((edges, ci) => {
      const entry = f.entries[ci]!;
      num[entry]! += f.classRates[ci]! * f.classScv[ci]!;
      den[entry]! += f.classRates[ci]!;
      for (const e of edges) {
        if (e.to < 0) continue;
        const node = f.nodes[e.from]!;
        const thr = f.arrivals[ci]![e.from]! * f.acceptance[e.from]!;
        const rho = node.kind === 'station' ? (lambda[e.from]! * f.acceptance[e.from]! * node.service.mean) / node.servers : 0;
        const queues = node.kind === 'station' && node.service.mean > 0;
        const cs2 = queues ? node.service.variance / (node.service.mean * node.service.mean) : 1;
        // Routers, infinite-server delays and stations that take no time pass the arrival variability on.
        const cd2 = queues ? departureScv(Math.min(rho, 1), node.servers, ca2[e.from]!, cs2) : ca2[e.from]!;
        const c2 = e.via === 'join' ? 1 : splitScv(Math.min(1, e.weight), cd2);
        num[e.to]! += thr * e.weight * c2;
        den[e.to]! += thr * e.weight;
      }
    });
    let change = 0;
    for (let a = 0; a < n; a++) {
      const next = den[a]! > 0 ? num[a]! / den[a]! : 1;
      change = Math.max(change, Math.abs(next - ca2[a]!));
      ca2[a] = next;
    }
    if (change < 1e-12) break;
  }
  return ca2;
}

function agentFigures(f: Flows, a: number, lambda: number, ca2: number, x: Exactness): { figures: Omit<AgentFigures, 'out'>; phases: PhaseType | undefined } {
  const node = f.nodes[a]!;
  const accept = f.acceptance[a]!;
  const ratesWhy = 'arrival rates depend on approximate losses upstream';
  const byRates = (fig: Figure): Figure => (x.ratesExact[a] ? fig : demote(fig, ratesWhy));
  if (node.kind === 'delay') {
    const t = node.time;
    const p95 = t.variance === 0 ? exact(t.mean) : t instanceof ExponentialSampler ? exact(-t.mean * Math.log(0.05)) : none('the 95th percentile of this lookup-time distribution has no closed form here');
    return {
      figures: {
        model: 'M/G/inf (cache lookup)', arrivalRate: lambda, wait: exact(0), waitProbability: exact(0), service: exact(t.mean), sojourn: exact(t.mean), sojournP95: p95, queue: exact(0), blocking: exact(0),
        utilization: none('a cache has no servers'), throughput: byRates(exact(lambda)),
      },
      phases: undefined,
    };
  }
  if (node.kind === 'router') {
    const zero = exact(0);
    return {
      figures: {
        model: 'router', arrivalRate: lambda, wait: zero, waitProbability: zero, service: zero, sojourn: zero, sojournP95: zero, queue: zero, blocking: zero,
        utilization: none('a router has no servers'), throughput: byRates(exact(lambda)),
      },
      phases: undefined,
    };
  }
  const { servers: c, capacity: K, service } = node;
  const mean = service.mean;
  const cs2 = service.variance / (mean * mean);
  const thr = lambda * accept;
  const common = { arrivalRate: lambda, service: exact(mean), throughput: byRates(exact(thr)), utilization: byRates(exact((thr * mean) / c)) };
  const withWait = (model: string, wait: Figure, waitProbability: Figure, blocking: Figure, p95: Figure, phases?: PhaseType) => ({
    figures: {
      ...common, model, blocking: byRates(blocking), sojournP95: p95, waitProbability: byRates(waitProbability),
      wait: byRates(wait), sojourn: byRates(weightedSum([[1, wait], [1, exact(mean)]])), queue: byRates(weightedSum([[thr, wait]])),
    },
    phases,
  });
  const p95Why = 'the sojourn-time distribution is exact only at M/M/c nodes of a Jackson network and at M/H2/1 nodes';
  if (Number.isFinite(K)) {
    const m = mmck(lambda, 1 / mean, c, K);
    if (node.exponential && x.poissonInput[a]) return withWait(`M/M/${c}/${K}`, exact(m.wait), exact(m.waitProbability), exact(m.blocking), none(p95Why));
    const why = node.exponential ? 'M/M/c/K formulas with non-Poisson input' : 'M/M/c/K formulas for non-exponential service';
    return withWait(`G/G/${c}/${K} (rough)`, rough(m.wait, why), rough(m.waitProbability, why), rough(m.blocking, why), none(p95Why));
  }
  if (x.mmc[a]) {
    const m = mmc(lambda, 1 / mean, c);
    const phases = mmcSojourn(1 / mean, c / mean - lambda, erlangC(c, lambda * mean));
    return withWait(`M/M/${c}`, exact(m.wait), exact(m.waitProbability), exact(0), exact(quantile(phases, 0.95)), phases);
  }
  if (c === 1 && x.poissonInput[a]) {
    const m = mg1(lambda, mean, service.variance);
    if (!(service instanceof HyperexponentialSampler)) return withWait(`M/G/1`, exact(m.wait), exact(m.waitProbability), exact(0), none(p95Why));
    const phases = mh21Sojourn(lambda, mean, cs2);
    return withWait(`M/G/1`, exact(m.wait), exact(m.waitProbability), exact(0), exact(quantile(phases, 0.95)), phases);
  }
  const w = allenCunneenWait(lambda, mean, c, ca2, cs2);
  const band = waitBand(ca2);
  const method = `Allen-Cunneen G/G/${c} with arrival scv ${ca2.toFixed(3)} (QNA), wait band x${band.low}..x${band.high}`;
  return withWait(`G/G/${c} (Allen-Cunneen)`, approximate(w, w * band.low, w * band.high, method), none('the probability of waiting has a closed form only for M/M/c, M/M/c/K and M/G/1 nodes'), exact(0), none(p95Why));
}

function outFlows(spec: NetworkSpec, f: Flows, a: number, ratesExact: boolean): Map<string, Figure> {
  const rates = new Map<string, number>();
  f.edges.forEach((edges, ci) => {
    const thr = f.arrivals[ci]![a]! * f.acceptance[a]!;
    for (const e of edges) {
      if (e.from !== a || e.to === FAILED) continue;
      const to = e.to < 0 ? 'exit' : spec.agents[e.to]!.name;
      rates.set(to, (rates.get(to) ?? 0) + thr * e.weight);
    }
  });
  const out = new Map<string, Figure>();
  for (const [to, r] of rates) out.set(to, ratesExact ? exact(r) : rough(r, 'arrival rates depend on approximate losses upstream'));
  return out;
}

/**
 * The end-to-end latency distribution when every request crosses the same series of agents once:
 * one M/M/c or M/H2/1 node, or M/M/1 nodes whose sojourn times are independent (Reich;
 * Walrand-Varaiya for overtake-free paths), summed as exponentials. Undefined otherwise.
 */
function seriesLatency(spec: NetworkSpec, f: Flows, phases: readonly (PhaseType | undefined)[]): PhaseType | undefined {
  let path: number[] | undefined;
  for (let ci = 0; ci < spec.classes.length; ci++) {
    const p: number[] = [];
    let at = f.entries[ci]!;
    while (at >= 0) {
      if (p.includes(at)) return undefined;
      p.push(at);
      const out = f.edges[ci]!.filter((e) => e.from === at);
      if (out.length !== 1 || out[0]!.via !== 'route' || out[0]!.weight !== 1) return undefined;
      at = out[0]!.to;
    }
    if (path !== undefined && path.join() !== p.join()) return undefined;
    path = p;
  }
  const stations = (path ?? []).filter((a) => f.nodes[a]!.kind === 'station');
  if (stations.some((a) => phases[a] === undefined)) return undefined;
  if (stations.length === 1) return phases[stations[0]!];
  const rates: number[] = [];
  for (const a of stations) {
    const node = f.nodes[a]!;
    if (node.kind !== 'station' || node.servers !== 1 || !node.exponential) return undefined;
    const lambda = f.arrivals.reduce((s, row) => s + row[a]!, 0);
    rates.push(1 / node.service.mean - lambda);
  }
  return rates.length === 0 ? undefined : exponentialSum(rates);
}

function latencyPercentiles(latency: PhaseType | undefined): Map<string, Figure> {
  const why = 'end-to-end percentiles are exact only for one M/M/c or M/H2/1 agent or a series of M/M/1 agents, each visited once';
  return new Map(PERCENTILES.map(([label, p]) => [label, latency === undefined ? none(why) : exact(quantile(latency, p))]));
}

function classFigures(f: Flows, ci: number, sojourns: readonly Figure[], lossExact: boolean, latency: PhaseType | undefined): ClassFigures {
  const rate = f.classRates[ci]!;
  const row = f.arrivals[ci]!;
  const rejected = row.reduce((s, x, a) => s + x * (1 - f.acceptance[a]!), 0) / rate;
  let failed = 0;
  for (const e of f.edges[ci]!) if (e.to === FAILED) failed += (row[e.from]! * f.acceptance[e.from]! * e.weight) / rate;
  const lossWhy = 'losses at agents whose input is not Poisson are approximate';
  const byLoss = (fig: Figure): Figure => (lossExact ? fig : demote(fig, lossWhy));
  // Visits served per completed request: end-to-end latency is measured on completed requests only.
  const completed = rate * (1 - rejected - failed);
  const visits = row.map((x, a) => [(x * f.acceptance[a]!) / completed, sojourns[a]!] as const);
  let mean = completed > 0 ? weightedSum(visits) : none('no request of the class completes');
  if (f.edges[ci]!.some((e) => e.via === 'branch')) mean = demote(mean, 'fork/join latency is a maximum over branches, counted here as their sum');
  else if (rejected + failed > 0 && visits.filter(([v]) => v > 0).length > 1) mean = demote(mean, 'requests lost or failed part-way do not count in end-to-end latency');
  return {
    mean, percentiles: latencyPercentiles(latency), throughput: byLoss(exact(rate * (1 - rejected - failed))),
    rejectedFraction: byLoss(exact(rejected)), failedFraction: byLoss(exact(failed)),
  };
}

function overallFigures(f: Flows, classes: readonly ClassFigures[], lossExact: boolean, latency: PhaseType | undefined): ClassFigures {
  const total = f.classRates.reduce((s, r) => s + r, 0);
  const throughput = weightedSum(classes.map((c) => [1, c.throughput] as const));
  const rejectedFraction = weightedSum(classes.map((c, ci) => [f.classRates[ci]! / total, c.rejectedFraction] as const));
  const failedFraction = weightedSum(classes.map((c, ci) => [f.classRates[ci]! / total, c.failedFraction] as const));
  const thr = classes.map((c) => (c.throughput.kind === 'none' ? 0 : c.throughput.value));
  const sum = thr.reduce((s, x) => s + x, 0);
  let mean = weightedSum(classes.map((c, ci) => [thr[ci]! / sum, c.mean] as const));
  if (!lossExact) mean = demote(mean, 'completion shares of the classes depend on approximate losses');
  return { mean, percentiles: latencyPercentiles(latency), throughput, rejectedFraction, failedFraction };
}
