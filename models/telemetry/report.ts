// What calibration found, in words: a short summary for the terminal, and the calibration report
// (Markdown): what was read and left out, each station's observed against fitted CDF, the routing
// graph with its probabilities and counts, the arrivals, and the held-out check.

import type { TelemetryCalibration } from './index.js';
import type { Fit } from './fit.js';
import { dur, durationText, fitNote, num } from './scenario-yaml.js';
import { EXIT } from './structure.js';

const f3 = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : '–');
/** A duration to 4 digits, as the other commands print figures. */
const short = (x: number): string => durationText(x, 4);

/** Traces read, kept and left out (each reason with its count and first example). */
export function tracesSummary(c: TelemetryCalibration): string[] {
  const lines = [`read ${c.spans} spans in ${c.traces.total} traces from ${c.formats.size} file(s) (${[...new Set(c.formats.values())].join(', ')}); ${c.traces.trees.length} complete traces used: ${c.fitted.length} fitted, ${c.heldOut.length} held out`];
  for (const [kind, issue] of c.traces.issues) {
    lines.push(`${kind === 'clock skew' || kind === 'duplicate span' ? 'kept' : 'left out'} ${issue.count} trace(s) with ${kind}; first: ${issue.first}`);
  }
  return lines;
}

export function checkSummary(c: TelemetryCalibration): string[] {
  const k = c.check;
  if (k === undefined) return ['held-out check: none (fewer than 2 traces held out; see --holdout)'];
  const lines = [`held-out check, e2e latency of ${k.observedCount} held-out traces vs ${k.simulatedCount} simulated requests (95% intervals):`];
  for (const cmp of k.comparisons) {
    const o = cmp.observed, s = cmp.simulated;
    lines.push(`  ${cmp.statistic.padEnd(4)}  observed ${short(o.estimate)} [${short(o.interval[0])}, ${short(o.interval[1])}]   simulated ${short(s.estimate)} [${short(s.interval[0])}, ${short(s.interval[1])}]   ${cmp.agrees ? 'agree' : 'DIFFER'}`);
  }
  const verdict = k.ksP < 0.05 ? 'the distributions differ at the 5% level' : 'no evidence at the 5% level that the distributions differ';
  lines.push(`  KS distance between observed and simulated e2e latency: ${k.ks.toFixed(3)}, p = ${k.ksP.toPrecision(2)}: ${verdict}`);
  return lines;
}

export function summary(c: TelemetryCalibration): string {
  const name = (s: { name: string }) => c.scenario.names.get(s.name) ?? s.name;
  const width = Math.max(0, ...c.model.stations.map((s) => name(s).length));
  const stations = c.model.stations.map((s) => `  ${name(s).padEnd(width)}  ${s.role.padEnd(5)} ${s.instant ? 'router (no time)' : fitNote(s.service, short)}`);
  return [...tracesSummary(c), `stations (${c.model.stations.length}):`, ...stations, ...checkSummary(c)].join('\n');
}

/** The fitted CDF of a station's service at x (the law's, mixed with the zeros' point mass). */
function fittedCdf(f: Fit, x: number): number {
  const law = f.laws[0];
  if (f.chosen === 'empirical' || f.chosen === 'constant' || law === undefined) return NaN;
  const p0 = f.zeros / f.n;
  return p0 + (1 - p0) * law.cdf(x);
}

export function reportMarkdown(c: TelemetryCalibration, title: string): string {
  const out: string[] = [`# Calibration report: ${title}`, '', ...tracesSummary(c).map((l) => `- ${l}`), ''];
  if (c.model.unmodelled > 0) out.push(`Own time of spans that are neither agents, model calls nor tools (not modelled): ${dur(c.model.unmodelled)} per request on average.`, '');
  out.push('## Stations', '');
  out.push('Service times are exclusive (a span minus its children). Laws by AIC (lower is better); KS p-values are conservative (fitted parameters).', '');
  for (const s of c.model.stations) {
    const name = c.scenario.names.get(s.name) ?? s.name;
    out.push(`### ${name} (${s.role})`, '', fitNote(s.service, dur), '');
    if (s.service.laws.length > 0) {
      out.push('| law | mean | cv | AIC | KS D | KS p |', '| --- | --- | --- | --- | --- | --- |');
      for (const l of s.service.laws) out.push(`| ${l.law} | ${dur(l.mean)} | ${f3(l.cv)} | ${l.aic.toFixed(1)} | ${l.ks.toFixed(3)} | ${l.ksP.toPrecision(2)} |`);
      out.push('');
      out.push('Observed against fitted CDF at the observed deciles:', '', '| x | observed F | fitted F |', '| --- | --- | --- |');
      const xs = s.observed;
      for (let q = 1; q <= 9; q++) {
        const x = xs[Math.min(xs.length - 1, Math.floor((q / 10) * xs.length))]!;
        const observed = xs.filter((v) => v <= x).length / xs.length;
        out.push(`| ${dur(x)} | ${observed.toFixed(3)} | ${f3(fittedCdf(s.service, x))} |`);
      }
      out.push('');
    }
    if (s.tokensIn !== undefined) out.push(`Input tokens per call: ${fitNote(s.tokensIn, num)}`, '');
    if (s.tokensOut !== undefined) out.push(`Output tokens per call: ${fitNote(s.tokensOut, num)}`, '');
  }
  out.push('## Routing', '');
  for (const cls of c.model.classes) {
    out.push(`### Class ${cls.name} (${cls.requests} requests)`, '', '| from | to | count | probability |', '| --- | --- | --- | --- |');
    for (const [from, row] of cls.routing.counts) {
      const total = [...row.values()].reduce((a, b) => a + b, 0);
      for (const [to, n] of row) out.push(`| ${c.scenario.names.get(from) ?? from} | ${to === EXIT ? 'exit' : c.scenario.names.get(to) ?? to} | ${n} | ${(n / total).toFixed(3)} |`);
    }
    out.push('', `Arrivals: ${cls.arrivals.process} at ${f3(cls.arrivals.rate)}/s${'cv' in cls.arrivals ? `, cv ${f3(cls.arrivals.cv)}` : ''}, fitted to ${cls.arrivals.source}: ${fitNote(cls.arrivals.gaps, dur, true)}`, '');
  }
  out.push('## Held-out check', '', ...checkSummary(c).map((l) => `    ${l}`), '');
  return `${out.join('\n')}\n`;
}
