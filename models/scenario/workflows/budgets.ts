// `budgets`: limits on LLM spending (dollars or tokens) per task, per session or per period, with
// burst, for some or all classes, and what happens on exhaustion: stop, degrade to a cheaper llm
// agent, or defer (period budgets only). The action is required: exhaustion is never silent.

import { isMap } from 'yaml';
import type { AgentSpec, BudgetSpec } from '../../../sim/network/spec.js';
import { childPath, entriesOf, fieldsOf, plainValue, readEnum, readNumber, readString, report, reportType } from '../core/fields.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { msg } from '../core/messages.js';
import { EXPECTED_FLOW, flowMsg } from './messages.js';
import { NAME_PATTERN } from '../core/names.js';
import type { NameSet } from '../core/names.js';
import { readPositiveDuration } from './reliability.js';
import { resolveTarget } from '../agents/routes.js';
import { readClassList } from './traffic.js';
import { BUDGET, BUDGET_RESOURCES, BUDGET_SCOPES, EXHAUSTION_ACTIONS } from '../format/traffic.js';
import { fieldNames } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';

export const BUDGET_FIELDS = fieldNames(BUDGET);
export { BUDGET_RESOURCES, BUDGET_SCOPES, EXHAUSTION_ACTIONS };
export const DEGRADE_FIELDS = fieldNames(BUDGET.fields.on_exhaustion.options[1]);

/** What budgets refer to: classes (and which have sessions) and agents (and their kinds, when read). */
export interface BudgetRefs {
  readonly classes: NameSet;
  readonly sessions: readonly boolean[];
  readonly agents: NameSet;
  readonly agentSpecs: readonly AgentSpec[] | undefined;
}

export function readBudgets(ctx: LoadContext, slot: Slot | undefined, refs: BudgetRefs): BudgetSpec[] | undefined {
  if (slot === undefined) return [];
  const entries = entriesOf(ctx, slot, EXPECTED_FLOW.budgetsMap);
  if (entries === undefined) return undefined;
  const budgets = entries.map((entry) => {
    const named = NAME_PATTERN.test(entry.key);
    if (!named) report(ctx, entry.keyAt, entry.slot.path, flowMsg.badBudgetName('budget', entry.key));
    const budget = readBudget(ctx, entry.key, entry.slot, refs);
    return named ? budget : undefined;
  });
  return budgets.every((b): b is BudgetSpec => b !== undefined) ? budgets : undefined;
}

function readBudget(ctx: LoadContext, name: string, slot: Slot, refs: BudgetRefs): BudgetSpec | undefined {
  const f = fieldsOf(ctx, slot, BUDGET_FIELDS, EXPECTED_FLOW.budget);
  if (f === undefined) return undefined;
  const scopeSlot = f.require('scope', BUDGET_SCOPES.join(', '));
  const scope = scopeSlot === undefined ? undefined : readEnum(ctx, scopeSlot, BUDGET_SCOPES);
  const resourceSlot = f.get('resource');
  const resource = resourceSlot === undefined ? declaredDefault(BUDGET.fields.resource) : readEnum(ctx, resourceSlot, BUDGET_RESOURCES);
  const limitSlot = f.require('limit', EXPECTED_FLOW.budgetLimit);
  const limit = limitSlot === undefined ? undefined : readNumber(ctx, limitSlot, EXPECTED_FLOW.budgetLimit, (n) => n > 0);
  const burstSlot = f.get('burst');
  const burst = burstSlot === undefined ? declaredDefault(BUDGET.fields.burst) : readNumber(ctx, burstSlot, EXPECTED_FLOW.budgetBurst, (n) => n >= 0);
  const period = readPeriod(ctx, f.get('period'), scope, childPath(slot.path, 'period'), slot);
  const classesSlot = f.get('classes');
  const listed = classesSlot === undefined ? undefined : readClassList(ctx, classesSlot, refs.classes);
  const classes = classesSlot === undefined ? refs.classes.names.map((_, i) => i) : listed?.map((c) => c.id);
  const actionSlot = f.require('on_exhaustion', EXPECTED_FLOW.onExhaustion);
  const onExhaustion = actionSlot === undefined ? undefined : readExhaustion(ctx, actionSlot, scope, refs);
  if (scope === 'session' && classes !== undefined) {
    for (const [i, c] of classes.entries()) {
      if (refs.sessions[c] === true) continue;
      const at = listed?.[i]?.at ?? scopeSlot!;
      report(ctx, at.at, at.path, flowMsg.sessionBudget(refs.classes.names[c]!));
      return undefined;
    }
  }
  if (
    scope === undefined || resource === undefined || limit === undefined || burst === undefined || period === undefined
    || classes === undefined || onExhaustion === undefined
  ) return undefined;
  return { name, scope, resource, limit, burst, period, classes, onExhaustion };
}

/** Required for a period budget (a duration > 0); an error elsewhere. Infinity for task and session budgets. */
function readPeriod(ctx: LoadContext, slot: Slot | undefined, scope: BudgetSpec['scope'] | undefined, path: string, budget: Slot): number | undefined {
  if (scope === undefined) return slot === undefined ? Infinity : undefined;
  if (scope !== 'period') {
    if (slot === undefined) return Infinity;
    report(ctx, slot.at, slot.path, flowMsg.periodOnly(scope));
    return undefined;
  }
  if (slot === undefined) {
    report(ctx, budget.at, path, msg.missingField('period', 'a duration greater than 0 over which limit is allowed, such as 1h'));
    return undefined;
  }
  return readPositiveDuration(ctx, slot, 'a duration greater than 0, such as 1h');
}

/** `stop`, `defer` (period budgets) or `{ degrade: <llm agent> }`. */
function readExhaustion(ctx: LoadContext, slot: Slot, scope: BudgetSpec['scope'] | undefined, refs: BudgetRefs): BudgetSpec['onExhaustion'] | undefined {
  if (isMap(slot.node)) {
    const f = fieldsOf(ctx, slot, DEGRADE_FIELDS, EXPECTED_FLOW.onExhaustion);
    const toSlot = f?.require('degrade', 'the name of an llm agent');
    const name = toSlot === undefined ? undefined : readString(ctx, toSlot, 'the name of an llm agent');
    const to = toSlot === undefined || name === undefined ? undefined : resolveTarget(ctx, toSlot, refs.agents, false, 'the name of an llm agent');
    if (to === undefined || toSlot === undefined) return undefined;
    const agent = refs.agentSpecs?.[to];
    if (agent !== undefined && agent.kind !== 'llm') {
      report(ctx, toSlot.at, toSlot.path, flowMsg.degradeNotLlm(agent.name, agent.kind));
      return undefined;
    }
    return { kind: 'degrade', to };
  }
  const action = EXHAUSTION_ACTIONS.find((a) => a === plainValue(slot));
  if (action === undefined) {
    reportType(ctx, slot, EXPECTED_FLOW.onExhaustion);
    return undefined;
  }
  if (action === 'defer' && scope !== undefined && scope !== 'period') {
    report(ctx, slot.at, slot.path, flowMsg.deferNeedsPeriod(scope));
    return undefined;
  }
  return { kind: action };
}
