// apmsim as a library: load a scenario, run it, ask it questions, compare two configurations,
// read stored results. Everything here is what `apmsim run`, `query` and `compare` use; docs/api.md
// shows each with an example (run by test/api/docs-api.test.ts).

export { loadScenario, parseScenario } from './scenario.js';
export type { LoadScenarioOptions, ScenarioDocument } from './scenario.js';
export { run } from './run.js';
export type { RunOptions } from './run.js';
export { query } from './query.js';
export type { QueryDocument, QueryOptions } from './query.js';
export { compare } from './compare.js';
export type { CompareOptions } from './compare.js';
export { readResults } from './results.js';
export { VERSION as version } from './version.js';
export { ApmsimError, EXIT_CODES } from '../sim/errors.js';
export type { ExitName } from '../sim/errors.js';
export { ScenarioError } from '../models/scenario/index.js';
export { UsageError, Interrupted } from './errors.js';

export type { Scenario, Diagnostic } from '../models/scenario/index.js';
export type { Results, RunProvenance, MetricSummary } from '../models/run/results.js';
export type { Unit } from '../models/run/metrics.js';
export type { Answer, BackendChoice, BackendName, EstimateAnswer, QueryRequest } from '../models/query/index.js';
export type { CompareDocument, GateRow, SloRow, SideSummary } from '../models/compare/report.js';
