// A calibrated model as scenario YAML, each fitted value with its sample size and fit figures in a
// comment. Stations have as many servers as requests could need at once (telemetry shows no line
// to join: a wait, where there was one, is in the agent's own time, station `<agent>.self`).
// Forks and a class's entry, when it has several first steps, are routers (they take no time).

import type { DistSpec } from '../../sim/random/dist-spec.js';
import type { ArrivalFit, CalibratedModel, StationFit } from './calibrate.js';
import type { Fit } from './fit.js';
import { EXIT, START } from './structure.js';

/** Servers of every calibrated station: telemetry gives no capacity, so none is imposed. */
export const UNLIMITED_SERVERS = 10_000;
/** Requests a replication should see: enough for p95 intervals of a few percent. */
const REQUESTS_PER_REPLICATION = 2000;

export interface ScenarioText {
  readonly text: string;
  /** Telemetry name (station, fork, class) to the scenario's name. */
  readonly names: ReadonlyMap<string, string>;
}

export function scenarioYaml(model: CalibratedModel, name: string, sources: readonly string[], seed: number): ScenarioText {
  const names = new Map<string, string>();
  const taken = new Set<string>(['exit']);
  const nameOf = (raw: string, prefix = ''): string => {
    const key = prefix + raw;
    const had = names.get(key);
    if (had !== undefined) return had;
    let base = raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'node';
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let out = base;
    for (let i = 2; taken.has(out); i++) out = `${base}_${i}`;
    taken.add(out);
    names.set(key, out);
    return out;
  };
  for (const s of model.stations) nameOf(s.name);
  const forks = new Map<string, readonly string[]>();
  for (const c of model.classes) for (const [f, heads] of c.routing.forks) forks.set(f, heads);
  let forkCount = 0;
  for (const f of forks.keys()) names.set(f, nameOf(`fork_${++forkCount}`, 'fork:'));

  const target = (node: string): string => (node === EXIT ? 'exit' : names.get(node)!);
  const next = (row: ReadonlyMap<string, number>, node: string): string => {
    const spec = distribution(row, target);
    const fork = forks.get(node);
    return fork === undefined ? spec : `{ fork: [${fork.map(target).join(', ')}], then: ${spec} }`;
  };

  const totalRate = model.classes.reduce((a, c) => a + c.arrivals.rate, 0);
  const horizon = REQUESTS_PER_REPLICATION / totalRate;
  const out: string[] = [];
  out.push(`# Calibrated by apmsim calibrate telemetry from ${sources.length <= 3 ? sources.join(', ') : `${sources.length} files (${sources.slice(0, 2).join(', ')}, ...)`}.`);
  out.push(`# ${model.classes.reduce((a, c) => a + c.requests, 0)} requests fitted. Each value says its sample size (n) and fit: the law with the least AIC`);
  out.push(`# among exponential, lognormal, gamma and Weibull, with its Kolmogorov-Smirnov distance D and p-value (the empirical`);
  out.push(`# distribution is kept when the best law's p < 0.01).`);
  if (model.unmodelled > 0) out.push(`# Not modelled: ${dur(model.unmodelled)} per request on average in spans that are neither agents, model calls nor tools.`);
  out.push(`name: ${yamlString(name)}`);
  out.push(`seed: ${seed}`);
  out.push(`horizon: ${dur(horizon)}   # about ${REQUESTS_PER_REPLICATION} requests per replication`);
  out.push(`warmup: ${dur(horizon / 10)}`);
  out.push('replications: 10');
  out.push('workload:');
  const entries = new Map<string, string>();
  for (const c of model.classes) {
    const cls = nameOf(c.name, 'class:');
    const start = c.routing.counts.get(START)!;
    const only = start.size === 1 ? [...start.keys()][0]! : undefined;
    const entry = only !== undefined && only !== EXIT ? target(only) : nameOf(`start_${c.name}`, 'start:');
    entries.set(c.name, entry);
    out.push(`  ${cls}:`);
    out.push(`    # ${c.requests} requests; arrivals fitted to ${c.arrivals.source}: ${fitNote(c.arrivals.gaps, dur, true)}`);
    out.push(`    arrivals: ${arrivalsYaml(c.arrivals)}`);
    out.push(`    entry: ${entry}`);
    if (model.classes.length > 1 && c !== model.classes[0]) {
      out.push('    routes:   # this class\'s own routing');
      for (const [node, row] of c.routing.counts) if (node !== START) out.push(`      ${target(node)}: ${next(row, node)}`);
      if (only === undefined) out.push(`      ${entry}: ${next(start, START)}`);
    }
  }
  out.push('agents:');
  // An agent's own next: from the largest class that visits it (other classes have routes).
  const rowOf = (node: string): ReadonlyMap<string, number> | undefined => {
    for (const c of model.classes) { const row = c.routing.counts.get(node); if (row !== undefined) return row; }
    return undefined;
  };
  for (const s of model.stations) {
    const row = rowOf(s.name);
    out.push(`  ${names.get(s.name)}:`);
    if (s.instant) {
      out.push(`    kind: router   # ${s.service.n} visits, all taking no time`);
    } else {
      out.push(`    # ${s.role === 'self' ? 'the agent\'s own time (outside its calls; the wait in its line when apmsim exported it)' : `${s.role} span`}: ${fitNote(s.service, dur)}`);
      if (s.tokensIn !== undefined) out.push(`    # input tokens per call: ${tokensNote(s.tokensIn)}`);
      if (s.tokensOut !== undefined) out.push(`    # output tokens per call: ${tokensNote(s.tokensOut)}`);
      out.push(`    servers: ${UNLIMITED_SERVERS}   # no capacity in telemetry: none imposed`);
      out.push(`    service: ${distYaml(s.service.dist)}`);
    }
    if (row !== undefined) out.push(`    next: ${next(row, s.name)}   # ${countsNote(row, target)}`);
  }
  for (const f of forks.keys()) {
    const row = rowOf(f)!;
    out.push(`  ${names.get(f)}:`);
    out.push(`    kind: router   # branches that ran in parallel (${countsNote(row, target)} after the join)`);
    out.push(`    next: ${next(row, f)}`);
  }
  for (const c of model.classes) {
    const entry = entries.get(c.name)!;
    if (names.get(`start:start_${c.name}`) !== entry) continue;
    const start = c.routing.counts.get(START)!;
    out.push(`  ${entry}:`);
    out.push(`    kind: router   # the first step of class '${c.name}' (${countsNote(start, target)})`);
    out.push(`    next: ${next(start, START)}`);
  }
  return { text: `${out.join('\n')}\n`, names };
}

