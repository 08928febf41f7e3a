// Public face of the scenario module: loading a scenario file into a normalized Scenario.

export { loadScenario } from './load.js';
export type { LoadOptions } from './load.js';
export { ScenarioError, formatDiagnostic } from './types.js';
export type { Diagnostic, Scenario, SloSpec, Warmup } from './types.js';
export { scenarioFingerprint } from './fingerprint.js';
export { compileExpression } from './expr.js';
export type { CompiledExpression, ExpressionResult } from './expr.js';
export { parseDuration, parseRate } from './units.js';
export type { Quantity } from './units.js';
