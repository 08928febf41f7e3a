// The measured profiles and the three real vLLM runs of ../shared/data/serving, read as the CLI reads them.

import { fileURLToPath } from 'node:url';
import { readProfile, readRun } from '../../../../cli/commands/calibrate-serving-files.js';
import type { FitCase } from '../../../../models/llm/serving/index.js';

export const SERVING = fileURLToPath(new URL('../../../../../../shared/data/serving/llmservingsim/', import.meta.url));

export const RUNS = [
  { name: 'Llama-3.1-8B', run: 'runs/RTXPRO6000_Llama-3.1-8B', profile: 'perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16' },
  { name: 'Qwen3-32B', run: 'runs/RTXPRO6000_Qwen3-32B', profile: 'perf/RTXPRO6000/Qwen/Qwen3-32B/bf16' },
  { name: 'Qwen3-30B-A3B', run: 'runs/RTXPRO6000_Qwen3-30B-A3B-Instruct-2507', profile: 'perf/RTXPRO6000/Qwen/Qwen3-30B-A3B-Instruct-2507/bf16' },
] as const;

export function loadCase(i: number): FitCase {
  const run = readRun(SERVING + RUNS[i]!.run);
  return { profile: readProfile(SERVING + RUNS[i]!.profile, run.settings.tp), run };
}
