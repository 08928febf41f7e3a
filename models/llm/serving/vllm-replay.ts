// Replays a benchmark's requests through vLLM's (V1) scheduler, step by step, with a step-time model.
// Each step, on each data-parallel rank: the running requests first, in order, each taking the
// tokens it still has to compute (1 when decoding, the rest of its prompt when prefilling) from
// the step's budget of max_num_batched_tokens (chunked prefill); a request whose KV blocks cannot
// be allocated preempts the last running request (recompute: it frees its blocks and returns to
// the front of the line); then, unless a preemption happened, waiting requests join while the
// budget lasts, fewer than max_num_seqs run and their blocks (16 tokens each) fit. At the step's
// end every request whose computed tokens reach its length samples a token. Data-parallel ranks
// get arrivals by vLLM's balancing score (4 x waiting + running); with expert parallelism they
// step in lockstep (the mixture of experts spans them), each step lasting as long as the slowest.
// vLLM schedules one step ahead (async scheduling, on by default in the 0.19 of these runs): while step k runs, step
// k + 1 is already scheduled, and the engine reads new requests only when step k's results return.
// So a request arriving during step k is queued (vLLM's queued_ts, where its TTFT and e2e start) at
// the end of step k and first computed in step k + 2; an idle engine takes it at once.

import type { EngineSettings, RunWorkload } from './run-folder.js';
import { emptyShape, type StepShape, type StepTimer } from './step-time.js';

export const BLOCK_TOKENS = 16;

export interface ReplayOptions {
  readonly settings: EngineSettings;
  readonly model: StepTimer;
  /** Data-parallel ranks step together (a mixture of experts spread over them by expert parallelism). */
  readonly lockstep: boolean;
  /** KV-cache blocks of BLOCK_TOKENS tokens per data-parallel rank. */
  readonly kvBlocks: number;
  /** Seconds between samples of running/waiting requests (the time series), from the first arrival. */
  readonly sampleEvery: number;
}

export interface ReplayResult {
  /** Seconds, per request: from being queued by the engine to first token, to last token, and per output token after the first (NaN for one token). */
  readonly ttft: Float64Array;
  readonly e2e: Float64Array;
  readonly tpot: Float64Array;
  /** Running and waiting requests (all ranks) at t = sampleEvery, 2 sampleEvery, ... */
  readonly sampleTimes: Float64Array;
  readonly running: Int32Array;
  readonly waiting: Int32Array;
  readonly steps: number;
  readonly preemptions: number;
}

/** One rank's scheduler state. */
interface Rank {
  readonly running: Int32Array;
  count: number;
  /** Tokens each running request computes in the current step. */
  readonly take: Int32Array;
  waiting: number[];
  /** Arrived while the rank's group was stepping: the engine reads them when the step ends. */
  incoming: number[];
  freeBlocks: number;
  readonly shape: StepShape;
}

