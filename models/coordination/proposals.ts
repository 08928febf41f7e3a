// An external planner's answer, checked like user input: it may only name catalogue actions the
// threatened agent could ask for, and change their figures within the same bounds the scenario
// loader enforces. Anything else is reported and dropped; the built-in plans go on regardless.

import type { Action } from './types.js';

/** What a proposer process returned: its parsed JSON, or why there is none. */
export type ProposerReply = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly message: string };

/** Called only in plan generation, between simulation segments; never in the event loop. */
export type Proposer = (situation: string) => Promise<ProposerReply>;

export interface Proposals {
  readonly actions: readonly Action[];
  /** Problems with the output, one per dropped plan or one for the whole output. */
  readonly problems: readonly string[];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `{"plans": [{"action": "<catalogue name>", "rate"?: n, "factor"?: n, "delta"?: n, "priority"?: n, "hit"?: n, "duration"?: s}]}`:
 * each plan a catalogue action among `eligible`, optionally with other figures. A priority must be
 * one of `priorities` (the engine's levels are fixed at the start: the classes' priorities and those
 * the catalogue names).
 */
export function readProposals(output: unknown, eligible: readonly Action[], priorities: readonly number[] = []): Proposals {
  if (!isRecord(output) || !Array.isArray(output.plans)) {
    return { actions: [], problems: [`expected {"plans": [{"action": "<name>", ...}]}, found ${JSON.stringify(output)?.slice(0, 80)}`] };
  }
  const actions: Action[] = [];
  const problems: string[] = [];
  output.plans.forEach((p: unknown, i) => {
    const at = `plans[${i}]`;
    if (!isRecord(p) || typeof p.action !== 'string') { problems.push(`${at}: expected an object with an "action" name, found ${JSON.stringify(p)?.slice(0, 80)}`); return; }
    const base = eligible.find((a) => a.name === p.action);
    if (base === undefined) { problems.push(`${at}: "${p.action}" is not an action this agent may ask for; expected one of ${eligible.map((a) => a.name).join(', ') || '(none)'}`); return; }
    const problem = checkFigures(p, base, priorities);
    if (problem !== undefined) { problems.push(`${at} (${base.name}): ${problem}`); return; }
    actions.push(withFigures(p, base));
  });
  return { actions, problems };
}

const ALLOWED: Record<Action['effect']['kind'], readonly string[]> = {
  rate_limit: ['rate'], scale_rate: ['factor'], replicas: ['delta'], priority: ['priority'], cache_hit: ['hit'],
};

function checkFigures(p: Record<string, unknown>, base: Action, priorities: readonly number[]): string | undefined {
  for (const [k, v] of Object.entries(p)) {
    if (k === 'action') continue;
    if (k !== 'duration' && !ALLOWED[base.effect.kind].includes(k)) return `"${k}" does not apply to a ${base.effect.kind} action; expected ${[...ALLOWED[base.effect.kind], 'duration'].join(' or ')}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `"${k}" must be a number, found ${JSON.stringify(v)}`;
    if (k === 'priority') {
      if (!priorities.includes(v)) return `"priority" must be one of ${priorities.join(', ')} (the priorities the run has levels for: the classes' and the catalogue's), found ${v}`;
      continue;
    }
    if (k === 'hit') {
      if (!(v >= 0 && v <= 1)) return `"hit" must be a probability in [0, 1], found ${v}`;
      continue;
    }
    if (k === 'delta' ? !(Number.isInteger(v) && v !== 0) : !(v > 0)) return `"${k}" must be ${k === 'delta' ? 'a non-zero integer' : 'positive'}, found ${v}`;
  }
  return undefined;
}

function withFigures(p: Record<string, unknown>, base: Action): Action {
  const n = (k: string, fallback: number) => (typeof p[k] === 'number' ? (p[k] as number) : fallback);
  const e = base.effect;
  const effect = e.kind === 'rate_limit' ? { ...e, rate: n('rate', e.rate) }
    : e.kind === 'scale_rate' ? { ...e, factor: n('factor', e.factor) }
      : e.kind === 'priority' ? { ...e, priority: n('priority', e.priority) }
        : e.kind === 'cache_hit' ? { ...e, hit: n('hit', e.hit) } : { ...e, delta: n('delta', e.delta) };
  return { ...base, effect, duration: n('duration', base.duration) };
}
