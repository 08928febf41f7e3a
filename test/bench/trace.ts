// Trace parsing: the two real traces a bundled scenario replays (Azure conv.csv, 19,366 rows with
// ISO timestamps; Mooncake conversation_trace.jsonl, 12,031 lines with hash_ids), parsed once in a
// fresh process as `apmsim validate` does (cold: median of several processes, CPU of every thread),
// and warm (best of several parses in this process, for the parser's own speed once optimized).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTrace, type TraceOptions } from '../../models/trace/index.js';
import type { Emit } from './emit.js';

const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const CHILD = fileURLToPath(new URL('./trace-parse-once.js', import.meta.url));
const COLD_RUNS = 9;
const WARM_RUNS = 5;

/** The options the bundled scenarios (azure-gpu-replay, mooncake-replay) give. */
const TRACES: readonly { name: string; file: string; options: TraceOptions }[] = [
  {
    name: 'azure conv.csv', file: `${DATA}azure-llm-2023/conv.csv`,
    options: { format: 'csv', timeColumn: 'TIMESTAMP', timeUnit: 'iso', attributes: { prompt_tokens: 'ContextTokens', output_tokens: 'GeneratedTokens' }, speedup: 1 },
  },
  {
    name: 'mooncake conversation_trace.jsonl', file: `${DATA}mooncake-2025/conversation_trace.jsonl`,
    options: { format: 'jsonl', timeColumn: 'timestamp', timeUnit: 'ms', attributes: { prompt_tokens: 'input_length', output_tokens: 'output_length' }, prefix: 'hash_ids', speedup: 2 },
  },
];

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function coldParse(file: string, options: TraceOptions): { rows: number; cpuMs: number; wallMs: number } {
  const r = spawnSync(process.execPath, [CHILD, file, JSON.stringify(options)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench trace: parsing ${file} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { rows: number; cpuMs: number; wallMs: number };
}

export function benchTrace(emit: Emit): void {
  for (const { name, file, options } of TRACES) {
    const cold = Array.from({ length: COLD_RUNS }, () => coldParse(file, options));
    const text = readFileSync(file, 'utf8');
    let warm = Infinity;
    for (let run = 0; run < WARM_RUNS; run++) {
      const start = performance.now();
      parseTrace(text, options);
      warm = Math.min(warm, performance.now() - start);
    }
    const cpu = median(cold.map((c) => c.cpuMs));
    const wall = median(cold.map((c) => c.wallMs));
    const rows = cold[0]!.rows;
    emit(
      { group: 'trace', name, rows, coldCpuMs: Number(cpu.toFixed(1)), coldWallMs: Number(wall.toFixed(1)), warmMs: Number(warm.toFixed(2)) },
      `trace    ${name.padEnd(34)} ${rows} rows: cold parse ${cpu.toFixed(1)} ms CPU (${wall.toFixed(1)} ms wall, median of ${COLD_RUNS} processes), warm ${warm.toFixed(1)} ms`,
    );
  }
}