export function replayVllm(w: RunWorkload, o: ReplayOptions): ReplayResult {
  const n = w.arrivals.length, s = o.settings;
  const computed = new Int32Array(n), generated = new Int32Array(n), blocks = new Int32Array(n), rankOf = new Int32Array(n);
  const first = new Float64Array(n).fill(NaN), last = new Float64Array(n).fill(NaN), queued = new Float64Array(n).fill(NaN);
  const ranks: Rank[] = Array.from({ length: s.dp }, () => ({ running: new Int32Array(s.maxNumSeqs), take: new Int32Array(s.maxNumSeqs), count: 0, waiting: [], incoming: [], freeBlocks: o.kvBlocks, shape: emptyShape() }));
  const lockstep = s.dp > 1 && o.lockstep;
  const groups = lockstep ? [ranks.map((_, i) => i)] : ranks.map((_, i) => [i]);
  const groupOf = (k: number) => (lockstep ? 0 : k);
  const busy = new Uint8Array(groups.length), stepEnd = new Float64Array(groups.length).fill(Infinity);
  const samples: number[] = [], sRunning: number[] = [], sWaiting: number[] = [];
  let steps = 0, preemptions = 0, nextSample = o.sampleEvery, done = 0;

  const length = (r: number) => w.inputTokens[r]! + generated[r]!;

  const preemptLast = (rank: Rank): number => {
    const victim = rank.running[--rank.count]!;
    rank.freeBlocks += blocks[victim]!;
    blocks[victim] = 0;
    computed[victim] = 0;
    rank.waiting.unshift(victim);
    preemptions++;
    return victim;
  };

  /** Fills rank's step; returns its tokens. */
  const schedule = (rank: Rank): number => {
    let budget = s.maxNumBatchedTokens;
    const sh = rank.shape;
    sh.sequences = sh.prefillTokens = sh.prefillKv = sh.decodes = sh.decodeKv = 0;
    let preempted = false;
    let i = 0;
    const add = (r: number, t: number) => {
      if (t === 1 && generated[r]! > 0 && computed[r] === length(r) - 1) { sh.decodes++; sh.decodeKv += computed[r]! + 1; }
      else { sh.prefillTokens += t; sh.prefillKv += t * computed[r]!; }
      sh.sequences++;
    };
    while (i < rank.count && budget > 0) {
      const r = rank.running[i]!;
      const t = Math.min(length(r) - computed[r]!, budget);
      let need = Math.ceil((computed[r]! + t) / BLOCK_TOKENS) - blocks[r]!;
      let self = false;
      while (need > rank.freeBlocks) {
        preempted = true;
        if (preemptLast(rank) === r) { self = true; break; }
      }
      if (self) break;
      rank.freeBlocks -= Math.max(0, need);
      blocks[r]! += Math.max(0, need);
      rank.take[i] = t;
      budget -= t;
      add(r, t);
      i++;
    }
    for (let j = i; j < rank.count; j++) rank.take[j] = 0;
    if (!preempted) {
      while (rank.waiting.length > 0 && budget > 0 && rank.count < s.maxNumSeqs) {
        const r = rank.waiting[0]!;
        const t = Math.min(length(r) - computed[r]!, budget);
        const need = Math.ceil((computed[r]! + t) / BLOCK_TOKENS);
        if (need > rank.freeBlocks) break;
        rank.waiting.shift();
        rank.freeBlocks -= need;
        blocks[r] = need;
        rank.running[rank.count] = r;
        rank.take[rank.count++] = t;
        budget -= t;
        add(r, t);
      }
    }
    return s.maxNumBatchedTokens - budget;
  };

  /** The engine reads the requests that arrived while its group stepped. */
  const admitIncoming = (g: number, now: number): boolean => {
    let any = false;
    for (const k of groups[g]!) {
      const rank = ranks[k]!;
      for (const r of rank.incoming) { queued[r] = now; rank.waiting.push(r); any = true; }
      rank.incoming.length = 0;
    }
    return any;
  };

  const scheduleGroup = (g: number): { tokens: number; most: number } => {
    let tokens = 0, most = 0;
    for (const k of groups[g]!) { const t = schedule(ranks[k]!); tokens += t; most = Math.max(most, t); }
    return { tokens, most };
  };

  /** Starts the group's next step at `now`: scheduled one step ahead, so without what was just admitted, unless that step would be empty. */
  const startStep = (g: number, now: number): void => {
    let { tokens, most } = scheduleGroup(g);
    if (admitIncoming(g, now) && tokens === 0) ({ tokens, most } = scheduleGroup(g));
    if (tokens === 0) { busy[g] = 0; stepEnd[g] = Infinity; return; }
    let dt = 0;
    for (const k of groups[g]!) dt = Math.max(dt, o.model.time(ranks[k]!.shape, tokens, most));
    busy[g] = 1;
    stepEnd[g] = now + dt;
    steps++;
  };

  const endStep = (g: number, now: number): void => {
    for (const k of groups[g]!) {
      const rank = ranks[k]!;
      let kept = 0;
      for (let i = 0; i < rank.count; i++) {
        const r = rank.running[i]!;
        computed[r]! += rank.take[i]!;
        if (rank.take[i]! > 0 && computed[r] === length(r)) {
          generated[r]!++;
          if (Number.isNaN(first[r]!)) first[r] = now;
          if (generated[r] === w.outputTokens[r]) {
            last[r] = now;
            rank.freeBlocks += blocks[r]!;
            blocks[r] = 0;
            done++;
            continue;
          }
        }
        rank.running[kept++] = r;
      }
      rank.count = kept;
    }
    startStep(g, now);
  };

  const sampleUpTo = (t: number): void => {
    while (nextSample <= t) {
      let running = 0, waiting = 0;
      for (const rank of ranks) { running += rank.count; waiting += rank.waiting.length; }
      samples.push(nextSample); sRunning.push(running); sWaiting.push(waiting);
      nextSample += o.sampleEvery;
    }
  };

  let a = 0;
  while (done < n) {
    const tA = a < n ? w.arrivals[a]! : Infinity;
    let g = -1, tS = Infinity;
    for (let i = 0; i < groups.length; i++) if (stepEnd[i]! < tS) { tS = stepEnd[i]!; g = i; }
    if (tA === Infinity && g < 0) throw new Error('replay stalled with requests left');
    if (tA < tS) {
      sampleUpTo(tA);
      let best = 0, score = Infinity;
      ranks.forEach((rank, k) => { const v = 4 * (rank.waiting.length + rank.incoming.length) + rank.count; if (v < score) { score = v; best = k; } });
      rankOf[a] = best;
      const bg = groupOf(best);
      ranks[best]!.incoming.push(a);
      if (busy[bg] === 0) startStep(bg, tA);
      a++;
    } else {
      sampleUpTo(tS);
      endStep(g, tS);
    }
  }
  sampleUpTo(Math.max(...last));
  const ttft = new Float64Array(n), e2e = new Float64Array(n), tpot = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    ttft[r] = first[r]! - queued[r]!;
    e2e[r] = last[r]! - queued[r]!;
    tpot[r] = w.outputTokens[r]! > 1 ? (last[r]! - first[r]!) / (w.outputTokens[r]! - 1) : NaN;
  }
  return { ttft, e2e, tpot, sampleTimes: Float64Array.from(samples), running: Int32Array.from(sRunning), waiting: Int32Array.from(sWaiting), steps, preemptions };
}
