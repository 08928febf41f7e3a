// Built-in iteration-time profiles for public model/GPU pairs: on H100, built from measured
// per-layer times (measured-h100.ts); elsewhere derived by a roofline estimate from model-card
// architectures and GPU datasheets (docs/llm-profiles.md shows every input, source and result).

import type { Curve, ProfileSpec } from '../../sim/network/spec.js';
import { MEASURED_H100 } from './measured-h100.js';

/** A GPU's datasheet numbers. */
export interface GpuDatasheet {
  readonly name: string;
  /** HBM capacity, bytes (the datasheet's GB, 10^9). */
  readonly memoryBytes: number;
  /** HBM bandwidth, bytes per second. */
  readonly bandwidth: number;
  /** Dense (no sparsity) bf16/fp16 tensor throughput, FLOP per second. */
  readonly flops: number;
}

/** A decoder-only transformer's shape, from its model card / config.json. */
export interface Architecture {
  readonly name: string;
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  /** Key/value heads: fewer than `heads` with grouped-query attention. */
  readonly kvHeads: number;
  readonly headDim: number;
  /** Width of the gated (SwiGLU) MLP: three hidden x intermediate matrices per layer. */
  readonly intermediate: number;
  readonly vocab: number;
  /** Bytes per weight and per cached K/V value: 2 for fp16/bf16. */
  readonly bytesPerValue: number;
}

export interface ProfileInputs {
  readonly model: Architecture;
  readonly gpu: GpuDatasheet;
  /** GPUs of one replica (tensor parallel): weights, bandwidth and compute are split over them. */
  readonly gpus: number;
}

/** What the estimate assumes achievable; documented and tested with the profiles. */
export const ASSUMPTIONS = {
  /** Fraction of datasheet HBM bandwidth that weight and KV reads achieve. */
  bandwidthEfficiency: 0.8,
  /** Model FLOPs utilisation: fraction of dense tensor throughput that token computation achieves. */
  mfu: 0.5,
  /** Fraction of GPU memory the server may use (vLLM's default gpu_memory_utilization). */
  memoryUtilization: 0.9,
} as const;

/** Where a built-in's numbers come from: a roofline estimate from these inputs, or a measured file. */
export type ProfileSource =
  | { readonly kind: 'roofline'; readonly inputs: ProfileInputs }
  | { readonly kind: 'measured'; readonly file: string };

export interface BuiltinProfile {
  readonly name: string;
  readonly description: string;
  readonly source: ProfileSource;
  readonly profile: ProfileSpec;
  /** Default KV-cache memory per replica, bytes: usable memory minus the weights. */
  readonly defaultKvBytes: number;
}

/** Weights of a Llama-style model: untied input and output embeddings, attention, gated MLP, two norms per layer, a final norm. */
export function parameterCount(a: Architecture): number {
  const attention = a.hidden * a.heads * a.headDim * 2 + a.hidden * a.kvHeads * a.headDim * 2;
  const mlp = 3 * a.hidden * a.intermediate;
  return 2 * a.vocab * a.hidden + a.layers * (attention + mlp + 2 * a.hidden) + a.hidden;
}

/** A key and a value vector per layer and KV head. */
export function kvBytesPerToken(a: Architecture): number {
  return 2 * a.layers * a.kvHeads * a.headDim * a.bytesPerValue;
}

/** y = slope * x through the origin, as a curve (extended linearly beyond x = 1). */
export function linearCurve(slope: number): Curve {
  return { x: [0, 1], y: [0, slope] };
}

/**
 * fixed: one read of the weights per iteration; prefill and decode: 2 x params FLOPs per token;
 * per KV token: one read of its K and V per iteration. Summing the terms rather than taking the
 * roofline's max overestimates an iteration a little, which errs on the side of capacity.
 */
