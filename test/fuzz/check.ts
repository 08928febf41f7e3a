// What the fuzz suite asserts of a hostile scenario: validate (in this process, as the CLI reads
// files) ends with the scenario loaded or with bad input (exit 2), quickly; run (a child process,
// as a user runs it) ends with exit 0 or 2 — never 1, 70 or a signal — within a time and memory bound.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScenario } from '../../cli/read-scenario.js';
import { ApmsimError } from '../../sim/errors.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

export interface Bounds {
  /** Wall time of one validate, and of one run. */
  readonly validateMs: number;
  readonly runMs: number;
  /** Resident memory of a run's process (and of this process after a validate). */
  readonly rssBytes: number;
}

export const BOUNDS: Bounds = { validateMs: 10_000, runMs: 60_000, rssBytes: 2 * 2 ** 30 };

export type Validated =
  | { readonly outcome: 'loaded' | 'rejected'; readonly ms: number }
  | { readonly outcome: 'failed'; readonly ms: number; readonly why: string };

/** Validates the mutant's text as `apmsim validate` would. */
export function validateText(text: string, dir: string): Validated {
  const file = join(dir, 'mutant.yaml');
  writeFileSync(file, text);
  const t0 = performance.now();
  let outcome: 'loaded' | 'rejected';
  try {
    readScenario(file, []);
    outcome = 'loaded';
  } catch (e) {
    const ms = performance.now() - t0;
    if (!(e instanceof ApmsimError) || e.exitCode !== 2) return { outcome: 'failed', ms, why: `not bad input: ${e instanceof Error ? e.stack : String(e)}` };
    outcome = 'rejected';
  }
  const ms = performance.now() - t0;
  if (ms > BOUNDS.validateMs) return { outcome: 'failed', ms, why: `validate took ${ms.toFixed(0)} ms` };
  const rss = process.memoryUsage().rss;
  if (rss > BOUNDS.rssBytes) return { outcome: 'failed', ms, why: `this process holds ${(rss / 2 ** 30).toFixed(2)} GiB after validate` };
  return { outcome, ms };
}

export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  /** Highest resident memory seen (Linux: VmHWM of the process at its last reading); NaN elsewhere. */
  readonly rssBytes: number;
  readonly stderr: string;
  /** Why the run breaks the contract; undefined when it keeps it. */
  readonly why: string | undefined;
}

/**
 * Runs the mutant in a child process with a wall-clock budget (partial results are a legitimate
 * end) and a memory limit below the bound (a run estimated not to fit is bad input), writing its
 * outputs into `out` when given. The child is killed past the time bound.
 */
export async function runFile(file: string, out: string | undefined): Promise<Ran> {
  const args = [MAIN, 'run', file, '--budget', '20s', '--max-memory', '1GiB', '--quiet', ...(out === undefined ? [] : ['--out', out])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { if (stderr.length < 20_000) stderr += String(d); });
  let rss = NaN;
  const sample = (): void => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m !== null) rss = Math.max(Number.isNaN(rss) ? 0 : rss, Number(m[1]) * 1024);
    } catch { /* gone, or not Linux */ }
  };
  const poll = setInterval(sample, 100);
  const kill = setTimeout(() => child.kill('SIGKILL'), BOUNDS.runMs + 5000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('exit', (c, s) => done([c, s])));
  clearInterval(poll);
  clearTimeout(kill);
  const ms = performance.now() - t0;
  const why = signal !== null ? `ended by ${signal}`
    : code !== 0 && code !== 2 ? `exit ${code}`
    : ms > BOUNDS.runMs ? `took ${(ms / 1000).toFixed(1)} s`
    : rss > BOUNDS.rssBytes ? `held ${(rss / 2 ** 30).toFixed(2)} GiB`
    : /internal error|\n\s+at /.test(stderr) ? 'a stack trace on stderr'
    : undefined;
  return { code, signal, ms, rssBytes: rss, stderr, why };
}
