// A pool of GPU replicas serving one model by continuous batching. Each replica runs iteration
// after iteration: admitted sequences prefill their prompt (in chunks if configured), then decode
// one token per iteration; sequences join and leave only at iteration boundaries, while KV-cache
// memory allows. Here calls wait in one FCFS line shared by a fixed set of replicas;
// gpu-replicas.ts adds per-replica lines, balancing and replicas that come and go.

import type { Kernel } from '../../kernel.js';
import { SimulationError } from '../../errors.js';
import { Deque } from './priority-queue.js';
import { GpuCalls } from './gpu-calls.js';
import { PrefixReuse } from './gpu-prefix.js';
import { emptyPoolStats, type GpuPoolStats } from '../record/gpu-stats.js';
import { evaluateCurve } from './gpu-curves.js';
import { READY, type CapacityStats } from '../capacity/replica-state.js';
import type { TimeseriesRecorder } from '../record/recorders.js';
import type { GpuPoolSpec, ModelSpec } from '../spec.js';

export { type GpuPoolStats } from '../record/gpu-stats.js';
export { evaluateCurve } from './gpu-curves.js';

/** What the pool needs from the engine around it. */
export interface GpuHost {
  readonly kernel: Kernel;
  /** Schedules the end of an iteration of global replica `replica`. */
  scheduleIteration(time: number, replica: number): void;
  /** The same, cancellable (replicas that can fail or be reclaimed mid-iteration). */
  scheduleIterationCancellable(time: number, replica: number): number;
  /** Request r's call has produced all its output tokens. */
  callDone(r: number): void;
  /** Session of r, -1 when none (session affinity). */
  sessionOf(r: number): number;
  /** Whether call r was abandoned while it waited (timed out, or its branch cancelled): it is dropped unserved. */
  abandoned(r: number): boolean;
  /** Abandoned call r has left the line without being served. */
  dropped(r: number): void;
}

export class GpuPool {
  readonly spec: GpuPoolSpec;
  /** Not readonly: a controller may change the model's prices between segments (Replication.setPrice). */
  model: ModelSpec;
  /** Global id of this pool's first replica; replica k of the pool is firstReplica + k. */
  readonly firstReplica: number;
  readonly stats: GpuPoolStats = emptyPoolStats();
  protected readonly host: GpuHost;
  protected readonly capacityTokens: number;
  protected readonly slots: number;
  /** Replica state per slot (replica-state.ts): always READY here. */
  protected readonly state: Int8Array;
  private statsSince = 0;

  /** The shared line (preempted sequences go back to its front); calls waiting in every line. */
  protected readonly shared = new Deque();
  protected waiting = 0;
  private lineSince = 0;
  /** Prompt tokens still to prefill of the calls waiting in each replica's own line. */
  protected readonly queued: Float64Array;

  // Per replica: running sequences in admission order, and what this iteration does.
  protected readonly running: Int32Array[];
  private readonly take: Int32Array[];
  protected readonly count: Int32Array;
  protected readonly kvUsed: Float64Array;
  protected readonly inCache: Float64Array;
  protected readonly busy: Uint8Array;
  protected readonly iterationStart: Float64Array;
  protected readonly prefix: PrefixReuse;
  /** Calls finished in the iteration being closed (scratch, so nothing is allocated per event). */
  protected readonly finished: Int32Array;
  /** Cumulative busy replica-seconds and waiting call-seconds since time 0 (autoscaler signals). */
  protected busySeconds = 0;
  protected waitingSeconds = 0;

  /** Per request id: the call's tokens and progress. */
  protected readonly calls = new GpuCalls();

  constructor(spec: GpuPoolSpec, model: ModelSpec, firstReplica: number, host: GpuHost, slots = spec.replicas, state?: Int8Array) {
    this.spec = spec;
    this.model = model;
    this.firstReplica = firstReplica;
    this.host = host;
    this.capacityTokens = Math.floor(spec.kvBytes / model.profile.kvBytesPerToken);
    const n = (this.slots = slots);
    this.state = state ?? new Int8Array(n).fill(READY);
    this.queued = new Float64Array(n);
    this.running = Array.from({ length: n }, () => new Int32Array(spec.maxBatch));
    this.take = Array.from({ length: n }, () => new Int32Array(spec.maxBatch));
    this.count = new Int32Array(n);
    this.kvUsed = new Float64Array(n);
    this.inCache = new Float64Array(n);
    this.busy = new Uint8Array(n);
    this.iterationStart = new Float64Array(n);
    this.prefix = new PrefixReuse(spec.prefixCacheBlocks, n);
    this.finished = new Int32Array(spec.maxBatch);
  }

