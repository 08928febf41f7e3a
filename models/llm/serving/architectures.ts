// The shapes of the models the measured profiles cover, from each model's Hugging Face config.json
// (num_hidden_layers, hidden_size, num_key_value_heads, head_dim, num_experts / num_local_experts,
// num_experts_per_tok, max_position_embeddings) and parameter counts from the model cards. The
// profile folders measure one layer; these say how many there are and how large the KV cache is.

export interface ServedArchitecture {
  /** Hugging Face id, as in the profiles' meta.yaml and the runs' meta.json. */
  readonly model: string;
  readonly layers: number;
  readonly hidden: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Routed experts and experts per token of a mixture-of-experts model; 0 for a dense one. */
  readonly experts: number;
  readonly expertsPerToken: number;
  /** Longest sequence (prompt + output) the model accepts. */
  readonly maxContext: number;
  /** Weights, bytes (bf16). */
  readonly weightBytes: number;
  /** Parameters one token goes through (all of them for a dense model; shared + routed experts for a mixture). */
  readonly activeParams: number;
}

const A = (model: string, layers: number, hidden: number, kvHeads: number, headDim: number, experts: number, expertsPerToken: number, maxContext: number, params: number, activeParams = params): ServedArchitecture =>
  ({ model, layers, hidden, kvHeads, headDim, experts, expertsPerToken, maxContext, weightBytes: 2 * params, activeParams });

export const SERVED_ARCHITECTURES: ReadonlyMap<string, ServedArchitecture> = new Map(
  [
    A('meta-llama/Llama-3.1-8B', 32, 4096, 8, 128, 0, 0, 131072, 8.03e9),
    A('meta-llama/Llama-3.1-70B', 80, 8192, 8, 128, 0, 0, 131072, 70.6e9),
    A('Qwen/Qwen3-32B', 64, 5120, 8, 128, 0, 0, 40960, 32.8e9),
    A('Qwen/Qwen3-30B-A3B-Instruct-2507', 48, 2048, 4, 128, 128, 8, 262144, 30.5e9, 3.3e9),
    A('mistralai/Mixtral-8x7B-v0.1', 32, 4096, 8, 128, 8, 2, 32768, 46.7e9, 12.9e9),
  ].map((a) => [a.model, a]),
);

/** KV-cache bytes of one token over all layers (a key and a value per KV head), bf16. */
export function kvBytesPerToken(a: ServedArchitecture): number {
  return 2 * a.layers * a.kvHeads * a.headDim * 2;
}
