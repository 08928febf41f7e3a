// The time of one engine step (one forward pass over a batch) from a measured profile: per decoder
// layer the operators at the step's token count, attention by the batch's prefill chunk and KV
// lengths, the mixture of experts by tokens and experts activated, tensor-parallel all-reduces and
// expert-parallel all-to-alls over the interconnect, the lm_head and sampler by sequences, plus the
// fixed overheads no profile measures (CPU scheduling, launches): per step and per sequence.
// Allocation-free: a step is described by plain numbers.

import type { MeasuredProfile } from './profile-folder.js';
import type { Table1 } from './tables.js';

/** What one rank computes in a step. */
export interface StepShape {
  /** Requests in the batch (each gets logits and a sample). */
  sequences: number;
  /** Prompt tokens computed, over all prefilling requests. */
  prefillTokens: number;
  /** Sum over prefilling requests of chunk tokens x tokens already in their KV cache. */
  prefillKv: number;
  /** Requests decoding one token. */
  decodes: number;
  /** Sum of the decoding requests' KV lengths. */
  decodeKv: number;
}

export function emptyShape(): StepShape {
  return { sequences: 0, prefillTokens: 0, prefillKv: 0, decodes: 0, decodeKv: 0 };
}

/** What no profile measures, fitted on other runs or defaulted (docs/llm-profiles.md). Seconds. */
export interface Overheads {
  readonly perStep: number;
  readonly perSequence: number;
}

/** The GPUs' interconnect (from the run's config.json): bytes per second and seconds per message. */
export interface Interconnect {
  readonly bandwidth: number;
  readonly latency: number;
}

export interface Parallelism {
  /** Tensor-parallel GPUs of one replica (the profile folder's tp<N> is per GPU at that size). */
  readonly tp: number;
  /** Expert-parallel ranks a mixture of experts is spread over (data-parallel ranks with expert parallelism); 1 otherwise. */
  readonly ep: number;
}

const BYTES_PER_VALUE = 2;

/** Seconds of a step: what the replay needs of a step-time model (measured, or the roofline estimate). */
export interface StepTimer {
  time(s: StepShape, tokensAllRanks: number, paddedTokens: number): number;
}

export class StepTimeModel implements StepTimer {
  readonly profile: MeasuredProfile;
  readonly overheads: Overheads;
  private readonly parallel: Parallelism;
  private readonly link: Interconnect;
  private readonly layers: readonly Table1[];
  private readonly embedding: Table1;
  private readonly finalNorm: Table1;
  private readonly layernorm: Table1;
  private readonly lmHead: Table1;
  private readonly sampler: Table1;

  constructor(profile: MeasuredProfile, parallel: Parallelism, link: Interconnect, overheads: Overheads) {
    this.profile = profile;
    this.parallel = parallel;
    this.link = link;
    this.overheads = overheads;
    const d = profile.dense;
    this.layers = ['qkv_proj', 'qk_norm', 'rotary_emb', 'o_proj', 'gate_up_proj', 'act_fn', 'down_proj'].filter((l) => d.has(l)).map((l) => d.get(l)!);
    this.layernorm = d.get('layernorm')!;
    this.embedding = d.get('embedding')!;
    this.finalNorm = d.get('final_layernorm')!;
    this.lmHead = profile.perSequence.get('lm_head')!;
    this.sampler = profile.perSequence.get('sampler')!;
  }

  /**
   * Seconds of one step of `s` on one rank. Under expert parallelism the ranks step together:
   * `tokensAllRanks` counts the tokens of all of them (the experts see them all), and `paddedTokens`
   * the most any rank has (vLLM pads every rank's batch to it); otherwise both are the rank's own.
   */
  time(s: StepShape, tokensAllRanks: number, paddedTokens: number): number {
    return this.gpuMicros(s, tokensAllRanks, paddedTokens) * 1e-6 + this.communication(paddedTokens, tokensAllRanks) + this.overheads.perStep + this.overheads.perSequence * s.sequences;
  }

  /** The measured part, microseconds. */
  gpuMicros(s: StepShape, tokensAllRanks: number, paddedTokens: number): number {
    const p = this.profile;
    const tokens = Math.max(s.prefillTokens + s.decodes, paddedTokens);
    if (tokens === 0) return 0;
    let layer = 2 * this.layernorm.at(tokens);
    for (let i = 0; i < this.layers.length; i++) layer += this.layers[i]!.at(tokens);
    if (s.prefillTokens > 0) layer += p.prefillAttention.at(s.prefillTokens, s.prefillKv / s.prefillTokens);
    if (s.decodes > 0) layer += (s.prefillTokens > 0 ? p.mixedDecodeAttention : p.decodeAttention).at(s.decodes, s.decodeKv / s.decodes);
    if (p.moe !== undefined) layer += this.moeMicros(tokensAllRanks);
    return p.architecture.layers * layer + this.embedding.at(tokens) + this.finalNorm.at(tokens) + this.lmHead.at(s.sequences) + this.sampler.at(s.sequences);
  }

  /**
   * One rank's experts (experts / ep of them) for the tokens of all ranks: the profile measured T
   * tokens spread over A experts, so a rank whose experts each see the same load as on one GPU is
   * the profile at T / ep tokens, with the experts the batch is expected to touch among its own.
   */
  private moeMicros(tokens: number): number {
    const a = this.profile.architecture, ep = this.parallel.ep;
    const untouched = Math.pow(1 - a.expertsPerToken / a.experts, tokens);
    const activated = Math.max(a.expertsPerToken, (a.experts / ep) * (1 - untouched));
    return this.profile.moe!.at(activated, tokens / ep);
  }

  /** Two ring all-reduces of the activations per layer under TP; an all-gather and a reduce-scatter per layer under EP. Seconds. */
  private communication(tokens: number, tokensAllRanks: number): number {
    const a = this.profile.architecture, { tp, ep } = this.parallel, link = this.link;
    let t = 0;
    if (tp > 1) {
      const bytes = tokens * a.hidden * BYTES_PER_VALUE;
      t += 2 * a.layers * (2 * (tp - 1) * link.latency + ((2 * (tp - 1)) / tp) * bytes / link.bandwidth);
    }
    if (ep > 1 && a.experts > 0) {
      // vLLM's default all2all backend under DP+EP (allgather_reducescatter): every rank gathers
      // all ranks' activations before the experts and reduce-scatters after them.
      const bytes = tokensAllRanks * a.hidden * BYTES_PER_VALUE * ((ep - 1) / ep);
      t += 2 * a.layers * ((ep - 1) * link.latency + bytes / link.bandwidth);
    }
    return t;
  }
}
