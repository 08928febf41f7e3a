// LLM calls: the token counts of each call (a request attribute, or drawn), the budgets it must fit
// (budgets.ts) before it joins its agent's GPU pool with the trace's prefix blocks, and what a
// finished call adds up: time to first token, time per output token, tokens, cost and quality.

import type { Kernel } from '../../kernel.js';
import { SimulationError } from '../../errors.js';
import { createSampler, type Sampler } from '../../random/distributions.js';
import type { Stream } from '../../random/stream.js';
import { Budgets, DEFER, DEGRADE, type BudgetHost } from './budgets.js';
import type { FlowStats } from '../record/flow-stats.js';
import type { GpuPool } from '../resources/gpu-pool.js';
import { STOPPED, ZOMBIE, type RequestPool } from './requests.js';
import type { RouteTable } from './routes.js';
import type { CountSource, NetworkSpec } from '../spec.js';
import type { ReplicationStats } from '../record/stats.js';

/** What LLM calls need from the engine. */
export interface LlmHost {
  readonly kernel: Kernel;
  /** Starts the timeout of r's call at agent a, when the agent has one. */
  armTimeout(r: number, a: number): void;
  /** r's visit to agent a is over: its statistics, then route row `row`. */
  complete(r: number, a: number, row: number): void;
  end(r: number, outcome: number): void;
  /** Zombie r leaves agent a after `busy` seconds of wasted work. */
  discard(r: number, a: number, busy: number): void;
  /** A session budget stopped a turn of the session in `slot`: the session ends with it. */
  exhaustSession(slot: number): void;
  /** Calls `budgets.release(budget)` at `time`. */
  scheduleBudget(time: number, budget: number): void;
}

/** How an LLM agent gets a token count: an attribute column, or a sampler with its stream. */
interface CountReader {
  readonly column: number;
  readonly sampler: Sampler | undefined;
  readonly stream: Stream | undefined;
}

export class LlmCalls implements BudgetHost {
  /** Budgets on LLM spending; undefined when the scenario has none. */
  readonly budgets: Budgets | undefined;
  private readonly spec: NetworkSpec;
  private readonly pool: RequestPool;
  private readonly routes: RouteTable;
  private readonly nAgents: number;
  private readonly gpuPools: readonly GpuPool[];
  private readonly agentPool: Int32Array;
  private readonly inputTokens: (CountReader | undefined)[];
  private readonly outputTokens: (CountReader | undefined)[];
  private readonly prefixBlocks: readonly ({ offsets: Int32Array; ids: Int32Array } | undefined)[];
  private readonly stats: ReplicationStats;
  private readonly flow: FlowStats;
  private readonly host: LlmHost;
  /** Abandoned calls (zombies) can exist. */
  private readonly abandons: boolean;

  constructor(
    spec: NetworkSpec, pool: RequestPool, routes: RouteTable, gpuPools: readonly GpuPool[],
    prefixBlocks: readonly ({ offsets: Int32Array; ids: Int32Array } | undefined)[],
    stats: ReplicationStats, stream: (source: string) => Stream, host: LlmHost, abandons: boolean,
  ) {
    this.spec = spec;
    this.pool = pool;
    this.routes = routes;
    this.nAgents = spec.agents.length;
    this.gpuPools = gpuPools;
    this.prefixBlocks = prefixBlocks;
    this.stats = stats;
    this.flow = stats.flow;
    this.host = host;
    this.abandons = abandons;
    this.agentPool = Int32Array.from(spec.agents, (a) => (a.kind === 'llm' ? a.pool : -1));
    const reader = (source: CountSource, label: string): CountReader =>
      source.kind === 'attribute'
        ? { column: source.attribute, sampler: undefined, stream: undefined }
        : { column: -1, sampler: createSampler(source.dist), stream: stream(label) };
    this.inputTokens = spec.agents.map((a) => (a.kind === 'llm' ? reader(a.inputTokens, `tokens-in:${a.name}`) : undefined));
    this.outputTokens = spec.agents.map((a) => (a.kind === 'llm' ? reader(a.outputTokens, `tokens-out:${a.name}`) : undefined));
    this.budgets = (spec.budgets?.length ?? 0) > 0 ? new Budgets(spec, this.flow, this) : undefined;
  }

  /** Whether some budget sends calls to a cheaper agent (the request then routes as from the first). */
  get degrades(): boolean {
    return this.budgets?.action.some((x) => x === DEGRADE) ?? false;
  }

  /** Request r calls LLM agent a. */
  call(r: number, a: number): void {
    const prompt = Math.max(0, this.count(this.inputTokens[a]!, r, a));
    const output = Math.max(1, this.count(this.outputTokens[a]!, r, a));
    if (this.budgets !== undefined && this.budgets.applies[this.pool.cls[r]!] === 1) this.budgeted(r, a, prompt, output, false, -1);
    else this.submit(r, a, prompt, output);
  }

  /** An LLM call produced its last token: latency, tokens, cost and quality, then r moves on. */
  done(r: number): void {
    const now = this.host.kernel.now;
    const pool = this.pool;
    const a = pool.agent[r]!;
    const gpu = this.gpuPools[this.agentPool[a]!]!;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { this.discard(r, a, gpu); return; }
    const st = this.stats.agents;
    pool.started[r] = gpu.admittedAt(r);
    const first = gpu.firstTokenAt(r);
    const ttft = first - pool.entered[r]!;
    st.ttftSum[a]! += ttft;
    st.ttft[a]!.add(ttft);
    const output = gpu.outputTokensOf(r);
    const input = gpu.promptTokensOf(r);
    if (output > 1) {
      const tpot = (now - first) / (output - 1);
      st.tpotSum[a]! += tpot;
      st.tpotCount[a]!++;
      st.tpot[a]!.add(tpot);
    }
    const model = gpu.model;
    const cost = input * model.pricePerInputToken + output * model.pricePerOutputToken;
    st.cost[a]! += cost;
    st.tokensIn[a]! += input;
    st.tokensOut[a]! += output;
    pool.cost[r]! += cost;
    pool.tokensIn[r]! += input;
    pool.tokensOut[r]! += output;
    pool.quality[r] = model.quality;
    this.host.complete(r, a, this.routes.rowOf[pool.cls[r]! * this.nAgents + a]!);
  }

