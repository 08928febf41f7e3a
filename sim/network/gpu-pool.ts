// A pool of GPU replicas serving one model by continuous batching. Each replica runs iteration
// after iteration: admitted sequences prefill their prompt (in chunks if configured), then decode
// one token per iteration; sequences join and leave only at iteration boundaries, while KV-cache
// memory allows. Calls wait in one FCFS line shared by the pool's replicas.

import type { Kernel } from '../kernel.js';
import { SimulationError } from '../errors.js';
import { LruSet } from './lru.js';
import { PREFIX_BLOCK_TOKENS, type Curve, type GpuPoolSpec, type ModelSpec } from './spec.js';

/** What the pool needs from the engine around it. */
export interface GpuHost {
  readonly kernel: Kernel;
  /** Schedules the end of an iteration of global replica `replica`. */
  scheduleIteration(time: number, replica: number): void;
  /** Request r's call has produced all its output tokens. */
  callDone(r: number): void;
}

/** Statistics since the last reset (warm-up), summed over the pool's replicas. */
export interface GpuPoolStats {
  busyTime: number;
  /** Integral of running sequences over busy time, and of KV tokens held over time. */
  batchArea: number;
  kvArea: number;
  /** Largest KV occupancy seen on any replica, as a fraction of its memory. */
  kvMax: number;
  queueArea: number;
  iterations: number;
  outputTokens: number;
  promptTokens: number;
  prefixTokens: number;
  preemptions: number;
}