  /** Replica statistics (pools with a capacity spec). */
  get capacityStats(): CapacityStats | undefined {
    return undefined;
  }

  /** Records the pool's replica count in the time series as pool `index`. */
  recordReplicas(timeseries: TimeseriesRecorder, index: number): void {
    timeseries.setPoolReplicas(index, 0, this.slots);
  }

  /**
   * Adds the pool's levels now to `out` from `at` (record/recorders.ts, POOL_GAUGES): calls
   * waiting, sequences running, KV cache in use in replicas' worth, replicas running an iteration.
   */
  gauges(out: Float64Array, at: number): void {
    let running = 0, kv = 0, busy = 0;
    for (let k = 0; k < this.slots; k++) {
      running += this.count[k]!;
      kv += this.kvUsed[k]!;
      busy += this.busy[k]!;
    }
    out[at]! += this.waiting;
    out[at + 1]! += running;
    out[at + 2]! += kv / this.capacityTokens;
    out[at + 3]! += busy;
  }

  /** Time of the call's first output token (NaN before it). */
  firstTokenAt(r: number): number {
    return this.calls.firstToken[r]!;
  }

  /** Time the call was first admitted to a replica (its wait ends). */
  admittedAt(r: number): number {
    return this.calls.admitted[r]!;
  }

  outputTokensOf(r: number): number {
    return this.calls.output[r]!;
  }

  promptTokensOf(r: number): number {
    return this.calls.prompt[r]!;
  }

  /** A call arrives: it waits in line, and starts at once if a replica is idle. */
  submit(r: number, promptTokens: number, outputTokens: number, prefix: Int32Array | undefined, start: number, end: number): void {
    const c = this.calls;
    c.ensure(r);
    // Every token of a sequence is in the KV cache when it ends, whatever the policy.
    const needed = promptTokens + outputTokens;
    if (needed > this.capacityTokens) {
      throw new SimulationError(
        `gpus.${this.spec.name}.kv_memory: a call of ${promptTokens} prompt + ${outputTokens} output tokens needs ${needed * this.model.profile.kvBytesPerToken} bytes of KV cache, but a replica holds ${this.capacityTokens} tokens (${this.spec.kvBytes} bytes)`,
      );
    }
    c.prompt[r] = promptTokens;
    c.output[r] = outputTokens;
    c.target[r] = promptTokens;
    c.done[r] = 0;
    c.generated[r] = 0;
    c.firstToken[r] = NaN;
    c.admitted[r] = NaN;
    c.submitted[r] = this.host.kernel.now;
    this.prefix.setCall(r, prefix, start, end);
    this.stats.promptTokens += promptTokens;
    this.place(r);
  }

  /** Puts a submitted call in line: here the shared one, started at once by any idle replica. */
  protected place(r: number): void {
    this.pushLine(-1, r, false);
    for (let k = 0; k < this.slots; k++) if (this.busy[k] === 0 && this.state[k] === READY) this.startIteration(k);
  }

  /** Accounts busy time, batch and KV occupancy of replicas' iterations up to `now`. */
  accrue(now: number): void {
    this.accrueLine(now);
    for (let k = 0; k < this.slots; k++) if (this.busy[k] === 1) this.accrueIteration(k, now);
  }

  protected accrueIteration(k: number, now: number): void {
    const dt = now - Math.max(this.iterationStart[k]!, this.statsSince);
    const st = this.stats;
    if (dt > 0) {
      st.busyTime += dt;
      st.batchArea += this.count[k]! * dt;
      st.kvArea += this.kvUsed[k]! * dt;
    }
    this.busySeconds += now - this.iterationStart[k]!;
    this.iterationStart[k] = now;
  }

