// Engine speed against the bare event loop of ../shared/bench/heap-loop.mjs in the same run, and
// peak memory for 10x more customers.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Emit } from './emit.js';
import { ENGINE_CASES, runEngine, type TandemCase } from './engine-cases.js';

const REPS = 3;
const CUSTOMERS = 1_000_000;
const HEAP_LOOP = fileURLToPath(new URL('../../../../shared/bench/heap-loop.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./memory-probe.js', import.meta.url));

/** Best events/s of heap-loop.mjs over REPS runs in one process (the first includes JIT warm-up). */
function heapLoopRate(c: TandemCase): number {
  if (!existsSync(HEAP_LOOP)) return NaN;
  const out = execFileSync(process.execPath, [
    HEAP_LOOP, '-n', String(CUSTOMERS), '-c', String(c.servers), '--rho', String(c.rho),
    '--stages', String(c.stages), '--reps', String(REPS),
  ], { encoding: 'utf8' });
  const rates = [...out.matchAll(/^RESULT .* events_per_s=(\d+)/gm)].map((m) => Number(m[1]));
  return Math.max(...rates);
}

function engineBench(c: TandemCase, emit: Emit): void {
  let best = 0;
  let wait = NaN;
  for (let rep = 0; rep < REPS; rep++) {
    const r = runEngine(c, CUSTOMERS, 1 + rep);
    best = Math.max(best, r.modelEvents / r.wallS);
    wait = r.meanWait;
  }
  const heap = heapLoopRate(c);
  const ratio = best / heap;
  emit(
    { name: c.name, events_per_s: Math.round(best), heap_loop_events_per_s: Math.round(heap), ratio: Number(ratio.toFixed(3)), customers: CUSTOMERS, mean_wait_stage1: Number(wait.toFixed(5)) },
    `${c.name.padEnd(10)} engine ${Math.round(best).toLocaleString('en-US').padStart(12)} events/s   heap-loop ${Math.round(heap).toLocaleString('en-US').padStart(12)} events/s   ratio ${ratio.toFixed(3)} (goal >= 0.333)`,
  );
}

function memoryBench(emit: Emit): void {
  const probe = (n: number) =>
    JSON.parse(execFileSync(process.execPath, [PROBE, String(n)], { encoding: 'utf8' })) as { customers: number; maxRssKiB: number };
  const small = probe(1_000_000);
  const large = probe(10_000_000);
  const ratio = large.maxRssKiB / small.maxRssKiB;
  emit(
    { name: 'memory-mm4', peak_rss_1m_kib: small.maxRssKiB, peak_rss_10m_kib: large.maxRssKiB, ratio: Number(ratio.toFixed(3)) },
    `memory     peak RSS ${(small.maxRssKiB / 1024).toFixed(1)} MiB for 1M customers, ${(large.maxRssKiB / 1024).toFixed(1)} MiB for 10M   ratio ${ratio.toFixed(3)} (goal <= 1.5)`,
  );
}

export function benchEngine(emit: Emit): void {
  for (const c of ENGINE_CASES) engineBench(c, emit);
  memoryBench(emit);
}
