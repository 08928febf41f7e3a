// One fuzz campaign: `validations` mutants validated in this process (fast-check shrinks a failing
// one to its fewest mutations), then `runs` of the mutants that loaded run as `apmsim run` would be
// (a quarter of them with --out, so the report and the Arrow files are built too). The figures are
// what `npm run fuzz` prints and the closing note quotes.

import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../helpers/scratch.js';
import { runFile, validateText, type Ran } from './check.js';
import { mutant, mutantText, type Mutant } from './mutants.js';

export interface CampaignOptions {
  readonly validations: number;
  readonly runs: number;
  readonly seed: number;
  /** Called after each run, for progress. */
  readonly onRun?: (done: number, ran: Ran) => void;
}

export interface CampaignFigures {
  readonly seed: number;
  readonly validations: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly slowestValidateMs: number;
  readonly runs: number;
  /** Runs by exit code ('0', '2', ...; 'signal' for a run ended by a signal). */
  readonly exits: Readonly<Record<string, number>>;
  /** CPU time of the slowest run. */
  readonly slowestRunMs: number;
  readonly largestRunRss: number;
  /** Each broken contract: the mutant's text and why. */
  readonly failures: readonly { readonly why: string; readonly text: string }[];
}

export async function campaign(o: CampaignOptions): Promise<CampaignFigures> {
  const dir = scratchDir('apmsim-fuzz-');
  let validations = 0, loaded = 0, rejected = 0, slowest = 0;
  const accepted: string[] = [];
  const failures: { why: string; text: string }[] = [];
  const validate = (m: Mutant): boolean => {
    const caseDir = join(dir, `v${validations++}`);
    mkdirSync(caseDir);
    const text = mutantText(m, caseDir);
    const r = validateText(text, caseDir);
    slowest = Math.max(slowest, r.ms);
    if (r.outcome === 'failed') { failures.push({ why: r.why, text }); return false; }
    if (r.outcome === 'loaded') { loaded++; if (accepted.length < o.runs) accepted.push(caseDir); } else rejected++;
    return true;
  };
  try {
    fc.assert(fc.property(mutant, validate), { numRuns: o.validations, seed: o.seed, endOnFailure: false });
  } catch (e) {
    // fast-check's report names the shrunk mutant; the texts are in `failures`.
    failures.push({ why: (e as Error).message.split('\n').slice(0, 12).join('\n'), text: '' });
  }
  // Enough mutants that load to run: single mutations load more often.
  for (let round = 1; accepted.length < o.runs && round <= 20; round++) {
    const more = fc.sample(fc.record({ scenario: mutant.map((m) => m.scenario), mutations: mutant.map((m) => m.mutations.slice(0, 1)) }), { numRuns: 200, seed: o.seed + round });
    for (const m of more) { if (accepted.length >= o.runs) break; validate(m); }
  }
  const exits: Record<string, number> = {};
  let slowestRun = 0, largest = 0;
  for (let i = 0; i < accepted.length; i++) {
    const caseDir = accepted[i]!;
    const r = await runFile(join(caseDir, 'mutant.yaml'), i % 4 === 0 ? join(caseDir, 'out') : undefined);
    const key = r.signal !== null ? 'signal' : String(r.code);
    exits[key] = (exits[key] ?? 0) + 1;
    slowestRun = Math.max(slowestRun, r.cpuMs);
    if (!Number.isNaN(r.rssBytes)) largest = Math.max(largest, r.rssBytes);
    if (r.why !== undefined) {
      const text = `${r.why}\n${r.stderr.slice(0, 2000)}`;
      failures.push({ why: r.why, text });
      writeFileSync(join(caseDir, 'failure.txt'), text);
    }
    o.onRun?.(i + 1, r);
  }
  return {
    seed: o.seed, validations, loaded, rejected, slowestValidateMs: slowest,
    runs: accepted.length, exits, slowestRunMs: slowestRun, largestRunRss: largest, failures,
  };
}
