// The negotiation log: every detection, candidate plan (with its predicted interval), request,
// answer with its reason, commitment and expiry, with simulated times. Keys in a fixed order and
// numbers rounded to a microsecond / six decimals, so the same seed gives the same bytes.

import type { Direction } from './types.js';

/** The name the plan of doing nothing is logged under. */
export const NOTHING_NAME = '(nothing)';

export type DenyReason = 'own-objective-at-risk' | 'budget-exceeded' | 'depth-limit' | 'loop' | 'already-committed';

export type LogRecord =
  | { readonly t: number; readonly type: 'timeline'; readonly event: string }
  | { readonly t: number; readonly type: 'detection'; readonly agent: string; readonly objective: string; readonly value: number; readonly predicted: number; readonly threshold: number }
  | {
    readonly t: number; readonly type: 'plan'; readonly round: number; readonly objective: string; readonly action: string; readonly source: 'catalogue' | 'proposer';
    readonly direction: Direction; readonly estimate: number | null; readonly interval: readonly [number, number] | null; readonly confidence: number;
    readonly bound: 'max' | 'min'; readonly threshold: number; readonly kept: boolean; readonly backend: string; readonly why: string;
  }
  | { readonly t: number; readonly type: 'proposer'; readonly round: number; readonly ok: boolean; readonly plans: number; readonly message: string }
  | { readonly t: number; readonly type: 'no-plan'; readonly round: number; readonly objective: string; readonly why: string }
  | {
    readonly t: number; readonly type: 'request'; readonly round: number; readonly depth: number; readonly from: string; readonly to: string;
    readonly direction: Direction; readonly action: string; readonly arrives: number;
  }
  | {
    readonly t: number; readonly type: 'answer'; readonly round: number; readonly from: string; readonly to: string; readonly action: string;
    readonly answer: 'accept' | 'deny' | 'recurse'; readonly reason: DenyReason | null; readonly detail: string;
  }
  | { readonly t: number; readonly type: 'commitment'; readonly round: number; readonly owner: string; readonly action: string; readonly until: number }
  | { readonly t: number; readonly type: 'expired'; readonly round: number; readonly owner: string; readonly action: string }
  | { readonly t: number; readonly type: 'exhausted'; readonly round: number; readonly objective: string };

export interface NegotiationLog {
  readonly format: 'apmsim-negotiation/1';
  readonly scenario: string;
  readonly seed: number;
  readonly replication: number;
  readonly coordination: boolean;
  /** In time order; records of one instant in the order they happened. */
  readonly records: readonly LogRecord[];
}

const round6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

/** The log as JSON text, stable byte for byte. Non-finite numbers (an unbounded prediction) become null. */
export function formatLog(log: NegotiationLog): string {
  return `${JSON.stringify(log, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? round6(v) : null) : v), 2)}\n`;
}

/** Records in time order, stable for records of one time (they are appended in causal order). */
export function ordered(records: readonly LogRecord[]): LogRecord[] {
  return records.map((r, i) => [r, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([r]) => r);
}

/** A few readable lines: what was detected, asked, answered and committed, with times in minutes. */
export function summariseLog(log: NegotiationLog, limit = 40): string[] {
  const at = (t: number) => `${(t / 60).toFixed(2).padStart(7)} min`;
  const lines: string[] = [];
  for (const r of log.records) {
    switch (r.type) {
      case 'timeline': lines.push(`${at(r.t)}  timeline: ${r.event}`); break;
      case 'detection': lines.push(`${at(r.t)}  ${r.agent} detects a threat to ${r.objective}: ${fmt(r.value)} now, ${fmt(r.predicted)} predicted, threshold ${fmt(r.threshold)}`); break;
      case 'plan':
        if (r.action === NOTHING_NAME) {
          lines.push(`${at(r.t)}    doing nothing: ${r.interval === null ? r.why : `predicted ${fmt(r.estimate!)} [${fmt(r.interval[0])}, ${fmt(r.interval[1])}]`} -> ${r.kept ? 'the objective holds, nobody is asked' : 'it would be violated'}`);
          break;
        }
        lines.push(`${at(r.t)}    plan ${r.action} (${r.direction}${r.source === 'proposer' ? ', proposed' : ''}): ${r.interval === null ? r.why : `predicted ${fmt(r.estimate!)} [${fmt(r.interval[0])}, ${fmt(r.interval[1])}]`} -> ${r.kept ? 'kept' : 'rejected at validation'}`); break;
      case 'proposer': lines.push(`${at(r.t)}    proposer: ${r.ok ? `${r.plans} plan(s)` : r.message}`); break;
      case 'no-plan': lines.push(`${at(r.t)}    no plan meets ${r.objective}: ${r.why}`); break;
      case 'request': lines.push(`${at(r.t)}  ${r.from} asks ${r.to} (${r.direction}, depth ${r.depth}) for ${r.action}`); break;
      case 'answer': lines.push(`${at(r.t)}  ${r.from} ${r.answer === 'accept' ? 'accepts' : r.answer === 'deny' ? `denies (${r.reason}: ${r.detail})` : `coordinates further: ${r.detail}`} ${r.action}`); break;
      case 'commitment': lines.push(`${at(r.t)}  ${r.owner} commits to ${r.action} until ${at(r.until).trim()}`); break;
      case 'expired': lines.push(`${at(r.t)}  ${r.owner}'s commitment to ${r.action} expires`); break;
      case 'exhausted': lines.push(`${at(r.t)}    round ${r.round} for ${r.objective}: every kept plan was denied`); break;
    }
  }
  return lines.length <= limit ? lines : [...lines.slice(0, limit), `... ${lines.length - limit} more lines in negotiation.json`];
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}
