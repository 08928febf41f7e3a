// Spans (in any order, from any number of files) into trace trees. A trace whose spans cannot make
// one tree — a parent that is not in the trace, no root, several roots — is left out of the fit but
// counted, with its first example, so that nothing is dropped silently; clock skew (a child outside
// its parent) and a span listed twice are counted and the trace kept. A cycle of parents is bad
// input: the file is wrong, not merely incomplete.

import { TelemetryFormatError, type TelemetrySpan } from './spans.js';

export interface SpanNode {
  readonly span: TelemetrySpan;
  /** By start time. */
  readonly children: SpanNode[];
}

export interface TraceTree {
  readonly id: string;
  readonly root: SpanNode;
}

export type IssueKind = 'unfinished span' | 'missing parent' | 'no root' | 'several roots' | 'span id used twice' | 'clock skew' | 'duplicate span';

export interface Issue {
  readonly count: number;
  readonly first: string;
}

export interface Traces {
  readonly trees: TraceTree[];
  /** Traces read (kept and left out). */
  readonly total: number;
  /** Per kind: traces affected, and the first example. Traces with clock skew or a duplicate span are kept; the others are left out. */
  readonly issues: ReadonlyMap<IssueKind, Issue>;
}

/** How far a child may start before or end after its parent before it is called skew (timer resolutions differ). */
export const SKEW_TOLERANCE = 1e-3;

export function buildTraces(spans: readonly TelemetrySpan[]): Traces {
  const byTrace = new Map<string, TelemetrySpan[]>();
  for (const s of spans) {
    const list = byTrace.get(s.traceId);
    if (list === undefined) byTrace.set(s.traceId, [s]); else list.push(s);
  }
  const issues = new Map<IssueKind, Issue>();
  const note = (kind: IssueKind, example: string): void => {
    const had = issues.get(kind);
    issues.set(kind, { count: (had?.count ?? 0) + 1, first: had?.first ?? example });
  };
  const trees: TraceTree[] = [];
  for (const [id, spansOfTrace] of byTrace) {
    let list = spansOfTrace;
    const byId = new Map<string, TelemetrySpan>();
    let clash: string | undefined;
    let copies = 0;
    for (const s of list) {
      const other = byId.get(s.spanId);
      if (other === undefined) { byId.set(s.spanId, s); continue; }
      // The same span exported twice is harmless; two different spans under one id make the tree ambiguous.
      if (other.start === s.start && other.end === s.end && other.name === s.name && other.parentId === s.parentId) copies++;
      else clash ??= `trace ${id}: span id ${s.spanId} names '${other.name}' (${other.where}) and '${s.name}' (${s.where})`;
    }
    if (clash !== undefined) { note('span id used twice', clash); continue; }
    if (copies > 0) note('duplicate span', `trace ${id}: ${copies} span(s) listed twice, such as ${list.find((s, i) => list.findIndex((t) => t.spanId === s.spanId) !== i)!.where}; each counted once`);
    list = [...byId.values()];
    checkCycles(id, byId);
    const unfinished = list.find((s) => Number.isNaN(s.end));
    if (unfinished !== undefined) { note('unfinished span', `trace ${id}: span '${unfinished.name}' at ${unfinished.where} has a start but no end time`); continue; }
    const missing = list.find((s) => s.parentId !== undefined && !byId.has(s.parentId));
    const roots = list.filter((s) => s.parentId === undefined);
    if (roots.length === 0) { note('no root', `trace ${id}: none of its ${list.length} spans is a root (${missing === undefined ? '' : `span '${missing.name}' at ${missing.where} names parent ${missing.parentId}, which is not in the trace`})`); continue; }
    if (missing !== undefined) { note('missing parent', `trace ${id}: span '${missing.name}' at ${missing.where} names parent ${missing.parentId}, which is not in the trace`); continue; }
    if (roots.length > 1) { note('several roots', `trace ${id}: spans '${roots[0]!.name}' and '${roots[1]!.name}' both have no parent`); continue; }
    const nodes = new Map<string, SpanNode>(list.map((s) => [s.spanId, { span: s, children: [] }]));
    let skew: string | undefined;
    for (const s of list) {
      if (s.parentId === undefined) continue;
      const parent = nodes.get(s.parentId)!;
      parent.children.push(nodes.get(s.spanId)!);
      const p = parent.span;
      if (skew === undefined && (s.start < p.start - SKEW_TOLERANCE || s.end > p.end + SKEW_TOLERANCE)) {
        skew = `trace ${id}: span '${s.name}' (${s.where}) runs outside its parent '${p.name}' by ${(Math.max(p.start - s.start, s.end - p.end) * 1e3).toPrecision(3)} ms`;
      }
    }
    if (skew !== undefined) note('clock skew', skew);
    for (const n of nodes.values()) n.children.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    trees.push({ id, root: nodes.get(roots[0]!.spanId)! });
  }
  trees.sort((a, b) => a.root.span.start - b.root.span.start || (a.id < b.id ? -1 : 1));
  return { trees, total: byTrace.size, issues };
}

function checkCycles(traceId: string, byId: ReadonlyMap<string, TelemetrySpan>): void {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: known to reach a root or a missing parent
  for (const start of byId.keys()) {
    const path: string[] = [];
    let id: string | undefined = start;
    while (id !== undefined && byId.has(id) && state.get(id) !== 2) {
      if (state.get(id) === 1) {
        const cycle = path.slice(path.indexOf(id)).map((s) => `'${byId.get(s)!.name}' (${s})`);
        throw new TelemetryFormatError(`${byId.get(id)!.where}: expected parent links that end at a root, found a cycle of parents in trace ${traceId}: ${cycle.join(' -> ')} -> back to the first`);
      }
      state.set(id, 1);
      path.push(id);
      id = byId.get(id)!.parentId;
    }
    for (const p of path) state.set(p, 2);
  }
}
