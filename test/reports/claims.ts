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
    if (/no request failed/.test(s) && !zeroEverywhere(r, 'failed')) found.push(`"${s}" but failed = ${metric(r, 'failed')}`);
  }
  return found;
}
