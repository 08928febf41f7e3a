// Hostile strings for the escaping tests: a scenario name, description, agent, class and metric
// names and a warning crafted to run script if any of them reached the page as markup.

import type { CompareDocument } from '../../models/compare/report.js';
import type { Results } from '../../models/run/results.js';
import type { SweepDocument } from '../../models/sweep/document.js';
import type { RunData } from '../../reports/run-data.js';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const HOSTILE_DESCRIPTION = '<script>alert(1)</script>';
export const HOSTILE_AGENT = '<svg onload=alert(2)>';
export const HOSTILE_CLASS = '"><iframe src=javascript:alert(3)>';
/** A --grid value and a file name: what a sweep and a comparison add to the page. */
export const HOSTILE_VALUE = "'\"><img src=x onerror=alert(4)>";
export const HOSTILE_FILE = '</title><script>alert(5)</script>.yaml';

/** The run's data with every name it shows replaced by markup. */
export function hostileRunData(data: RunData): RunData {
  const rename = (name: string): string => name
    .replace(/^agent\.worker\./, `agent.${HOSTILE_AGENT}.`)
    .replace(/^class\.chat\./, `class.${HOSTILE_CLASS}.`);
  const results: Results = {
    ...data.results,
    scenario: HOSTILE_NAME,
    description: HOSTILE_DESCRIPTION,
    warnings: [`${HOSTILE_DESCRIPTION} warning`],
    metrics: Object.fromEntries(Object.entries(data.results.metrics).map(([k, v]) => [rename(k), v])),
  };
  const series = data.series === undefined ? undefined : { ...data.series, agents: data.series.agents.map((a) => (a.name === 'worker' ? { ...a, name: HOSTILE_AGENT } : a)) };
  const latency = data.latency === undefined ? undefined : { ...data.latency, rows: data.latency.rows.map((r) => (r.cls === 'chat' ? { ...r, cls: HOSTILE_CLASS } : r)) };
  return { ...data, results, series, latency, notes: [HOSTILE_DESCRIPTION], files: [HOSTILE_NAME] };
}

/** A metric name with its agent or class replaced by markup (agent.<a>.…, class.<c>.…, gpu.<p>.…). */
function hostileMetric(name: string): string {
  return name.replace(/^(agent|class|gpu|cache|cost\.agent)\.[^.]+\./, (_, scope: string) => `${scope}.${scope === 'class' ? HOSTILE_CLASS : HOSTILE_AGENT}.`);
}

/** The comparison with its files, scenario, metric names, SLO texts, notes and warnings replaced by markup. */
export function hostileComparison(d: CompareDocument): CompareDocument {
  return {
    ...d,
    baseline: { ...d.baseline, file: HOSTILE_FILE, scenario: HOSTILE_NAME },
    candidate: { ...d.candidate, file: HOSTILE_DESCRIPTION, scenario: HOSTILE_NAME },
    gates: d.gates.map((g) => ({ ...g, metric: hostileMetric(g.metric), note: g.note === null ? null : `${HOSTILE_DESCRIPTION} ${g.note}` })),
    slos: d.slos.map((s) => ({ ...s, metric: hostileMetric(s.metric), text: `${s.text}${HOSTILE_VALUE}` })),
    warnings: [`${HOSTILE_DESCRIPTION} warning`],
    // Per-agent changes and a probable cause name agents; the latency's missing note names a file.
    ...(d.agents === undefined ? {} : { agents: { ...d.agents, agents: d.agents.agents.map((a, i) => (i === 0 ? { ...a, agent: HOSTILE_AGENT } : a)) } }),
    ...(d.probableCause === undefined ? {} : { probableCause: { ...d.probableCause, note: HOSTILE_DESCRIPTION, agents: d.probableCause.agents.map((a, i) => (i === 0 ? { ...a, agent: HOSTILE_AGENT } : a)) } }),
    ...(d.latency !== undefined && 'missing' in d.latency ? { latency: { missing: `no latency distribution of the baseline: ${HOSTILE_FILE}` } } : {}),
  };
}

/**
 * The sweep with its scenario, knob paths and values, agent names in metrics and warnings replaced
 * by markup. The first knob's path gets an agent segment so agent.<a>.utilization is charted too.
 */
export function hostileSweep(d: SweepDocument): SweepDocument {
  const path = (p: string, i: number): string => (i === 0 ? `agents.${HOSTILE_AGENT}.${p}` : `${p}${HOSTILE_VALUE}`);
  const value = (v: string, j: number): string => `${v}${j === 0 ? HOSTILE_VALUE : ''}`;
  const grid = d.grid.map((a, i) => ({ path: path(a.path, i), values: a.values.map(value) }));
  const agent = /^agents\.([^.[\]]+)\./.exec(d.grid[0]!.path)?.[1];
  return {
    ...d,
    scenario: HOSTILE_NAME,
    grid,
    points: d.points.map((p) => ({
      ...p,
      values: Object.fromEntries(d.grid.map((a, i) => [grid[i]!.path, value(p.values[a.path]!, a.values.indexOf(p.values[a.path]!))])),
      results: {
        ...p.results,
        scenario: HOSTILE_NAME,
        warnings: [`${HOSTILE_DESCRIPTION} warning`],
        metrics: Object.fromEntries(Object.entries(p.results.metrics).map(([k, v]) => [
          agent !== undefined && k.startsWith(`agent.${agent}.`) ? `agent.${HOSTILE_AGENT}.${k.slice(agent.length + 7)}` : hostileMetric(k), v,
        ])),
      },
    })),
  };
}
