// A trace tree as the steps of one request through stations, and the routing they imply.
//
// Stations: a model call inside agent A is station `A.<model>`; a tool call is station `<tool>`
// (tools are shared); an agent's own time — its span minus its children, the framework's work or,
// in apmsim's own export, the wait in the agent's line — is station `A.self`; a span with no
// children is a station of its own name. Other spans with children are transparent: their own
// time is reported as unmodelled. Siblings that overlap in time ran in parallel: a fork whose
// branches (lanes: the siblings that follow each other without overlap) join before what comes next.
// Routing is first order: counts of the step that follows each station, from START to EXIT.

import type { SpanNode, TraceTree } from './traces.js';

export type StationRole = 'self' | 'llm' | 'tool' | 'agent' | 'span';

export type Step =
  | { readonly kind: 'visit'; readonly station: string; readonly role: StationRole; readonly duration: number; readonly tokensIn: number | undefined; readonly tokensOut: number | undefined }
  | { readonly kind: 'fork'; readonly lanes: readonly (readonly Step[])[] };

export interface RequestPath {
  readonly traceId: string;
  readonly cls: string;
  readonly start: number;
  readonly e2e: number;
  readonly steps: readonly Step[];
  /** Own time of transparent spans (neither agents, model calls nor tools): not in any station. */
  readonly unmodelled: number;
}

/** Siblings overlapping by less than this did not run in parallel (one timer's resolution). */
const OVERLAP = 1e-4;

export function pathOf(tree: TraceTree): RequestPath {
  const root = tree.root.span;
  let unmodelled = 0;
  const leaf = (n: SpanNode, agent: string | undefined): Step => {
    const s = n.span;
    const role: StationRole = s.role === 'other' ? 'span' : s.role;
    const station = s.role === 'llm' && agent !== undefined ? `${agent}.${s.label}` : s.label;
    return { kind: 'visit', station, role, duration: s.end - s.start, tokensIn: s.tokensIn, tokensOut: s.tokensOut };
  };
  const stepsOf = (n: SpanNode, agent: string | undefined): Step[] => {
    if (n.children.length === 0) return [leaf(n, agent)];
    const s = n.span;
    const inner = s.role === 'agent' ? s.label : agent;
    const own = exclusive(n);
    const steps: Step[] = [];
    if (s.role === 'agent') steps.push({ kind: 'visit', station: `${s.label}.self`, role: 'self', duration: own, tokensIn: undefined, tokensOut: undefined });
    else unmodelled += own;
    for (const group of overlapGroups(n.children)) {
      if (group.length === 1) { steps.push(...stepsOf(group[0]!, inner)); continue; }
      steps.push({ kind: 'fork', lanes: lanesOf(group).map((lane) => lane.flatMap((c) => stepsOf(c, inner))) });
    }
    return steps;
  };
  const steps = stepsOf(tree.root, undefined);
  return { traceId: tree.id, cls: root.label, start: root.start, e2e: root.end - root.start, steps, unmodelled };
}

/** A span's duration minus the union of its children's intervals (clipped to the span). */
function exclusive(n: SpanNode): number {
  const { start, end } = n.span;
  let covered = 0;
  let at = start;
  for (const c of n.children) {
    const from = Math.max(at, c.span.start);
    const to = Math.min(end, c.span.end);
    if (to > from) { covered += to - from; at = to; }
  }
  return Math.max(0, end - start - covered);
}

/** Children (sorted by start) in maximal groups that overlap one another in time. */
function overlapGroups(children: readonly SpanNode[]): SpanNode[][] {
  const groups: SpanNode[][] = [];
  let end = -Infinity;
  let last: SpanNode | undefined;
  for (const c of children) {
    // Overlapping, or starting at the very instant the previous sibling started after it took time
    // (a branch so short it ended within a timer's resolution): parallel.
    const together = last !== undefined && c.span.start === last.span.start && last.span.end > last.span.start;
    if (groups.length > 0 && (c.span.start < end - OVERLAP || together)) { groups[groups.length - 1]!.push(c); end = Math.max(end, c.span.end); }
    else { groups.push([c]); end = c.span.end; }
    last = c;
  }
  return groups;
}

/** Overlapping siblings into lanes: each goes to the first lane free when it starts. */
function lanesOf(group: readonly SpanNode[]): SpanNode[][] {
  const lanes: SpanNode[][] = [];
  for (const c of group) {
    const lane = lanes.find((l) => { const prev = l[l.length - 1]!.span; return prev.end <= c.span.start + OVERLAP && prev.start < c.span.start; });
    if (lane !== undefined) lane.push(c); else lanes.push([c]);
  }
  return lanes;
}

export const START = 'START';
export const EXIT = 'EXIT';

/** The node a step is: its station, or its fork (named by its branches' first nodes). */
export function nodeOf(step: Step): string {
  return step.kind === 'visit' ? step.station : forkName(step);
}

export function forkName(step: Extract<Step, { kind: 'fork' }>): string {
  return `fork(${step.lanes.map((l) => (l.length === 0 ? EXIT : nodeOf(l[0]!))).sort().join('+')})`;
}

/** First-order transition counts of one class, and the forks met (by name: their branches' first nodes). */
export class Routing {
  readonly counts = new Map<string, Map<string, number>>();
  readonly forks = new Map<string, readonly string[]>();
  requests = 0;

  add(path: RequestPath): void {
    this.requests++;
    this.walk(path.steps, START);
  }

  private edge(from: string, to: string): void {
    let row = this.counts.get(from);
    if (row === undefined) this.counts.set(from, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) + 1);
  }

  /** Walks steps from node `from`; a branch walks from its first node (the fork sends it there), and every walk ends at EXIT. */
  private walk(steps: readonly Step[], from: string | undefined): void {
    let prev = from;
    for (const step of steps) {
      const node = nodeOf(step);
      if (prev !== undefined) this.edge(prev, node);
      if (step.kind === 'fork') {
        this.forks.set(node, step.lanes.map((l) => nodeOf(l[0]!)).sort());
        for (const lane of step.lanes) this.walk(lane, undefined);
      }
      prev = node;
    }
    if (prev !== undefined) this.edge(prev, EXIT);
  }
}

/** Every visit step of a path, branches included. */
export function visitsOf(steps: readonly Step[]): Extract<Step, { kind: 'visit' }>[] {
  return steps.flatMap((s) => (s.kind === 'visit' ? [s] : s.lanes.flatMap((l) => visitsOf(l))));
}
