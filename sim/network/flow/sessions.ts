// Sessions: a session sends a turn (an ordinary request of its class), waits for it to end, thinks,
// sends the next. Sessions come from a fixed population (a closed system: an ended session is
// replaced at once), from an arrival process, or from a trace with a session column replayed
// closed (each next turn waits for the previous) or open (every turn at its recorded time).

import { SimulationError } from '../../errors.js';
import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { ArrivalClock } from './arrivals.js';
import type { FlowStats } from '../record/flow-stats.js';
import type { NetworkSpec, SessionSpec } from '../spec.js';
import type { CompileRate } from '../arrival-process.js';

const NONE = 0;
const POPULATION = 1;
const ARRIVALS = 2;
const TRACE_CLOSED = 3;
const TRACE_OPEN = 4;

/** What sessions need from the engine. */
export interface SessionHost {
  /** Starts now a turn of the session in `slot` (class c, unique id `serial`), from trace row `row` (-1: none). */
  startTurn(c: number, slot: number, serial: number, row: number): void;
  /** Calls `fireStart(c)` at `time`. */
  scheduleSessionStart(time: number, c: number): void;
  /** Calls `fireTurn(slot)` at `time`. */
  scheduleTurn(time: number, slot: number): void;
  /** A new session occupies `slot`. */
  sessionStarted(slot: number): void;
}

/** A class's trace sessions: rows grouped by session, in time order. */
interface TraceSessions {
  readonly times: Float64Array;
  /** Per row: its session's index (0..sessions-1) and the row of the session's next turn (-1: last). */
  readonly index: Int32Array;
  readonly nextRow: Int32Array;
  /** Per session: number of turns. */
  readonly turns: Int32Array;
  /** Closed replay: first row of each session, ascending. */
  readonly firstRows: Int32Array;
  /** Serial of session 0 (sessions of this trace are numbered from it). */
  readonly serialBase: number;
  /** Open replay: the slot each session occupies while it has turns to come. */
  readonly slotOf: Int32Array;
}

function traceSessions(times: Float64Array, session: Int32Array, serialBase: number): TraceSessions {
  const n = times.length;
  const compact = new Map<number, number>();
  const index = new Int32Array(n);
  const nextRow = new Int32Array(n).fill(-1);
  const lastRow: number[] = [];
  const firstRows: number[] = [];
  for (let row = 0; row < n; row++) {
    let s = compact.get(session[row]!);
    if (s === undefined) { s = compact.size; compact.set(session[row]!, s); lastRow.push(-1); firstRows.push(row); }
    index[row] = s;
    const prev = lastRow[s]!;
    if (prev >= 0) nextRow[prev] = row;
    lastRow[s] = row;
  }
  const turns = new Int32Array(compact.size);
  for (let row = 0; row < n; row++) turns[index[row]!]!++;
  return { times, index, nextRow, turns, firstRows: Int32Array.from(firstRows), serialBase, slotOf: new Int32Array(compact.size).fill(-1) };
}

export class Sessions {
  /** 1 where the class's requests come from sessions. */
  readonly active: Uint8Array;
  readonly any: boolean;
  private readonly mode: Int8Array;
  private readonly population: Int32Array;
  private readonly turns: (Sampler | undefined)[];
  private readonly think: (Sampler | undefined)[];
  private readonly turnStreams: (Stream | undefined)[];
  private readonly thinkStreams: (Stream | undefined)[];
  private readonly clocks: (ArrivalClock | undefined)[];
  private readonly traces: (TraceSessions | undefined)[];
  /** Per class: next first row (closed) or next row (open) of its trace to start. */
  private readonly cursor: Int32Array;
  private readonly horizon: number;
  private readonly host: SessionHost;
  private readonly stats: FlowStats;
  private nextSerial: number;

  // The session table, by slot (reused through a free list).
  private cls = new Int32Array(0);
  private serial = new Int32Array(0);
  private left = new Int32Array(0);
  private done = new Int32Array(0);
  private row = new Int32Array(0);
  private start = new Float64Array(0);
  private exhausted = new Uint8Array(0);
  private free = new Int32Array(0);
  private freeCount = 0;