/** A list of { to, p } from counts, p rounded to 9 decimals with the last making the sum exactly 1. */
function distribution(row: ReadonlyMap<string, number>, target: (node: string) => string): string {
  const entries = [...row].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 1) return target(entries[0]![0]);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  let used = 0;
  const items = entries.map(([node, n], i) => {
    const p = i === entries.length - 1 ? Math.round((1 - used) * 1e9) / 1e9 : Math.round((n / total) * 1e9) / 1e9;
    used += p;
    return `{ to: ${target(node)}, p: ${p} }`;
  });
  return `[${items.join(', ')}]`;
}

function countsNote(row: ReadonlyMap<string, number>, target: (node: string) => string): string {
  const total = [...row.values()].reduce((a, b) => a + b, 0);
  return `from ${total} transitions: ${[...row].map(([node, n]) => `${target(node)} ${n}`).join(', ')}`;
}

/** A fit in one line; for arrival gaps, where no empirical process exists, the best law stands in even when KS rejects it. */
/** A fit in words, its mean and sd shown by `show` (a duration, a token count). */
export function fitNote(f: Fit, show: (x: number) => string, gaps = false): string {
  const zeros = f.zeros > 0 ? `, ${f.zeros} of them 0` : '';
  if (f.chosen === 'constant') return `n=${f.n}, all equal`;
  const best = f.laws[0];
  const runner = f.laws[1];
  const aic = best === undefined ? '' : `; best ${best.law} (AIC ${best.aic.toFixed(1)}, KS D=${best.ks.toFixed(3)}, p=${best.ksP.toPrecision(2)})${runner === undefined ? '' : `, next ${runner.law} (AIC ${runner.aic.toFixed(1)})`}`;
  return `n=${f.n}${zeros}, mean ${show(f.mean)}, sd ${show(f.sd)}${aic}${f.chosen !== 'empirical' ? '' : gaps ? '; no law passes KS at 1%: the best stands in' : '; no law passes KS at 1%: empirical'}`;
}

function tokensNote(f: Fit): string {
  const law = f.laws[0];
  return `n=${f.n}, mean ${num(f.mean)}, sd ${num(f.sd)}${law === undefined ? '' : `; ${law.law} mean ${num(law.mean)} cv ${num(law.cv)} (KS D=${law.ks.toFixed(3)})`}`;
}

function arrivalsYaml(a: ArrivalFit): string {
  switch (a.process) {
    case 'poisson': return `{ process: poisson, rate: ${rate(a.rate)} }`;
    case 'deterministic': return `{ process: deterministic, rate: ${rate(a.rate)} }`;
    default: return `{ process: ${a.process}, rate: ${rate(a.rate)}, cv: ${num(a.cv)} }`;
  }
}

export function distYaml(d: DistSpec): string {
  switch (d.dist) {
    case 'exponential': return `{ dist: exponential, mean: ${dur(d.mean)} }`;
    case 'deterministic': return `{ dist: deterministic, value: ${dur(d.value)} }`;
    case 'lognormal': case 'gamma': case 'weibull': return `{ dist: ${d.dist}, mean: ${dur(d.mean)}, cv: ${num(d.cv)} }`;
    case 'empirical': return `{ dist: empirical, samples: [${d.samples.map(dur).join(', ')}] }`;
    case 'mixture': return `{ dist: mixture, components: [${d.components.map((c) => `{ weight: ${c.weight}, ${distYaml(c.of).slice(2)}`).join(', ')}] }`;
    default: throw new Error(`internal: no YAML for a fitted ${d.dist}`);
  }
}

const significant = (x: number, digits: number): string => String(Number(x.toPrecision(digits)));

/** A number as the scenario file keeps it: 6 significant digits. */
export const num = (x: number): string => significant(x, 6);

/** A duration in ms below a second, else in s, to `digits` significant digits; below a nanosecond it is 0. */
export function durationText(x: number, digits: number): string {
  if (!(x >= 1e-9)) return '0s';
  return x < 1 ? `${significant(x * 1e3, digits)}ms` : `${significant(x, digits)}s`;
}

/** A duration as the scenario file keeps it. */
export const dur = (x: number): string => durationText(x, 6);

function rate(r: number): string {
  return r >= 0.01 ? `${num(r)}/s` : r * 3600 >= 0.01 ? `${num(r * 3600)}/h` : `${num(r * 86400 * 7)}/week`;
}

function yamlString(s: string): string {
  return /^[A-Za-z0-9_ .-]+$/.test(s) ? s : JSON.stringify(s);
}
