// Checks of LLM serving that need the whole network: every model is served by some pool, and each
// pool's KV memory holds the largest call that can reach it, when that is known at load time (a
// trace, or a distribution with bounded support), following switch conditions on token attributes.

import type { AgentSpec, ClassSpec, Condition, CountSource, RouteSpec } from '../../../sim/network/spec.js';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import { classTrace } from '../../../sim/network/arrival-process.js';
import type { AgentDraft } from '../agents/agents.js';
import type { ModelDraft } from './catalogue.js';
import { peekField, plainValue, report } from '../core/fields.js';
import type { LoadContext } from '../core/fields.js';
import { quote } from '../core/messages.js';
import { servingMsg } from './messages.js';
import type { Section } from '../core/names.js';
import type { PoolDraft } from './pools.js';
import { waysOut } from '../document/validate.js';
import { columnSummary } from '../../trace/column-summary.js';

/**
 * A model that no pool names. References are read from the file so that a broken pool does not
 * cascade; when some pool names no known model, that mistake is reported alone.
 */
export function checkServedModels(ctx: LoadContext, models: Section, pools: Section): void {
  if (!pools.names.complete || !models.names.complete) return;
  const served = pools.entries.map((pool) => {
    const model = peekField(ctx, pool.slot, 'model');
    return model === undefined ? undefined : plainValue(model);
  });
  if (served.some((name) => typeof name !== 'string' || !models.names.ids.has(name))) return;
  for (const entry of models.entries) {
    if (!served.includes(entry.key)) report(ctx, entry.keyAt, entry.slot.path, servingMsg.unservedModel(entry.key));
  }
}

/** The largest call known to reach a pool: its tokens, and where they come from (for the message). */
interface Largest {
  readonly prompt: number;
  readonly output: number;
  /** False when the output count is unbounded: the 1 token every call produces at least. */
  readonly outputKnown: boolean;
  readonly source: string;
}

/**
 * Every token of a call is in the KV cache when it ends, so a replica must hold the largest call's
 * prompt and output: checked for each pool when both are bounded, and for the prompt and one
 * output token when only the prompt is (the engine checks the rest at run time).
 */
export function checkKvMemory(
  ctx: LoadContext, agents: readonly AgentDraft[], classes: readonly ClassSpec[], attributes: readonly string[],
  models: readonly ModelDraft[], pools: readonly PoolDraft[],
): void {
  const specs = agents.map((d) => d.spec);
  const largest: (Largest | undefined)[] = pools.map(() => undefined);
  const fits = (pool: number, prompt: number, output: number): boolean =>
    (prompt + output) * models[pools[pool]!.spec.model]!.spec.profile.kvBytesPerToken <= pools[pool]!.spec.kvBytes;
  const offer = (pool: number, call: Largest): void => {
    const known = largest[pool];
    if (known === undefined || call.prompt + call.output > known.prompt + known.output) largest[pool] = call;
  };
  for (const c of classes) {
    const reached = propagate(specs, c, -1, 0);
    const bounds = new Map<number, number[] | undefined>();
    const boundAt = (source: CountSource, id: number): number | undefined => {
      if (source.kind === 'dist') {
        const max = boundedMax(source.dist);
        return max === undefined ? undefined : Math.round(max);
      }
      const a = source.attribute;
      if (!bounds.has(a)) {
        const initial = classMax(c, attributes[a]!, a);
        bounds.set(a, initial === undefined ? undefined : propagate(specs, c, a, Math.round(initial)));
      }
      const b = bounds.get(a)?.[id];
      return b === undefined || b < 0 ? undefined : b;
    };
    specs.forEach((spec, id) => {
      if (spec.kind !== 'llm' || reached[id]! < 0) return;
      const prompt = boundAt(spec.inputTokens, id);
      if (prompt === undefined) return;
      const output = boundAt(spec.outputTokens, id);
      // When even the bounds fit, no row can fail, nor be reported in place of one that does:
      // the rows are not read (a pass over the trace, compiled on its own, in every validate).
      const pair = fits(spec.pool, prompt, Math.max(1, output ?? 1)) ? undefined : traceRows(c, spec.inputTokens, spec.outputTokens, attributes, prompt, output);
      offer(spec.pool, {
        prompt: pair?.prompt ?? prompt,
        output: pair?.output ?? Math.max(1, output ?? 1),
        outputKnown: pair !== undefined || output !== undefined,
        source: `agent ${quote(spec.name)} for class ${quote(c.name)}`,
      });
    });
  }
  pools.forEach((pool, p) => {
    const call = largest[p];
    if (call !== undefined && !fits(p, call.prompt, call.output)) {
      const bytesPerToken = models[pool.spec.model]!.spec.profile.kvBytesPerToken;
      report(ctx, pool.kvAt.at, pool.kvAt.path, servingMsg.kvTooSmall(pool.spec.kvBytes, call.prompt, call.output, call.outputKnown, bytesPerToken, call.source));
    }
  });
}

