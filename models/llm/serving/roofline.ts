// The roofline estimate of a step (docs/llm-profiles.md, "How each profile is derived") for a
// served model on a GPU, so that the same replay can show how far the estimate is from a real run
// next to the measured profile: one read of the weights per step, 2 FLOPs per active parameter
// per token, one read of every decoding sequence's KV per step; no overheads, no communication.

import { ASSUMPTIONS, type GpuDatasheet } from '../profiles.js';
import { kvBytesPerToken, type ServedArchitecture } from './architectures.js';
import type { StepShape, StepTimer } from './step-time.js';

/**
 * NVIDIA RTX PRO 6000 Blackwell Server Edition: 96 GB GDDR7; the bandwidth of the runs' config.json
 * (LLMServingSim's hardware description); dense bf16 tensor throughput 500 TFLOPS, from the
 * announced 4,000 TOPS of sparse FP4 halved for dense and twice for each step FP4 -> FP8 -> FP16.
 */
export const RTX_PRO_6000: GpuDatasheet = { name: 'RTX PRO 6000 Blackwell Server', memoryBytes: 96e9, bandwidth: 1597e9, flops: 500e12 };

export class RooflineStep implements StepTimer {
  private readonly fixed: number;
  private readonly perToken: number;
  private readonly perKvToken: number;

  /** `gpus`: GPUs the weights and work of one rank are split over (TP; under expert parallelism the ranks share the experts). */
  constructor(a: ServedArchitecture, gpu: GpuDatasheet, gpus: number) {
    const bandwidth = ASSUMPTIONS.bandwidthEfficiency * gpu.bandwidth * gpus;
    this.fixed = a.weightBytes / bandwidth;
    this.perToken = (2 * a.activeParams) / (ASSUMPTIONS.mfu * gpu.flops * gpus);
    this.perKvToken = kvBytesPerToken(a) / bandwidth;
  }

  time(s: StepShape): number {
    if (s.prefillTokens + s.decodes === 0) return 0;
    return this.fixed + this.perToken * (s.prefillTokens + s.decodes) + this.perKvToken * s.decodeKv;
  }
}
