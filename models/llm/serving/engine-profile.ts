// A measured profile folder as the engine's iteration-time form (what `profile: { measured: DIR }`
// gives a scenario): fixed + prefill(P) + decode(D) + kv_token x K, sampled from the step-time model
// of step-time.ts. The engine adds the parts of a step; the step-time model computes the layers once
// for the step's P + D tokens, so a mixed step is charged its layers' fixed cost once per part; the
// engine replay of a real vLLM run (test/models/llm/serving/engine-replay.test.ts) measures what that
// costs. kv_token is the measured decode attention's slope in the cached tokens.

import type { Curve, ProfileSpec } from '../../../sim/network/spec.js';
import { kvBytesPerToken } from './architectures.js';
import type { MeasuredProfile } from './profile-folder.js';
import { emptyShape, StepTimeModel, type Interconnect, type Overheads } from './step-time.js';
import { GPUS, type GpuDatasheet } from '../profiles.js';
import { RTX_PRO_6000 } from './roofline.js';

/** Prompt tokens and decoding sequences the curves are sampled at (linear in between and beyond). */
const SAMPLES = [1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192];
/** The attention slope is read between these mean KV lengths, at this many decoding sequences (the measured grid's middle). */
const SLOPE_KV: readonly [number, number] = [512, 4096];
const SLOPE_SEQUENCES = 64;
/** vLLM's default gpu_memory_utilization. */
const MEMORY_UTILIZATION = 0.9;

/** GPU memory by the hardware names of LLMServingSim's profiles. */
const MEMORY: ReadonlyMap<string, GpuDatasheet> = new Map([['RTXPRO6000', RTX_PRO_6000], ['H100', GPUS.h100], ['A100', GPUS.a100]]);

export interface EngineProfile {
  readonly profile: ProfileSpec;
  /** What vLLM would give the KV cache on the replica's GPUs; undefined for a GPU apmsim has no datasheet of. */
  readonly defaultKvBytes: number | undefined;
}

export function engineProfile(p: MeasuredProfile, overheads: Overheads, link: Interconnect): EngineProfile {
  const model = new StepTimeModel(p, { tp: p.tp, ep: 1 }, link, overheads);
  const shape = emptyShape();
  const step = (sequences: number, prefillTokens: number, decodes: number, decodeKv: number): number => {
    shape.sequences = sequences; shape.prefillTokens = prefillTokens; shape.prefillKv = 0; shape.decodes = decodes; shape.decodeKv = decodeKv;
    const tokens = prefillTokens + decodes;
    return model.time(shape, tokens, tokens);
  };
  // One sequence decoding its first cached token: what every iteration pays.
  const fixed = step(1, 0, 1, 1);
  const curve = (at: (n: number) => number): Curve => ({ x: [0, ...SAMPLES], y: [0, ...SAMPLES.map((n) => Math.max(0, at(n) - fixed))] });
  const decode = curve((d) => step(d, 0, d, d));
  const prefill = curve((t) => step(1, t, 0, 0));
  const [lo, hi] = SLOPE_KV, n = SLOPE_SEQUENCES;
  const slope = (attention: typeof p.decodeAttention) => Math.max(0, (p.architecture.layers * 1e-6 * (attention.at(n, hi) - attention.at(n, lo))) / (n * (hi - lo)));
  const perKvToken = slope(p.decodeAttention), perKvTokenMixed = slope(p.mixedDecodeAttention);
  const gpu = MEMORY.get(p.hardware);
  const defaultKvBytes = gpu === undefined ? undefined : Math.max(0, Math.floor(MEMORY_UTILIZATION * gpu.memoryBytes * p.tp - p.architecture.weightBytes));
  return { profile: { fixed, prefill, decode, perKvToken, perKvTokenMixed, kvBytesPerToken: kvBytesPerToken(p.architecture) }, defaultKvBytes };
}