  /** The iteration of local replica k ends: account for it, release finished calls, start the next. */
  iterationEnd(k: number): void {
    const now = this.host.kernel.now;
    this.accrueIteration(k, now);
    const st = this.stats, c = this.calls;
    const running = this.running[k]!, take = this.take[k]!;
    const reserve = this.spec.kvPolicy === 'reserve';
    // The loop runs once per sequence per iteration, the simulation's innermost: columns and the
    // replica's totals in locals (token counts are whole numbers, so the sums are exact in any order).
    const done = c.done, cached = c.cached, target = c.target, generated = c.generated, alloc = c.alloc, output = c.output, firstToken = c.firstToken;
    const finished = this.finished;
    let inCache = this.inCache[k]!, kvUsed = this.kvUsed[k]!, outputTokens = 0;
    let kept = 0;
    let nFinished = 0;
    const n = this.count[k]!;
    for (let i = 0; i < n; i++) {
      const r = running[i]!;
      const t = take[i]!;
      if (t > 0) {
        done[r]! += t;
        cached[r]! += t;
        inCache += t;
      }
      // A decoding sequence (nothing left to prefill) and one whose prefill just completed produce
      // a token; one the prefill budget left no tokens for this iteration produces nothing.
      if (done[r] === target[r]) {
        generated[r]!++;
        cached[r]!++;
        inCache++;
        if (!reserve) { alloc[r]!++; kvUsed++; }
        outputTokens++;
        if (Number.isNaN(firstToken[r]!)) firstToken[r] = now;
      }
      if (generated[r]! >= output[r]!) {
        kvUsed -= alloc[r]!;
        inCache -= cached[r]!;
        finished[nFinished++] = r;
      } else {
        running[kept++] = r;
      }
    }
    this.inCache[k] = inCache;
    this.kvUsed[k] = kvUsed;
    st.outputTokens += outputTokens;
    this.count[k] = kept;
    this.busy[k] = 0;
    this.finishing(k, nFinished, now);
    for (let i = 0; i < nFinished; i++) this.host.callDone(this.finished[i]!);
    if (this.busy[k] === 0) this.startIteration(k);
    this.iterated(k, now);
  }

  /** Hooks for gpu-replicas.ts: calls about to complete (ids in `finished`), and an iteration's aftermath. */
  protected finishing(_k: number, _n: number, _now: number): void {}
  protected iterated(_k: number, _now: number): void {}

  resetStatistics(now: number): void {
    this.accrueLine(now);
    Object.assign(this.stats, emptyPoolStats());
    this.statsSince = now;
  }

  protected accrueLine(now: number): void {
    const from = Math.max(this.lineSince, this.statsSince);
    if (now > from) this.stats.queueArea += this.waiting * (now - from);
    this.waitingSeconds += this.waiting * (now - this.lineSince);
    this.lineSince = now;
  }

  /** The line replica k admits from: the shared one here. */
  protected lineOf(_k: number): Deque {
    return this.shared;
  }

  /** Whether replica k admits calls from its line now. */
  protected admits(k: number): boolean {
    return this.state[k] === READY;
  }

