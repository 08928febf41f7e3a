// Asking a scenario a question for a program (and for `apmsim query`): what a metric is, or how
// much a change moves it, as an interval from the cheapest backend that meets the precision.

import { answerQuery, loadModel, prepareQuery, type Answer, type BackendChoice, type Query, type QueryRequest } from '../models/query/index.js';
import { UsageError } from './errors.js';
import { threadCount, workerExecutor } from './query-executor.js';
import { readSource } from './read-scenario.js';
import { readText } from './read-text.js';
import { VERSION } from './version.js';

/** The answers to a query as `apmsim query --json` prints them (docs/queries.md). */
export interface QueryDocument {
  readonly apmsim: string;
  readonly scenario: string;
  readonly file: string;
  readonly set: readonly string[];
  readonly versus: readonly string[] | null;
  readonly confidence: number;
  readonly precision: number;
  readonly backend: string;
  readonly answers: readonly Answer[];
}

export function queryDocument(q: Query, backend: string, answers: readonly Answer[]): QueryDocument {
  const set = q.origin?.set ?? [];
  return {
    apmsim: VERSION, scenario: q.scenario.name, file: q.scenario.file, set,
    versus: q.origin?.versus === undefined ? null : q.origin.versus.slice(set.length),
    confidence: q.confidence, precision: q.precision, backend, answers,
  };
}

export interface QueryOptions {
  /** Which backend answers; `auto` (the default) picks the cheapest that meets the precision. */
  readonly backend?: BackendChoice | undefined;
  /** A learned model file from `apmsim train` (needed by the learned backend). */
  readonly model?: string | undefined;
  /** Worker threads for sampling (default: one per core); the answers do not depend on it. */
  readonly workers?: number | undefined;
  /** Aborting it stops sampling: the answers are the best intervals so far, as when a budget runs out. */
  readonly signal?: AbortSignal | undefined;
  /** Called as sampled replications complete, with their number and the number asked for. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** A question about the scenario in `file` (YAML), answered as intervals (or exactly, where a closed form applies). */
export async function query(file: string, request: QueryRequest, options: QueryOptions = {}): Promise<QueryDocument> {
  const source = readSource(file);
  const backend = options.backend ?? 'auto';
  const model = options.model === undefined ? undefined : { model: loadModel(options.model, readText(options.model, 'the model file', `--model ${options.model}`)), file: options.model };
  const q = prepareQuery(source, request);
  if (backend === 'learned' && model === undefined) throw new UsageError('--backend learned needs --model model.json (from apmsim train)');
  const executor = workerExecutor(threadCount(options.workers), options.onProgress);
  const signal = options.signal;
  const answers = await answerQuery(q, {
    backend, clock: () => performance.now(),
    executor: signal === undefined ? executor : (jobs, stop) => executor(jobs, () => stop() || signal.aborted),
    ...(model === undefined ? {} : { model }),
  });
  return queryDocument(q, backend, answers);
}
