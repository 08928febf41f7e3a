// Public face of the scenario module: loading a scenario file into a normalized Scenario.

export { loadScenario } from './document/load.js';
export type { LoadOptions } from './document/load.js';
export { ScenarioError, formatDiagnostic } from './core/types.js';
export type { Diagnostic, Scenario, SloSpec, Warmup } from './core/types.js';
export { scenarioFingerprint } from './core/fingerprint.js';
export { compileExpression } from './core/expr.js';
export type { CompiledExpression, ExpressionResult } from './core/expr.js';
export { parseBytes, parseDuration, parseRate } from './core/units.js';
export { quantityValue } from './core/overrides.js';
export type { Quantity } from './core/units.js';
export { compileRate } from './workload/rate-expression.js';
