// Hostile strings for the escaping tests: a scenario name, description, agent, class and metric
// names and a warning crafted to run script if any of them reached the page as markup.

import type { Results } from '../../models/run/results.js';
import type { RunData } from '../../reports/run-data.js';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const HOSTILE_DESCRIPTION = '<script>alert(1)</script>';
const HOSTILE_AGENT = '<svg onload=alert(2)>';
const HOSTILE_CLASS = '"><iframe src=javascript:alert(3)>';

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