  /** When call r at LLM agent a was admitted to a batch (NaN while it waits). */
  admittedAt(r: number, a: number): number {
    return this.gpuPools[this.agentPool[a]!]!.admittedAt(r);
  }

  // BudgetHost
  scheduleBudget(time: number, budget: number): void {
    this.host.scheduleBudget(time, budget);
  }

  abandoned(r: number): boolean {
    return this.abandons && (this.pool.flags[r]! & ZOMBIE) !== 0;
  }

  deferredReady(r: number): void {
    const pool = this.pool;
    if (this.abandons && (pool.flags[r]! & ZOMBIE) !== 0) { pool.release(r); return; }
    this.budgeted(r, pool.agent[r]!, this.budgets!.heldPrompt[r]!, this.budgets!.heldOutput[r]!, true, -1);
  }

  /** Request r's call of `prompt` and `output` tokens to LLM agent a joins the agent's GPU pool. */
  private submit(r: number, a: number, prompt: number, output: number): void {
    const pool = this.pool;
    pool.agent[r] = a;
    pool.entered[r] = this.host.kernel.now;
    const blocks = this.prefixBlocks[pool.cls[r]!];
    const row = pool.traceRow[r]!;
    if (blocks !== undefined && row >= 0) {
      this.gpuPools[this.agentPool[a]!]!.submit(r, prompt, output, blocks.ids, blocks.offsets[row]!, blocks.offsets[row + 1]!);
    } else {
      this.gpuPools[this.agentPool[a]!]!.submit(r, prompt, output, undefined, 0, 0);
    }
    this.host.armTimeout(r, a);
  }

  /**
   * Request r's call to LLM agent a when its budgets have room (taken before the call); otherwise
   * what the exhausted budget says: a cheaper agent answers in its place (once per call: `degradedBy`
   * is the budget that sent it there, or -1), the call waits for a period budget to refill, or the
   * request stops.
   */
  private budgeted(r: number, a: number, prompt: number, output: number, released: boolean, degradedBy: number): void {
    const pool = this.pool;
    const budgets = this.budgets!;
    const model = this.gpuPools[this.agentPool[a]!]!.model;
    const cost = prompt * model.pricePerInputToken + output * model.pricePerOutputToken;
    const tokens = prompt + output;
    const c = pool.cls[r]!;
    let root = r;
    while (pool.parent[root]! >= 0) root = pool.parent[root]!;
    const b = budgets.check(c, root, pool.slot[r]!, cost, tokens, this.host.kernel.now, released);
    if (b < 0) {
      if (degradedBy >= 0) this.flow.budgetDegraded[degradedBy]!++;
      this.submit(r, a, prompt, output);
      return;
    }
    if (degradedBy < 0) this.flow.budgetExhausted[b]!++;
    const action = budgets.action[b]!;
    if (action === DEGRADE && degradedBy < 0) {
      const to = budgets.degradeTo[b]!;
      // The request then goes on as if agent a had answered.
      if (pool.nextRow[r]! < 0) pool.nextRow[r] = this.routes.rowOf[c * this.nAgents + a]!;
      const p = Math.max(0, this.count(this.inputTokens[to]!, r, to));
      const o = Math.max(1, this.count(this.outputTokens[to]!, r, to));
      this.budgeted(r, to, p, o, released, b);
      return;
    }
    if (action === DEFER) {
      pool.agent[r] = a;
      if (budgets.defer(b, r, cost, tokens, prompt, output, this.host.kernel.now)) return;
    }
    this.flow.budgetStopped[b]!++;
    if (budgets.perSession[b] === 1 && pool.slot[r]! >= 0) this.host.exhaustSession(pool.slot[r]!);
    this.host.end(r, STOPPED);
  }

  /** A zombie's call ended: its tokens were still produced and paid for, its batch time wasted. */
  private discard(r: number, a: number, gpu: GpuPool): void {
    const input = gpu.promptTokensOf(r), output = gpu.outputTokensOf(r);
    const cost = input * gpu.model.pricePerInputToken + output * gpu.model.pricePerOutputToken;
    const st = this.stats.agents;
    st.cost[a]! += cost;
    st.tokensIn[a]! += input;
    st.tokensOut[a]! += output;
    const cs = this.stats.classes[this.pool.cls[r]!]!;
    cs.cost += cost;
    cs.tokens += input + output;
    this.host.discard(r, a, this.host.kernel.now - gpu.admittedAt(r));
  }

  /** A whole token count for request r at LLM agent a. */
  private count(source: CountReader, r: number, a: number): number {
    const value = source.column >= 0 ? this.pool.attributes[source.column]![r]! : source.sampler!.sample(source.stream!);
    if (!Number.isFinite(value)) {
      throw new SimulationError(
        `agent '${this.spec.agents[a]!.name}': attribute '${this.spec.attributes[source.column]}' has no value for a request of class '${this.spec.classes[this.pool.cls[r]!]!.name}'`,
      );
    }
    return Math.round(value);
  }
}