/**
 * When a call's prompt and output both come from the class's trace, its largest call is a row of
 * the trace (the largest prompt and the largest output need not be on the same row), among the
 * rows within the bounds that routing allows.
 */
function traceRows(
  c: ClassSpec, input: CountSource, output: CountSource, attributes: readonly string[], promptBound: number, outputBound: number | undefined,
): { prompt: number; output: number } | undefined {
  const trace = classTrace(c.arrivals);
  if (trace === undefined || input.kind !== 'attribute' || output.kind !== 'attribute' || outputBound === undefined) return undefined;
  const prompts = trace.attributes[attributes[input.attribute]!];
  const outputs = trace.attributes[attributes[output.attribute]!];
  if (prompts === undefined || outputs === undefined) return undefined;
  let best: { prompt: number; output: number } | undefined;
  for (let i = 0; i < prompts.length; i++) {
    const p = Math.max(0, Math.round(prompts[i]!));
    const o = Math.max(1, Math.round(outputs[i]!));
    if (p <= promptBound && o <= Math.max(1, outputBound) && (best === undefined || p + o > best.prompt + best.output)) best = { prompt: p, output: o };
  }
  return best;
}

/** The largest value a class gives attribute `a`, when known: its trace's maximum, or a bounded distribution's. */
function classMax(c: ClassSpec, name: string, a: number): number | undefined {
  const column = classTrace(c.arrivals)?.attributes[name];
  if (column !== undefined) return columnSummary(column).max;
  const generated = c.attributes.find((g) => g.attribute === a);
  return generated === undefined ? undefined : boundedMax(generated.dist);
}

/** The largest of values, at least 0. */
function largest(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** The supremum of a distribution's support when finite (for a mixture, over its bounded components). */
export function boundedMax(dist: DistSpec): number | undefined {
  switch (dist.dist) {
    case 'deterministic': return dist.value;
    case 'uniform': return dist.max;
    case 'empirical': return largest(dist.samples);
    case 'mixture': {
      const bounds = dist.components.map((c) => boundedMax(c.of)).filter((b): b is number => b !== undefined);
      return bounds.length === 0 ? undefined : Math.max(...bounds);
    }
    default: return undefined;
  }
}

/**
 * The largest value of attribute `a` with which requests of class `c` can reach each agent
 * (-Infinity: not at all). Conditions on `a` lower the bound on the branches they guard; whole
 * token counts make `a < 4000` mean at most 3999.
 */
function propagate(agents: readonly AgentSpec[], c: ClassSpec, a: number, initial: number): number[] {
  const bound = agents.map(() => -Infinity);
  const stack: number[] = [];
  const reach = (id: number, b: number): void => {
    if (b >= 0 && b > bound[id]!) {
      bound[id] = b;
      stack.push(id);
    }
  };
  const visit = (route: RouteSpec, b: number): void => {
    switch (route.kind) {
      case 'exit': return;
      case 'agent': return reach(route.to, b);
      case 'random': return route.to.forEach((to, i) => { if (to >= 0 && route.p[i]! > 0) reach(to, b); });
      case 'fork': route.branches.forEach((to) => reach(to, b)); return visit(route.then, b);
      case 'speculate': reach(route.main, b); reach(route.guess, b); return visit(route.then, b);
      case 'condition': {
        let rest = b;
        for (const rule of route.rules) {
          if (rule.condition.attribute !== a) visit(rule.then, rest);
          else {
            visit(rule.then, tighten(rest, rule.condition, true));
            rest = tighten(rest, rule.condition, false);
          }
        }
        return visit(route.otherwise, rest);
      }
    }
  };
  reach(c.entry, initial);
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const route of waysOut(agents[id]!, c.routes[id] ?? agents[id]!.next)) visit(route, bound[id]!);
  }
  return bound;
}

/** The bound on a whole-number attribute once the condition is known to hold (or not to). */
function tighten(b: number, { op, value }: Condition, holds: boolean): number {
  const below = Math.ceil(value) - 1;
  const atMost = Math.floor(value);
  switch (holds ? op : negate(op)) {
    case '<': return Math.min(b, below);
    case '<=': return Math.min(b, atMost);
    case '==': return Number.isInteger(value) ? Math.min(b, value) : -Infinity;
    default: return b;
  }
}

function negate(op: Condition['op']): Condition['op'] {
  const opposite: Readonly<Record<Condition['op'], Condition['op']>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };
  return opposite[op];
}
