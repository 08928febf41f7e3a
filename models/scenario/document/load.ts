// The scenario loader's entry point: text + overrides -> Scenario, or a ScenarioError carrying
// every diagnostic found. Pure: files named by the scenario arrive through `readFile`.

import type { LoadContext } from '../core/fields.js';
import { normalizeScenario } from './normalize.js';
import { applyOverrides } from '../core/overrides.js';
import { parseYaml } from '../core/parse.js';
import { ScenarioError } from '../core/types.js';
import type { Diagnostic, Scenario } from '../core/types.js';

export interface LoadOptions {
  /**
   * Reads a file that the scenario names (trace or samples file), path exactly as written in the
   * YAML; the shell resolves it relative to the scenario file. Throws if unreadable.
   */
  readFile: (path: string) => string;
  /**
   * `--set` overrides, each "dotted.yaml.path=value"; the value is parsed as a YAML scalar or flow
   * value (`8`, `40/s`, `[a, b]`), or relative (`path*=1.4`, `path+=2`, `path-=1`). Applied to the
   * document before validation; the scenario keeps them as applied (`Scenario.overrides`).
   */
  overrides: readonly string[];
}

export function loadScenario(file: string, text: string, options: LoadOptions): Scenario {
  const parsed = parseYaml(file, text);
  if (parsed.diagnostics.length > 0) throw new ScenarioError(parsed.diagnostics);
  const ctx: LoadContext = {
    file, doc: parsed.doc, lineCounter: parsed.lineCounter, origins: new WeakMap(), diagnostics: [], readFile: options.readFile,
  };
  const overrides = applyOverrides(ctx, options.overrides);
  const scenario = normalizeScenario(ctx);
  if (ctx.diagnostics.length > 0) throw new ScenarioError(sortByPosition(ctx.diagnostics));
  if (scenario === undefined) throw new Error(`internal error: scenario ${file} rejected without a diagnostic`);
  return { ...scenario, overrides };
}

/** File order reads best; diagnostics without a line (bad --set) come first. The sort is stable. */
function sortByPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}
