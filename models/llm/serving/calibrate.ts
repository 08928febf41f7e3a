// `apmsim calibrate serving`, the pure part: check that a measured profile fits a benchmark run,
// build the step-time model, fit the overheads on other runs, replay the scored run and compare.

import { kvBytesPerToken } from './architectures.js';
import { ServingDataError } from './errors.js';
import { fidelityTable, type FidelityRow } from './fidelity.js';
import type { MeasuredProfile } from './profile-folder.js';
import type { BenchmarkRun, RunWorkload } from './run-folder.js';
import { StepTimeModel, type Overheads } from './step-time.js';
import { BLOCK_TOKENS, replayVllm, type ReplayResult } from './vllm-replay.js';
import { GPUS, type GpuDatasheet } from '../profiles.js';
import { RooflineStep, RTX_PRO_6000 } from './roofline.js';

/** GPU datasheets by the hardware names of LLMServingSim's configs, for the roofline estimate. */
const DATASHEETS: ReadonlyMap<string, GpuDatasheet> = new Map([['RTXPRO6000', RTX_PRO_6000], ['H100', GPUS.h100], ['A100', GPUS.a100]]);

/**
 * Defaults when no run is given to fit on: vLLM's per-step CPU work (scheduling, input preparation,
 * output processing) and per-request bookkeeping. See docs/llm-profiles.md for how they were chosen.
 */
export const DEFAULT_OVERHEADS: Overheads = { perStep: 0.001, perSequence: 0 };

/** The checks that the profile describes the run's model and parallelism, and that every request fits. */
export function checkProfileForRun(profile: MeasuredProfile, run: BenchmarkRun): void {
  const metaPath = `${run.dir}/meta.json`;
  if (profile.model !== run.settings.model) throw new ServingDataError(metaPath, run.lines.model, 'engine_kwargs.model', `the profile's model ${profile.model} (${profile.dir}/meta.yaml)`, `'${run.settings.model}'`);
  if (profile.tp !== run.settings.tp) throw new ServingDataError(metaPath, run.lines.tp, 'engine_kwargs.tensor_parallel_size', `${profile.tp} (the profile's TP size)`, `${run.settings.tp}`);
  if (profile.hardware !== run.hardware.hardware) throw new ServingDataError(`${run.dir}/config.json`, run.lines.hardware, 'nodes[0].instances[0].hardware', `the profile's hardware ${profile.hardware}`, `'${run.hardware.hardware}'`);
  const context = run.settings.maxModelLen ?? profile.architecture.maxContext;
  const w = run.workload;
  for (let r = 0; r < w.arrivals.length; r++) {
    const total = w.inputTokens[r]! + w.outputTokens[r]!;
    if (total > context) throw new ServingDataError(run.requestsPath, w.lines[r]!, 'input_toks', `input_toks + output_toks <= ${context} (the model's context)`, `${w.inputTokens[r]} + ${w.outputTokens[r]} = ${total}`);
  }
  const blocks = kvBlocks(profile, run);
  for (let r = 0; r < w.arrivals.length; r++) {
    const need = Math.ceil((w.inputTokens[r]! + w.outputTokens[r]!) / BLOCK_TOKENS);
    if (need > blocks) throw new ServingDataError(run.requestsPath, w.lines[r]!, 'input_toks', `a request that fits in the KV cache (${blocks} blocks of ${BLOCK_TOKENS} tokens)`, `${need} blocks`);
  }
}

/**
 * KV blocks per data-parallel rank: the memory vLLM may use (gpu_memory_utilization) on the rank's
 * TP GPUs, less its share of the weights (a mixture of experts under expert parallelism spreads
 * its weights over the ranks), divided by the bytes of a block.
 */
export function kvBlocks(profile: MeasuredProfile, run: BenchmarkRun): number {
  const a = profile.architecture, s = run.settings, h = run.hardware;
  const ep = s.expertParallel && a.experts > 0 ? s.dp : 1;
  const free = h.memoryUtilization * h.memoryBytes * s.tp - a.weightBytes / ep;
  return Math.max(0, Math.floor(free / (kvBytesPerToken(a) * BLOCK_TOKENS)));
}

export function stepModelFor(profile: MeasuredProfile, run: BenchmarkRun, overheads: Overheads): StepTimeModel {
  const ep = run.settings.expertParallel && profile.architecture.experts > 0 ? run.settings.dp : 1;
  return new StepTimeModel(profile, { tp: run.settings.tp, ep }, { bandwidth: run.hardware.linkBandwidth, latency: run.hardware.linkLatency }, overheads);
}

/** Replays a run's workload (its latencies are not an input). */
export function predictRun(profile: MeasuredProfile, run: Omit<BenchmarkRun, 'measured' | 'timeseries'> & { workload: RunWorkload }, overheads: Overheads): ReplayResult {
  return replayVllm(run.workload, { settings: run.settings, model: stepModelFor(profile, run as BenchmarkRun, overheads), lockstep: lockstepFor(profile, run), kvBlocks: kvBlocks(profile, run as BenchmarkRun), sampleEvery: 1 });
}

/** Whether the run's data-parallel ranks step together: a mixture of experts under expert parallelism. */
export function lockstepFor(profile: MeasuredProfile, run: Pick<BenchmarkRun, 'settings'>): boolean {
  return run.settings.expertParallel && profile.architecture.experts > 0;
}

export function fidelityOf(run: BenchmarkRun, predicted: ReplayResult): FidelityRow[] {
  return fidelityTable(run.measured, predicted);
}

/** The same replay with the roofline estimate of a step instead of the measured profile; undefined when apmsim has no datasheet for the run's GPU. */
export function predictRunRoofline(profile: MeasuredProfile, run: BenchmarkRun): ReplayResult | undefined {
  const gpu = DATASHEETS.get(run.hardware.hardware);
  if (gpu === undefined) return undefined;
  const lockstep = lockstepFor(profile, run);
  const model = new RooflineStep(profile.architecture, gpu, run.settings.tp * (lockstep ? run.settings.dp : 1));
  return replayVllm(run.workload, { settings: run.settings, model, lockstep, kvBlocks: kvBlocks(profile, run), sampleEvery: 1 });
}