  constructor(spec: NetworkSpec, horizon: number, stream: (source: string) => Stream, compile: CompileRate, host: SessionHost, stats: FlowStats) {
    this.horizon = horizon;
    this.host = host;
    this.stats = stats;
    const of = spec.classes.map((c) => (c.arrivals.process === 'sessions' ? c.arrivals.sessions : undefined));
    of.forEach((s, i) => {
      const where = `class '${spec.classes[i]!.name}'`;
      if (s?.kind === 'generated' && s.start.kind === 'population' && !(Number.isInteger(s.start.size) && s.start.size >= 1)) {
        throw new SimulationError(`${where}: a session population needs a whole size >= 1 (got ${s.start.size})`);
      }
      if (s?.kind === 'generated' && s.start.kind === 'arrivals' && s.start.arrivals.process === 'sessions') {
        throw new SimulationError(`${where}: sessions cannot start by sessions`);
      }
      if (s?.kind === 'trace' && s.session.length !== s.trace.times.length) {
        throw new SimulationError(`${where}: the session column has ${s.session.length} rows for ${s.trace.times.length} arrivals`);
      }
    });
    const generated = (s: SessionSpec | undefined) => (s?.kind === 'generated' ? s : undefined);
    this.active = Uint8Array.from(of, (s) => (s === undefined ? 0 : 1));
    this.any = this.active.some((x) => x === 1);
    this.mode = Int8Array.from(of, (s) => (s === undefined ? NONE
      : s.kind === 'trace' ? (s.replay === 'closed' ? TRACE_CLOSED : TRACE_OPEN)
        : s.start.kind === 'population' ? POPULATION : ARRIVALS));
    this.population = Int32Array.from(of, (s) => (s?.kind === 'generated' && s.start.kind === 'population' ? s.start.size : 0));
    this.turns = of.map((s) => { const g = generated(s); return g === undefined ? undefined : createSampler(g.turns); });
    this.think = of.map((s) => { const g = generated(s); return g === undefined ? undefined : createSampler(g.think); });
    this.turnStreams = spec.classes.map((c, i) => (generated(of[i]) === undefined ? undefined : stream(`turns:${c.name}`)));
    this.thinkStreams = spec.classes.map((c, i) => (generated(of[i]) === undefined ? undefined : stream(`think:${c.name}`)));
    this.clocks = spec.classes.map((c, i) => {
      const s = generated(of[i]);
      return s?.start.kind === 'arrivals' ? new ArrivalClock(s.start.arrivals, horizon, stream(`sessions:${c.name}`), `the sessions of class '${c.name}'`, compile) : undefined;
    });
    let serials = 0;
    this.traces = of.map((s) => {
      if (s?.kind !== 'trace') return undefined;
      const t = traceSessions(s.trace.times, s.session, serials);
      serials += t.turns.length;
      return t;
    });
    this.nextSerial = serials;
    this.cursor = new Int32Array(spec.classes.length);
  }

  /** Schedules the first sessions (call once, at time 0). */
  begin(): void {
    for (let c = 0; c < this.mode.length; c++) {
      switch (this.mode[c]) {
        case POPULATION:
          for (let i = 0; i < this.population[c]!; i++) this.host.scheduleTurn(0, this.open(c, 0, this.nextSerial++, -1));
          break;
        case ARRIVALS: this.scheduleStart(c, this.clocks[c]!.next(0)); break;
        case TRACE_CLOSED: case TRACE_OPEN: this.scheduleTraceStart(c); break;
        default:
      }
    }
  }

  /** A session of class c starts now (arrivals), or its trace's next session or row is due. */
  fireStart(c: number, now: number): void {
    switch (this.mode[c]) {
      case ARRIVALS: {
        const slot = this.open(c, now, this.nextSerial++, -1);
        this.scheduleStart(c, this.clocks[c]!.next(now));
        this.fireTurn(slot);
        return;
      }
      case TRACE_CLOSED: {
        const t = this.traces[c]!;
        const row = t.firstRows[this.cursor[c]!]!;
        this.cursor[c]!++;
        const slot = this.open(c, now, t.serialBase + t.index[row]!, row);
        this.scheduleTraceStart(c);
        this.fireTurn(slot);
        return;
      }
      default: {
        const t = this.traces[c]!;
        const row = this.cursor[c]!;
        this.cursor[c] = row + 1;
        const s = t.index[row]!;
        let slot = t.slotOf[s]!;
        if (slot < 0) {
          slot = t.slotOf[s] = this.open(c, now, t.serialBase + s, row);
          this.left[slot] = t.turns[s]!;
        }
        this.scheduleTraceStart(c);
        this.host.startTurn(c, slot, this.serial[slot]!, row);
      }
    }
  }

