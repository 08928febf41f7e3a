// The report's sentences checked against results.json: each sentence that claims something
// measurable ("no request ever waited at …", "no GPU pool preempted …", "… no request rejected")
// is found in the report's text and its claim tested on the metrics. A report that says nothing
// checkable passes; a sentence a pattern does not know is not judged.

import type { Results } from '../../models/run/results.js';
import type { Section } from '../../reports/sections/section.js';

/** Every piece of prose of the sections: paragraphs, list items, captions, verdict lines, facts. */
export function sentencesOf(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => s.blocks.flatMap((b) => {
    switch (b.kind) {
      case 'paragraph': case 'heading': return [b.text];
      case 'list': return [...b.items];
      case 'facts': return b.facts.map(([k, v]) => `${k}: ${v}`);
      case 'verdict': return [b.headline, ...b.details];
      case 'figure': return [b.figure.caption];
      case 'table': return [b.table.caption];
      case 'whatif': return [];
    }
  }));
}

const metric = (r: Results, name: string): number | null | undefined => r.metrics[name]?.estimate;

/** Every value of the metric in every replication is 0 (or the metric is absent: nothing measured). */
function zeroEverywhere(r: Results, name: string): boolean {
  const m = r.metrics[name];
  return m === undefined || (m.values ?? [m.estimate]).every((v) => v === 0 || v === null);
}

const agentsOf = (r: Results): string[] => [...new Set(Object.keys(r.metrics).flatMap((k) => /^agent\.(.+)\.wait\.mean$/.exec(k)?.[1] ?? []))];
const poolsOf = (r: Results): string[] => [...new Set(Object.keys(r.metrics).flatMap((k) => /^gpu\.(.+)\.utilization$/.exec(k)?.[1] ?? []))];

/** Names listed as "a, b, c" (names with commas are not split correctly: none of the bundled ones has one). */
const list = (text: string): string[] => text.split(', ').map((x) => x.trim()).filter((x) => x !== '');

/** The claims found in `sentences` that results.json contradicts, each with the evidence. */
export function contradictions(sentences: readonly string[], r: Results): string[] {
  const found: string[] = [];
  const waited = (a: string): boolean => !zeroEverywhere(r, `agent.${a}.wait.mean`);
  for (const s of sentences) {
    if (/no request ever waited for a server at any agent/i.test(s)) {
      for (const a of agentsOf(r)) if (waited(a)) found.push(`"${s}" but agent.${a}.wait.mean = ${metric(r, `agent.${a}.wait.mean`)}`);
      for (const p of poolsOf(r)) if (!zeroEverywhere(r, `gpu.${p}.queue.mean`)) found.push(`"${s}" but gpu.${p}.queue.mean = ${metric(r, `gpu.${p}.queue.mean`)}`);
    }
    for (const m of s.matchAll(/[Nn]o request ever waited at ([^:;.]+)/g)) {
      for (const a of list(m[1]!)) if (waited(a)) found.push(`"${s}" but agent.${a}.wait.mean = ${metric(r, `agent.${a}.wait.mean`)}`);
    }
    if (/no GPU pool preempted a sequence/.test(s)) {
      for (const p of poolsOf(r)) if (!zeroEverywhere(r, `gpu.${p}.preemptions`)) found.push(`"${s}" but gpu.${p}.preemptions = ${metric(r, `gpu.${p}.preemptions`)}`);
    }
    if (/no agent or GPU pool changed its number of replicas/.test(s)) {
      for (const k of Object.keys(r.metrics).filter((k) => /\.(scale_events|replica_failures|reclaims)$/.test(k))) {
        if (!zeroEverywhere(r, k)) found.push(`"${s}" but ${k} = ${metric(r, k)}`);
      }
    }
    if (/no request rejected/.test(s) && !zeroEverywhere(r, 'rejected')) found.push(`"${s}" but rejected = ${metric(r, 'rejected')}`);
    if (/nothing saturated/.test(s)) {
      for (const k of Object.keys(r.metrics).filter((k) => /^(agent|gpu)\..+\.utilization$/.test(k))) {
        if ((r.metrics[k]!.estimate ?? 0) >= 0.95) found.push(`"${s}" but ${k} = ${metric(r, k)}`);
      }
    }
    if (/every objective met/.test(s)) {
      for (const k of Object.keys(r.metrics).filter((k) => /^objective\..+\.violated_share$/.test(k))) {
        if ((r.metrics[k]!.estimate ?? 0) > 0) found.push(`"${s}" but ${k} = ${metric(r, k)}`);
      }
    }
    if (/no request failed/.test(s) && !zeroEverywhere(r, 'failed')) found.push(`"${s}" but failed = ${metric(r, 'failed')}`);
  }
  return found;
}

/**
 * The banner's colour a run deserves, judged here independently of the report's code: red when an
 * SLO's whole interval is beyond its limit or an objective was missed in some window; amber when
 * the run is partial, has warnings, an undecided SLO, a utilisation at or above 95 %, rejections,
 * or budget stops, degradations or deferrals; green otherwise.
 */
export function expectedBanner(r: Results, slos: readonly { metric: string; bound: 'max' | 'min'; limit: number }[]): 'ok' | 'warn' | 'fail' {
  const interval = (name: string): [number, number] | undefined => {
    const m = r.metrics[name];
    return m === undefined || m.estimate === null ? undefined : [m.interval?.[0] ?? m.estimate, m.interval?.[1] ?? m.estimate];
  };
  const judged = slos.map((s) => {
    const i = interval(s.metric);
    if (i === undefined) return 'open';
    if (s.bound === 'max') return i[0] > s.limit ? 'violated' : i[1] <= s.limit ? 'met' : 'open';
    return i[1] < s.limit ? 'violated' : i[0] >= s.limit ? 'met' : 'open';
  });
  const names = Object.keys(r.metrics);
  const positive = (name: string): boolean => (r.metrics[name]?.estimate ?? 0) > 0;
  if (judged.includes('violated') || names.some((k) => /^objective\..+\.violated_share$/.test(k) && positive(k))) return 'fail';
  const saturated = names.some((k) => /^(agent|gpu)\..+\.utilization$/.test(k) && (r.metrics[k]!.estimate ?? 0) >= 0.95);
  const budget = names.some((k) => (k === 'stopped' || /^budget\..+\.(degraded|deferred)$/.test(k)) && positive(k));
  const objectiveUnmeasured = names.some((k) => /^objective\..+\.violated_share$/.test(k) && r.metrics[k]!.estimate === null);
  if (r.partial || r.warnings.length > 0 || judged.includes('open') || saturated || budget || positive('rejected.fraction') || objectiveUnmeasured) return 'warn';
  return 'ok';
}
