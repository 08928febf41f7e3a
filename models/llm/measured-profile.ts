// Built-in profiles from measurements instead of the roofline: LLMServingSim's H100 per-layer
// profiles (../shared/data/serving/llmservingsim/v0-h100/<model>/tp<N>/layers.csv, nanoseconds by
// input tokens, per GPU at that TP size) turned into the engine's iteration-time form,
// fixed + prefill(P) + decode(D) + kv_token x K (docs/llm-profiles.md):
//   step(T tokens) = embedding + layers x (norms, projections, rotary, attention, MLP or experts)
//                    + final norm + lm_head (one row per sequence) + 2 all-reduces per layer under TP
//   fixed = step of one token; decode(D) = step(D decoding sequences) - fixed;
//   prefill(P) = step(a P-token prompt, one lm_head row) - fixed.
// The files measure attention without a KV cache only (Mixtral's not at all), and the TP4 cases'
// attention.csv decode rows are not usable (one sequence of 65k tokens takes 1.75 ms, sixteen of
// 58k take 0.16 ms): kv_token stays the roofline's read of the cached keys and values.
// Derivation only (pure); the numbers the simulator uses are generated from it into
// measured-h100.ts, and a test derives them again from the files.

import { numberAt, parseCsv, textAt } from './serving/csv.js';
import { Table1 } from './serving/tables.js';
import { kvBytesPerToken, type ServedArchitecture } from './serving/architectures.js';
import { ServingDataError } from './serving/errors.js';

/** Token counts the curves are sampled at (the files measure every count from 1 to 2048). */
export const CURVE_TOKENS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048] as const;

/** H100-80GB SXM: NVLink 4 moves 450 GB/s each way per GPU; memory 80 GB (10^9 bytes); HBM 3.35 TB/s (datasheet). */
export const H100_LINK_BANDWIDTH = 450e9;
const H100_MEMORY = 80e9;
const H100_BANDWIDTH = 3350e9;
/** As the roofline profiles: the server may use 90% of the memory; KV reads reach 80% of the bandwidth. */
const MEMORY_UTILIZATION = 0.9;
const BANDWIDTH_EFFICIENCY = 0.8;

export interface MeasuredCurves {
  /** Seconds. */
  readonly fixed: number;
  /** Points (tokens, seconds) from (0, 0). */
  readonly prefill: readonly (readonly [number, number])[];
  readonly decode: readonly (readonly [number, number])[];
  readonly perKvToken: number;
  readonly kvBytesPerToken: number;
  readonly defaultKvBytes: number;
}

const DENSE_OPS = ['input_layernorm', 'q_proj', 'k_proj', 'v_proj', 'rope', 'o_proj', 'post_layernorm', 'gate_proj', 'up_proj', 'act_fn', 'down_proj'];
const MOE_OPS = ['input_layernorm', 'q_proj', 'k_proj', 'v_proj', 'rope', 'o_proj', 'post_layernorm', 'gate'];
const EXPERT_OPS = ['expert.w1', 'expert.w3', 'act_fn', 'expert.w2'];

export function deriveMeasuredCurves(a: ServedArchitecture, tp: number, layers: { path: string; text: string }): MeasuredCurves {
  const rows = parseCsv(layers.path, layers.text, ['layer_name', 'input', 'latency(ns)']);
  const byOp = new Map<string, [number, number][]>();
  for (let i = 0; i < rows.cells.length; i++) {
    const op = textAt(rows, i, 'layer_name');
    const point: [number, number] = [numberAt(rows, i, 'input', 1), numberAt(rows, i, 'latency(ns)') * 1e-9];
    const list = byOp.get(op);
    if (list === undefined) byOp.set(op, [point]); else list.push(point);
  }
  const op = (name: string): Table1 => {
    const points = byOp.get(name);
    if (points === undefined) throw new ServingDataError(layers.path, 0, 'layer_name', `rows for '${name}'`, `layers ${[...byOp.keys()].join(', ')}`);
    return new Table1(points);
  };
  const moe = a.experts > 0;
  const perLayer = (moe ? MOE_OPS : DENSE_OPS).map(op);
  const experts = moe ? EXPERT_OPS.map(op) : [];
  const attn = byOp.has('attn') ? op('attn') : undefined, embedding = op('embedding'), finalNorm = op('final_layernorm'), lmHead = op('lm_head');

  const expertsTime = (tokens: number): number => {
    // The experts the tokens are routed to (uniformly, k each), each with its share of the tokens.
    const active = a.experts * (1 - Math.pow(1 - a.expertsPerToken / a.experts, tokens));
    const load = Math.max(1, (tokens * a.expertsPerToken) / active);
    return active * experts.reduce((s, t) => s + t.at(load), 0);
  };
  const allReduces = (tokens: number): number =>
    tp > 1 ? 2 * a.layers * ((2 * (tp - 1)) / tp) * (tokens * a.hidden * 2) / H100_LINK_BANDWIDTH : 0;
  const body = (tokens: number): number =>
    embedding.at(tokens) + a.layers * (perLayer.reduce((s, t) => s + t.at(tokens), 0) + (attn?.at(tokens) ?? 0) + (moe ? expertsTime(tokens) : 0)) + finalNorm.at(tokens) + allReduces(tokens);

  const fixed = body(1) + lmHead.at(1);
  const decode = [[0, 0] as const, ...CURVE_TOKENS.map((d) => [d, body(d) + lmHead.at(d) - fixed] as const)];
  const prefill = [[0, 0] as const, ...CURVE_TOKENS.map((p) => [p, body(p) + lmHead.at(1) - fixed] as const)];

  const weights = a.weightBytes;
  const kvBytes = kvBytesPerToken(a);
  const perKvToken = kvBytes / (BANDWIDTH_EFFICIENCY * H100_BANDWIDTH * tp);
  return { fixed, prefill, decode, perKvToken, kvBytesPerToken: kvBytes, defaultKvBytes: Math.floor(MEMORY_UTILIZATION * H100_MEMORY * tp - weights) };
}

