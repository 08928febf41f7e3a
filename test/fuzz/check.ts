// What the fuzz suite asserts of a hostile scenario: validate (in this process, as the CLI reads
// files) ends with the scenario loaded or with bad input (exit 2), quickly; run (a child process,
// as a user runs it) ends with exit 0 or 2 — never 1, 70 or a signal — within a time and memory bound.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScenario } from '../../api/read-scenario.js';
import { stabilityWarnings } from '../../models/run/stability.js';
import { ApmsimError } from '../../sim/errors.js';

const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

export interface Bounds {
  /** Wall time of one validate; CPU time of one run (wall time on a machine shared by several sessions measures the others too). */
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
    // As apmsim validate: the scenario, then its stability warnings.
    stabilityWarnings(readScenario(file, []).network);
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
  readonly signal: string | null;
  /** Wall time, and CPU time (user + system) of the run's process. */
  readonly ms: number;
  readonly cpuMs: number;
  /** Largest resident memory of the run's process (GNU time's %M). */
  readonly rssBytes: number;
  readonly stderr: string;
  /** Why the run breaks the contract; undefined when it keeps it. */
  readonly why: string | undefined;
}

/** Wall time after which a run is taken for hung and killed (its CPU time is the bound; wall time on a shared machine is not). */
const HUNG_MS = 300_000;

/**
 * Runs the mutant in a child process, under GNU time for its CPU time and peak memory, with a
 * wall-clock budget (partial results are a legitimate end) and a memory limit below the bound (a
 * run estimated not to fit is bad input), writing its outputs into `out` when given.
 */
export async function runFile(file: string, out: string | undefined): Promise<Ran> {
  const usage = `${file}.time`;
  const args = ['-o', usage, '-f', '%e %U %S %M', process.execPath, MAIN, 'run', file, '--budget', '20s', '--max-memory', '1GiB', '--quiet', ...(out === undefined ? [] : ['--out', out])];
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { if (stderr.length < 20_000) stderr += String(d); });
  const kill = setTimeout(() => child.kill('SIGKILL'), HUNG_MS);
  const [exit, killed] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('exit', (c, s) => done([c, s])));
  clearTimeout(kill);
  const ms = performance.now() - t0;
  // "Command terminated by signal N" precedes the figures when the run was ended by a signal.
  const report = readFileSync(usage, 'utf8').trim().split('\n');
  const signalled = /terminated by signal (\d+)/.exec(report.join(' '));
  const [, user, system, kb] = (report[report.length - 1] ?? '').split(' ').map(Number);
  const cpuMs = ((user ?? NaN) + (system ?? NaN)) * 1000;
  const rssBytes = (kb ?? NaN) * 1024;
  const signal = killed ?? (signalled === null ? null : `signal ${signalled[1]}`);
  const code = signal === null ? exit : null;
  const why = signal !== null ? `ended by ${signal}${killed !== null ? ` (hung: ${(ms / 1000).toFixed(0)} s of wall time)` : ''}`
    : code !== 0 && code !== 2 ? `exit ${code}`
    : !(cpuMs <= BOUNDS.runMs) ? `took ${(cpuMs / 1000).toFixed(1)} s of CPU`
    : !(rssBytes <= BOUNDS.rssBytes) ? `held ${(rssBytes / 2 ** 30).toFixed(2)} GiB`
    : /internal error|\n\s+at /.test(stderr) ? 'a stack trace on stderr'
    : undefined;
  return { code, signal, ms, cpuMs, rssBytes, stderr, why };
}
