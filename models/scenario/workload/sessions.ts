// `process: sessions` -> closed-loop sessions: a population always open, or sessions arriving by
// a Poisson or deterministic process, each sending `turns` turns separated by `think` times; or
// sessions replayed from a trace with a session column, closed or open loop.

import { isMap } from 'yaml';
import { LIMITS } from '../format/limits.js';
import type { ArrivalSpec, SessionSpec } from '../../../sim/network/spec.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import { createSampler } from '../../../sim/random/distributions.js';
import { readDist } from './distribution.js';
import { fieldsOf, peekField, plainValue, readDuration, readEnum, readInteger, readString, report, reportType } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED } from '../core/messages.js';
import { EXPECTED_FLOW, flowMsg } from '../workflows/messages.js';
import { readTraceFile } from './trace-arrivals.js';
import { ARRIVALS, REPLAY_MODES } from '../format/workload.js';
import { fieldNames, formOf } from '../format/read.js';
import { declaredDefault, declaredSeconds } from '../format/defaults.js';

const SESSIONS = formOf(ARRIVALS, 'process', 'sessions');
export const SESSION_TRACE_FIELDS = fieldNames(SESSIONS.fields.trace);
export { REPLAY_MODES };
/** How sessions start: exactly one of these. */
const STARTS = SESSIONS.exactlyOne ?? [];
const NO_THINK: DistSpec = { dist: 'deterministic', value: declaredSeconds(SESSIONS.fields.think) };

/** Reads the arrivals of sessions (arrivals.ts's reader, passed in so the modules do not import each other). */
export type ArrivalsReader = (ctx: LoadContext, slot: Slot, horizon: number | undefined) => ArrivalSpec | undefined;

export function readSessions(ctx: LoadContext, f: Fields, horizon: number | undefined, readArrivals: ArrivalsReader): ArrivalSpec | undefined {
  const given = STARTS.filter((key) => f.has(key));
  if (given.length === 0) {
    report(ctx, f.slot.at, `${f.slot.path}.population`, flowMsg.sessionStart());
    return undefined;
  }
  if (given.length > 1) {
    const second = f.get(given[1]!)!;
    report(ctx, second.at, second.path, flowMsg.sessionStarts(given[0]!, given[1]!));
    return undefined;
  }
  const sessions = given[0] === 'trace' ? readTraceSessions(ctx, f) : readGenerated(ctx, f, horizon, readArrivals);
  return sessions === undefined ? undefined : { process: 'sessions', sessions };
}

function readGenerated(ctx: LoadContext, f: Fields, horizon: number | undefined, readArrivals: ArrivalsReader): SessionSpec | undefined {
  const populationSlot = f.get('population');
  const arrivalsSlot = f.get('arrivals');
  let start: Extract<SessionSpec, { kind: 'generated' }>['start'] | undefined;
  if (populationSlot !== undefined) {
    const size = readInteger(ctx, populationSlot, 1, EXPECTED_FLOW.population, LIMITS.population);
    start = size === undefined ? undefined : { kind: 'population', size };
  } else if (arrivalsSlot !== undefined) {
    const arrivals = readSessionArrivals(ctx, arrivalsSlot, horizon, readArrivals);
    start = arrivals === undefined ? undefined : { kind: 'arrivals', arrivals };
  }
  const turnsSlot = f.require('turns', EXPECTED_FLOW.turns);
  const turns = turnsSlot === undefined ? undefined : readTurns(ctx, turnsSlot);
  const thinkSlot = f.get('think');
  const think = thinkSlot === undefined ? NO_THINK : readThink(ctx, thinkSlot);
  if (start === undefined || turns === undefined || think === undefined) return undefined;
  return { kind: 'generated', start, turns, think };
}

/** Sessions start by a Poisson (possibly time-varying) or deterministic process. */
function readSessionArrivals(ctx: LoadContext, slot: Slot, horizon: number | undefined, readArrivals: ArrivalsReader): ArrivalSpec | undefined {
  const process = isMap(slot.node) ? peekField(ctx, slot, 'process') : undefined;
  const name = process === undefined ? undefined : plainValue(process);
  if (process !== undefined && (name === 'trace' || name === 'sessions')) {
    report(ctx, process.at, process.path, flowMsg.sessionArrivalProcess(String(name)));
    return undefined;
  }
  if (!isMap(slot.node)) {
    reportType(ctx, slot, EXPECTED_FLOW.sessionArrivals);
    return undefined;
  }
  return readArrivals(ctx, slot, horizon);
}

/** A whole number of turns, or a distribution of counts whose mean is at least 1. */
function readTurns(ctx: LoadContext, slot: Slot): DistSpec | undefined {
  if (isMap(slot.node)) {
    const dist = readDist(ctx, slot, [], 'counts');
    if (dist === undefined) return undefined;
    const mean = createSampler(dist).mean;
    if (!(mean >= 1)) {
      report(ctx, slot.at, slot.path, flowMsg.turnsMean(mean));
      return undefined;
    }
    return dist;
  }
  const turns = readInteger(ctx, slot, 1, EXPECTED_FLOW.turns);
  return turns === undefined ? undefined : { dist: 'deterministic', value: turns };
}

/** A constant duration, or a distribution of durations. */
export function readThink(ctx: LoadContext, slot: Slot): DistSpec | undefined {
  if (isMap(slot.node)) return readDist(ctx, slot);
  const value = plainValue(slot);
  if (typeof value !== 'number' && typeof value !== 'string') {
    reportType(ctx, slot, EXPECTED_FLOW.think);
    return undefined;
  }
  const seconds = readDuration(ctx, slot);
  return seconds === undefined ? undefined : { dist: 'deterministic', value: seconds };
}

function readTraceSessions(ctx: LoadContext, f: Fields): SessionSpec | undefined {
  for (const key of ['turns', 'think'] as const) {
    const slot = f.get(key);
    if (slot !== undefined) report(ctx, slot.at, slot.path, flowMsg.notWithTrace(key));
  }
  const t = fieldsOf(ctx, f.get('trace')!, SESSION_TRACE_FIELDS, EXPECTED_FLOW.sessionTrace);
  if (t === undefined) return undefined;
  const sessionSlot = t.require('session', EXPECTED.column);
  const column = sessionSlot === undefined ? undefined : readString(ctx, sessionSlot, EXPECTED.column);
  const replaySlot = t.get('replay');
  const replay = replaySlot === undefined ? declaredDefault(SESSIONS.fields.trace.fields.replay) : readEnum(ctx, replaySlot, REPLAY_MODES);
  if (sessionSlot === undefined || column === undefined || replay === undefined || f.has('turns') || f.has('think')) return undefined;
  const read = readTraceFile(ctx, t, { column, at: sessionSlot });
  if (read === undefined || read.sessions === undefined) return undefined;
  return { kind: 'trace', trace: read.trace, session: read.sessions, replay };
}