  /** The session in `slot` sends its next turn now. */
  fireTurn(slot: number): void {
    this.host.startTurn(this.cls[slot]!, slot, this.serial[slot]!, this.row[slot]!);
  }

  /** A turn of the session in `slot` ended (any outcome): the next one follows, or the session ends. */
  turnEnded(slot: number, now: number): void {
    const c = this.cls[slot]!;
    this.done[slot]!++;
    switch (this.mode[c]) {
      case TRACE_OPEN:
        if (--this.left[slot]! === 0) { this.traces[c]!.slotOf[this.traces[c]!.index[this.row[slot]!]!] = -1; this.close(slot, now); }
        return;
      case TRACE_CLOSED: {
        const t = this.traces[c]!;
        const row = this.row[slot]!;
        const next = t.nextRow[row]!;
        if (next < 0 || this.exhausted[slot] === 1) { this.close(slot, now); return; }
        this.row[slot] = next;
        this.host.scheduleTurn(now + (t.times[next]! - t.times[row]!), slot);
        return;
      }
      default:
        if (--this.left[slot]! > 0 && this.exhausted[slot] === 0) {
          this.host.scheduleTurn(now + Math.max(0, this.think[c]!.sample(this.thinkStreams[c]!)), slot);
          return;
        }
        this.close(slot, now);
        // A closed population keeps its size: a new session replaces the old at once.
        if (this.mode[c] === POPULATION) this.host.scheduleTurn(now, this.open(c, now, this.nextSerial++, -1));
    }
  }

  /** The session in `slot` sends no more turns once the current one ends (its budget is spent). */
  exhaust(slot: number): void {
    this.exhausted[slot] = 1;
  }

  /** A session of class c starting now in a fresh slot. */
  private open(c: number, now: number, serial: number, row: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    this.cls[slot] = c;
    this.serial[slot] = serial;
    this.row[slot] = row;
    this.start[slot] = now;
    this.done[slot] = 0;
    this.exhausted[slot] = 0;
    this.left[slot] = this.mode[c] === POPULATION || this.mode[c] === ARRIVALS
      ? Math.max(1, Math.round(this.turns[c]!.sample(this.turnStreams[c]!))) : 0;
    this.host.sessionStarted(slot);
    return slot;
  }

  private close(slot: number, now: number): void {
    const st = this.stats;
    st.sessions++;
    st.sessionTurns += this.done[slot]!;
    st.sessionDurationSum += now - this.start[slot]!;
    this.free[this.freeCount++] = slot;
  }

  private scheduleStart(c: number, t: number): void {
    if (t !== Infinity) this.host.scheduleSessionStart(t, c);
  }

  /** Schedules the next first row (closed replay) or row (open replay) of class c's trace. */
  private scheduleTraceStart(c: number): void {
    const t = this.traces[c]!;
    const i = this.cursor[c]!;
    const rows = this.mode[c] === TRACE_CLOSED ? t.firstRows.length : t.times.length;
    if (i >= rows) return;
    const time = t.times[this.mode[c] === TRACE_CLOSED ? t.firstRows[i]! : i]!;
    if (time <= this.horizon) this.host.scheduleSessionStart(time, c);
  }

  private grow(): void {
    const old = this.cls.length;
    const n = Math.max(64, 2 * old);
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.cls = i32(this.cls);
    this.serial = i32(this.serial);
    this.left = i32(this.left);
    this.done = i32(this.done);
    this.row = i32(this.row);
    const f = new Float64Array(n); f.set(this.start); this.start = f;
    const u = new Uint8Array(n); u.set(this.exhausted); this.exhausted = u;
    const free = new Int32Array(n);
    // Called with the free list empty: it now holds the new slots, lowest on top.
    for (let s = n - 1; s >= old; s--) free[this.freeCount++] = s;
    this.free = free;
  }
}