  /** Admits what fits, plans the iteration and schedules its end; leaves the replica idle if empty. */
  protected startIteration(k: number): void {
    const now = this.host.kernel.now;
    const spec = this.spec;
    const reserve = spec.kvPolicy === 'reserve';
    const running = this.running[k]!, take = this.take[k]!, c = this.calls;
    const line = this.lineOf(k);
    const own = line !== this.shared;
    this.accrueLine(now);
    // Under a token budget the running sequences spend it first (a token per decode, the rest of each
    // prompt), and a call is admitted only while some is left, as vLLM schedules.
    const tokenBudget = spec.tokenBudget ?? Infinity;
    let planned = 0;
    if (tokenBudget !== Infinity) {
      for (let i = 0; i < this.count[k]!; i++) { const r = running[i]!; planned += Math.max(1, c.target[r]! - c.done[r]!); }
    }
    while (line.length > 0 && this.count[k]! < spec.maxBatch && planned < tokenBudget && this.admits(k)) {
      const r = line.at(0);
      if (this.host.abandoned(r)) {
        line.shift();
        this.waiting--;
        if (own) this.queued[k]! -= c.target[r]!;
        this.host.dropped(r);
        continue;
      }
      const first = Number.isNaN(c.admitted[r]!);
      const reused = first ? this.prefix.reusable(k, r, c.prompt[r]!, now) : 0;
      const target = c.target[r]! - reused;
      const need = target + (reserve ? c.output[r]! - c.generated[r]! : 0);
      if (this.kvUsed[k]! + need > this.capacityTokens) break;
      line.shift();
      this.waiting--;
      if (own) this.queued[k]! -= c.target[r]!;
      if (first) {
        c.admitted[r] = now;
        this.prefix.store(k, r, now);
        c.target[r] = target;
        this.stats.prefixTokens += reused;
      }
      c.alloc[r] = need;
      c.cached[r] = 0;
      c.done[r] = 0;
      this.kvUsed[k]! += need;
      running[this.count[k]!++] = r;
      planned += target;
    }
    if (this.count[k] === 0) return;

    // Prefill budget goes to the oldest sequences first, after the decodes' share of a token budget; the rest decode.
    let budget = spec.prefillChunk;
    if (tokenBudget !== Infinity) {
      let decodes = 0;
      for (let i = 0; i < this.count[k]!; i++) if (c.target[running[i]!] === c.done[running[i]!]) decodes++;
      budget = Math.min(budget, tokenBudget - decodes);
    }
    let prefillTokens = 0;
    let producing = 0;
    let decoding = 0;
    for (let i = 0; i < this.count[k]!; i++) {
      const r = running[i]!;
      const rest = c.target[r]! - c.done[r]!;
      const t = rest > 0 ? Math.min(rest, budget) : 0;
      take[i] = t;
      budget -= t;
      prefillTokens += t;
      if (rest === 0) { decoding++; producing++; } else if (t === rest) producing++;
    }
    // Under 'recompute' each produced token needs a KV slot: preempt the youngest until they fit.
    if (!reserve) {
      while (this.kvUsed[k]! + producing > this.capacityTokens) {
        const i = --this.count[k]!;
        const r = running[i]!;
        const rest = c.target[r]! - c.done[r]!;
        if (take[i]! > 0) { prefillTokens -= take[i]!; if (take[i] === rest) producing--; }
        else if (rest === 0) { decoding--; producing--; }
        this.evict(k, r);
        this.stats.preemptions++;
        this.pushLine(own ? k : -1, r, true);
      }
      // submit() checked that one sequence alone always fits, so the batch is never emptied here.
      if (this.count[k] === 0) throw new Error(`replica ${k} of gpus.${spec.name} preempted every sequence`);
    }
    const p = this.model.profile;
    const perKv = prefillTokens > 0 && p.perKvTokenMixed !== undefined ? p.perKvTokenMixed : p.perKvToken;
    const time = p.fixed + evaluateCurve(p.prefill, prefillTokens) + evaluateCurve(p.decode, decoding) + perKv * this.inCache[k]!;
    this.stats.iterations++;
    this.stats.kvMax = Math.max(this.stats.kvMax, this.kvUsed[k]! / this.capacityTokens);
    this.busy[k] = 1;
    this.iterationStart[k] = now;
    this.scheduleIteration(k, now + time);
  }

  protected scheduleIteration(k: number, time: number): void {
    this.host.scheduleIteration(time, this.firstReplica + k);
  }

  /** Sequence r leaves replica k's memory; it will recompute its prompt and the tokens generated so far. */
  protected evict(k: number, r: number): void {
    this.kvUsed[k]! -= this.calls.alloc[r]!;
    this.inCache[k]! -= this.calls.cached[r]!;
    this.calls.target[r] = this.calls.prompt[r]! + this.calls.generated[r]!;
  }

  /** Puts r in the shared line (k = -1) or replica k's own line, at the back or the front. */
  protected pushLine(k: number, r: number, front: boolean): void {
    this.accrueLine(this.host.kernel.now);
    const line = k < 0 ? this.shared : this.lineOf(k);
    if (front) line.pushFront(r); else line.push(r);
    if (k >= 0) this.queued[k]! += this.calls.target[r]!;
    this.waiting++;
  }

}