/** y(x) on a piecewise-linear curve, extended linearly past its last point. */
export function evaluateCurve(c: Curve, x: number): number {
  const xs = c.x, ys = c.y;
  const n = xs.length;
  let i = 1;
  while (i < n - 1 && xs[i]! < x) i++;
  const x0 = xs[i - 1]!, x1 = xs[i]!, y0 = ys[i - 1]!, y1 = ys[i]!;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

export class GpuPool {
  readonly spec: GpuPoolSpec;
  readonly model: ModelSpec;
  /** Global id of this pool's first replica; replica k of the pool is firstReplica + k. */
  readonly firstReplica: number;
  readonly stats: GpuPoolStats = emptyPoolStats();
  private readonly host: GpuHost;
  private readonly capacityTokens: number;
  private statsSince = 0;

  // The shared line (preempted sequences go back to its front).
  private line = new Int32Array(64);
  private lineHead = 0;
  private lineLength = 0;
  private lineSince = 0;

  // Per replica: running sequences in admission order, and what this iteration does.
  private readonly running: Int32Array[];
  private readonly take: Int32Array[];
  private readonly count: Int32Array;
  private readonly kvUsed: Float64Array;
  private readonly inCache: Float64Array;
  private readonly busy: Uint8Array;
  private readonly iterationStart: Float64Array;
  private readonly prefix: (LruSet | undefined)[];
  /** Calls finished in the iteration being closed (scratch, so nothing is allocated per event). */
  private readonly finished: Int32Array;

  // Per request id (grown on demand): the call's tokens and progress.
  private prompt = new Float64Array(0);
  private output = new Float64Array(0);
  /** Tokens to prefill: the prompt (less reused prefix), or prompt + generated after preemption. */
  private target = new Float64Array(0);
  private done = new Float64Array(0);
  private generated = new Float64Array(0);
  /** KV tokens allocated to the sequence on its replica, and its computed (cached) tokens. */
  private alloc = new Float64Array(0);
  private cached = new Float64Array(0);
  private firstToken = new Float64Array(0);
  private admitted = new Float64Array(0);
  /** Prefix block ids of each call: a slice [start, end) of its class's trace id column. */
  private prefixIds: (Int32Array | undefined)[] = [];
  private prefixStart = new Int32Array(0);
  private prefixEnd = new Int32Array(0);

  constructor(spec: GpuPoolSpec, model: ModelSpec, firstReplica: number, host: GpuHost) {
    this.spec = spec;
    this.model = model;
    this.firstReplica = firstReplica;
    this.host = host;
    this.capacityTokens = Math.floor(spec.kvBytes / model.profile.kvBytesPerToken);
    const n = spec.replicas;
    this.running = Array.from({ length: n }, () => new Int32Array(spec.maxBatch));
    this.take = Array.from({ length: n }, () => new Int32Array(spec.maxBatch));
    this.count = new Int32Array(n);
    this.kvUsed = new Float64Array(n);
    this.inCache = new Float64Array(n);
    this.busy = new Uint8Array(n);
    this.iterationStart = new Float64Array(n);
    this.prefix = Array.from({ length: n }, () => (spec.prefixCacheBlocks > 0 ? new LruSet(spec.prefixCacheBlocks, Infinity) : undefined));
    this.finished = new Int32Array(spec.maxBatch);
  }

  /** Time of the call's first output token (NaN before it). */
  firstTokenAt(r: number): number {
    return this.firstToken[r]!;
  }

  /** Time the call was first admitted to a replica (its wait ends). */
  admittedAt(r: number): number {
    return this.admitted[r]!;
  }

  outputTokensOf(r: number): number {
    return this.output[r]!;
  }

  promptTokensOf(r: number): number {
    return this.prompt[r]!;
  }

  /** A call arrives: it waits in line, and starts at once if a replica is idle. */
  submit(r: number, promptTokens: number, outputTokens: number, prefix: Int32Array | undefined, start: number, end: number): void {
    if (r >= this.prompt.length) this.grow(r + 1);
    // Every token of a sequence is in the KV cache when it ends, whatever the policy.
    const needed = promptTokens + outputTokens;
    if (needed > this.capacityTokens) {
      throw new SimulationError(
        `gpus.${this.spec.name}.kv_memory: a call of ${promptTokens} prompt + ${outputTokens} output tokens needs ${needed * this.model.profile.kvBytesPerToken} bytes of KV cache, but a replica holds ${this.capacityTokens} tokens (${this.spec.kvBytes} bytes)`,
      );
    }
    this.prompt[r] = promptTokens;
    this.output[r] = outputTokens;
    this.target[r] = promptTokens;
    this.done[r] = 0;
    this.generated[r] = 0;
    this.firstToken[r] = NaN;
    this.admitted[r] = NaN;
    this.prefixIds[r] = prefix;
    this.prefixStart[r] = start;
    this.prefixEnd[r] = end;
    this.stats.promptTokens += promptTokens;
    this.pushLine(r, false);
    for (let k = 0; k < this.spec.replicas; k++) if (this.busy[k] === 0) this.startIteration(k);
  }

  /** Accounts busy time, batch and KV occupancy of replicas' iterations up to `now`. */
  accrue(now: number): void {
    this.accrueLine(now);
    for (let k = 0; k < this.spec.replicas; k++) if (this.busy[k] === 1) this.accrueIteration(k, now);
  }

  private accrueIteration(k: number, now: number): void {
    const dt = now - Math.max(this.iterationStart[k]!, this.statsSince);
    const st = this.stats;
    if (dt > 0) {
      st.busyTime += dt;
      st.batchArea += this.count[k]! * dt;
      st.kvArea += this.kvUsed[k]! * dt;
    }
    this.iterationStart[k] = now;
  }

  /** The iteration of local replica k ends: account for it, release finished calls, start the next. */
  iterationEnd(k: number): void {
    const now = this.host.kernel.now;
    this.accrueIteration(k, now);
    const st = this.stats;
    const running = this.running[k]!, take = this.take[k]!;
    const reserve = this.spec.kvPolicy === 'reserve';
    let kept = 0;
    let nFinished = 0;
    for (let i = 0; i < this.count[k]!; i++) {
      const r = running[i]!;
      const t = take[i]!;
      let produced = false;
      if (t > 0) {
        this.done[r]! += t;
        this.cached[r]! += t;
        this.inCache[k]! += t;
        produced = this.done[r] === this.target[r];
      } else {
        produced = true;
      }
      if (produced) {
        this.generated[r]!++;
        this.cached[r]!++;
        this.inCache[k]!++;
        if (!reserve) { this.alloc[r]!++; this.kvUsed[k]!++; }
        st.outputTokens++;
        if (Number.isNaN(this.firstToken[r]!)) this.firstToken[r] = now;
      }
      if (this.generated[r]! >= this.output[r]!) {
        this.kvUsed[k]! -= this.alloc[r]!;
        this.inCache[k]! -= this.cached[r]!;
        this.finished[nFinished++] = r;
      } else {
        running[kept++] = r;
      }
    }
    this.count[k] = kept;
    this.busy[k] = 0;
    for (let i = 0; i < nFinished; i++) this.host.callDone(this.finished[i]!);
    if (this.busy[k] === 0) this.startIteration(k);
  }

  resetStatistics(now: number): void {
    this.accrueLine(now);
    Object.assign(this.stats, emptyPoolStats());
    this.statsSince = now;
  }

  private accrueLine(now: number): void {
    const from = Math.max(this.lineSince, this.statsSince);
    if (now > from) this.stats.queueArea += this.lineLength * (now - from);
    this.lineSince = now;
  }

  /** Admits what fits, plans the iteration and schedules its end; leaves the replica idle if empty. */
  private startIteration(k: number): void {
    const now = this.host.kernel.now;
    const spec = this.spec;
    const reserve = spec.kvPolicy === 'reserve';
    const running = this.running[k]!, take = this.take[k]!;
    this.accrueLine(now);
    while (this.lineLength > 0 && this.count[k]! < spec.maxBatch) {
      const r = this.line[this.lineHead]!;
      const first = Number.isNaN(this.admitted[r]!);
      const reused = first ? this.reusablePrefix(k, r) : 0;
      const target = this.target[r]! - reused;
      const need = target + (reserve ? this.output[r]! - this.generated[r]! : 0);
      if (this.kvUsed[k]! + need > this.capacityTokens) break;
      this.lineHead = (this.lineHead + 1) & (this.line.length - 1);
      this.lineLength--;
      if (first) {
        this.admitted[r] = now;
        this.cachePrefix(k, r);
        this.target[r] = target;
        this.stats.prefixTokens += reused;
      }
      this.alloc[r] = need;
      this.cached[r] = 0;
      this.done[r] = 0;
      this.kvUsed[k]! += need;
      running[this.count[k]!++] = r;
    }
    if (this.count[k] === 0) return;

    // Prefill budget goes to the oldest sequences first; the rest decode.
    let budget = spec.prefillChunk;
    let prefillTokens = 0;
    let producing = 0;
    let decoding = 0;
    for (let i = 0; i < this.count[k]!; i++) {
      const r = running[i]!;
      const rest = this.target[r]! - this.done[r]!;
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
        if (take[i]! > 0) { prefillTokens -= take[i]!; if (take[i] === this.target[r]! - this.done[r]!) producing--; }
        else { decoding--; producing--; }
        this.kvUsed[k]! -= this.alloc[r]!;
        this.inCache[k]! -= this.cached[r]!;
        this.target[r] = this.prompt[r]! + this.generated[r]!;
        this.stats.preemptions++;
        this.pushLine(r, true);
      }
      // submit() checked that one sequence alone always fits, so the batch is never emptied here.
      if (this.count[k] === 0) throw new SimulationError(`internal: replica ${k} of gpus.${spec.name} preempted every sequence`);
    }
    const p = this.model.profile;
    const time = p.fixed + evaluateCurve(p.prefill, prefillTokens) + evaluateCurve(p.decode, decoding) + p.perKvToken * this.inCache[k]!;
    this.stats.iterations++;
    this.stats.kvMax = Math.max(this.stats.kvMax, this.kvUsed[k]! / this.capacityTokens);
    this.busy[k] = 1;
    this.iterationStart[k] = now;
    this.host.scheduleIteration(now + time, this.firstReplica + k);
  }

  /** Prompt tokens of call r whose KV replica k already holds: its leading cached prefix blocks. */
  private reusablePrefix(k: number, r: number): number {
    const cache = this.prefix[k];
    const ids = this.prefixIds[r];
    if (cache === undefined || ids === undefined) return 0;
    const now = this.host.kernel.now;
    const start = this.prefixStart[r]!, end = this.prefixEnd[r]!;
    let matched = 0;
    while (start + matched < end && cache.holds(ids[start + matched]!, now)) matched++;
    // At least one prompt token is always computed: it yields the first output token.
    return Math.max(0, Math.min(matched * PREFIX_BLOCK_TOKENS, this.prompt[r]! - 1));
  }

  /** Replica k now holds every prefix block of call r, as the most recently used. */
  private cachePrefix(k: number, r: number): void {
    const cache = this.prefix[k];
    const ids = this.prefixIds[r];
    if (cache === undefined || ids === undefined) return;
    const now = this.host.kernel.now;
    for (let i = this.prefixStart[r]!; i < this.prefixEnd[r]!; i++) cache.store(ids[i]!, now);
  }

  private pushLine(r: number, front: boolean): void {
    this.accrueLine(this.host.kernel.now);
    if (this.lineLength === this.line.length) {
      const big = new Int32Array(this.line.length * 2);
      for (let i = 0; i < this.lineLength; i++) big[i] = this.line[(this.lineHead + i) & (this.line.length - 1)]!;
      this.line = big;
      this.lineHead = 0;
    }
    const mask = this.line.length - 1;
    if (front) {
      this.lineHead = (this.lineHead - 1) & mask;
      this.line[this.lineHead] = r;
    } else {
      this.line[(this.lineHead + this.lineLength) & mask] = r;
    }
    this.lineLength++;
  }

  private grow(min: number): void {
    const size = Math.max(min, this.prompt.length * 2, 256);
    const g = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.prompt = g(this.prompt);
    this.output = g(this.output);
    this.target = g(this.target);
    this.done = g(this.done);
    this.generated = g(this.generated);
    this.alloc = g(this.alloc);
    this.cached = g(this.cached);
    this.firstToken = g(this.firstToken);
    this.admitted = g(this.admitted);
    const gi = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    this.prefixStart = gi(this.prefixStart);
    this.prefixEnd = gi(this.prefixEnd);
  }
}

function emptyPoolStats(): GpuPoolStats {
  return {
    busyTime: 0, batchArea: 0, kvArea: 0, kvMax: 0, queueArea: 0, iterations: 0,
    outputTokens: 0, promptTokens: 0, prefixTokens: 0, preemptions: 0,
  };
}