export function deriveProfile(inputs: ProfileInputs): { profile: ProfileSpec; defaultKvBytes: number } {
  const { model, gpu, gpus } = inputs;
  const weightBytes = parameterCount(model) * model.bytesPerValue;
  const bandwidth = ASSUMPTIONS.bandwidthEfficiency * gpu.bandwidth * gpus;
  const flops = ASSUMPTIONS.mfu * gpu.flops * gpus;
  const perToken = (2 * parameterCount(model)) / flops;
  const kvBytes = kvBytesPerToken(model);
  return {
    profile: {
      fixed: weightBytes / bandwidth,
      prefill: linearCurve(perToken),
      decode: linearCurve(perToken),
      perKvToken: kvBytes / bandwidth,
      kvBytesPerToken: kvBytes,
    },
    defaultKvBytes: Math.floor(ASSUMPTIONS.memoryUtilization * gpu.memoryBytes * gpus - weightBytes),
  };
}

export const GPUS = {
  a100: { name: 'A100-80GB SXM', memoryBytes: 80e9, bandwidth: 2039e9, flops: 312e12 },
  h100: { name: 'H100-80GB SXM', memoryBytes: 80e9, bandwidth: 3350e9, flops: 989e12 },
} as const satisfies Record<string, GpuDatasheet>;

export const ARCHITECTURES = {
  llama2_7b: { name: 'Llama-2-7B', layers: 32, hidden: 4096, heads: 32, kvHeads: 32, headDim: 128, intermediate: 11008, vocab: 32000, bytesPerValue: 2 },
  llama3_8b: { name: 'Llama-3-8B', layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, vocab: 128256, bytesPerValue: 2 },
  llama3_70b: { name: 'Llama-3-70B', layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, intermediate: 28672, vocab: 128256, bytesPerValue: 2 },
} as const satisfies Record<string, Architecture>;

const PAIRS: readonly { name: string; description: string; inputs: ProfileInputs }[] = [
  { name: 'llama2-7b-a100', description: 'Llama-2-7B fp16 on one A100-80GB SXM', inputs: { model: ARCHITECTURES.llama2_7b, gpu: GPUS.a100, gpus: 1 } },
  { name: 'llama3-8b-a100', description: 'Llama-3-8B bf16 on one A100-80GB SXM', inputs: { model: ARCHITECTURES.llama3_8b, gpu: GPUS.a100, gpus: 1 } },
  { name: 'llama3-8b-h100-roofline', description: 'Llama-3-8B bf16 on one H100-80GB SXM (roofline estimate)', inputs: { model: ARCHITECTURES.llama3_8b, gpu: GPUS.h100, gpus: 1 } },
  { name: 'llama3-70b-4xh100-roofline', description: 'Llama-3-70B bf16, tensor parallel over 4 x H100-80GB SXM (roofline estimate)', inputs: { model: ARCHITECTURES.llama3_70b, gpu: GPUS.h100, gpus: 4 } },
];

const curveOf = (points: readonly (readonly [number, number])[]): Curve => ({ x: points.map((p) => p[0]), y: points.map((p) => p[1] * 1e-6) });

/** By name, in documentation order: the measured H100 profiles, then the roofline estimates. */
export const BUILTIN_PROFILES: ReadonlyMap<string, BuiltinProfile> = new Map([
  ...MEASURED_H100.map((m): [string, BuiltinProfile] => [m.name, {
    name: m.name,
    description: m.description,
    source: { kind: 'measured', file: m.source },
    profile: { fixed: m.fixedUs * 1e-6, prefill: curveOf(m.prefillUs), decode: curveOf(m.decodeUs), perKvToken: m.kvTokenNs * 1e-9, kvBytesPerToken: m.kvBytesPerToken },
    defaultKvBytes: m.defaultKvBytes,
  }]),
  ...PAIRS.map((pair): [string, BuiltinProfile] => [pair.name, { name: pair.name, description: pair.description, source: { kind: 'roofline', inputs: pair.inputs }, ...deriveProfile(pair.inputs) }]),
]);
