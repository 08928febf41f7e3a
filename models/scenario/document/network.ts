// The network sections of a scenario -> NetworkSpec: the model catalogue and GPU pools first, then
// the attribute names every class provides, agents and workload (which refer to all of these),
// budgets and quotas (which refer to classes and agents), then the checks that need the whole network.

import { isMap, isScalar } from 'yaml';
import type { NetworkSpec } from '../../../sim/network/spec.js';
import { collectAgentNames, readAgents } from '../agents/agents.js';
import { readBudgets } from '../workflows/budgets.js';
import { scanAttributeNames } from '../workload/attributes.js';
import { readModels } from '../serving/catalogue.js';
import { peekField, plainValue, slotOf } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED } from '../core/messages.js';
import { EXPECTED_SERVING } from '../serving/messages.js';
import { collectSection, nameSet } from '../core/names.js';
import { readPools } from '../serving/pools.js';
import { checkKvMemory, checkServedModels } from '../serving/checks.js';
import { readQuotas } from '../workflows/traffic.js';
import { checkExits } from './validate.js';
import { readWorkload } from '../workload/workload.js';

/** Undefined when anything in these sections was reported. `horizon` is undefined when itself invalid. */
export function readNetwork(ctx: LoadContext, f: Fields, horizon: number | undefined): NetworkSpec | undefined {
  const modelSection = collectSection(ctx, f.get('models'), 'model', EXPECTED_SERVING.modelsMap);
  const models = readModels(ctx, modelSection);
  const poolSection = collectSection(ctx, f.get('gpus'), 'GPU pool', EXPECTED_SERVING.gpusMap);
  const pools = readPools(ctx, poolSection, modelSection.names, models, horizon);
  checkServedModels(ctx, modelSection, poolSection);

  const workloadSlot = f.get('workload');
  const attributes = scanAttributeNames(ctx, workloadSlot);
  const agentsSlot = f.require('agents', EXPECTED.agentsMap);
  const section = collectAgentNames(ctx, agentsSlot);
  const refs = { agents: section.names, attributes, pools: poolSection.names, horizon };
  const agents = readAgents(ctx, section, refs);
  f.require('workload', EXPECTED.workloadMap);
  const classes = workloadSlot === undefined ? undefined : readWorkload(ctx, workloadSlot, refs, horizon);
  const declared = declaredClasses(ctx, workloadSlot);
  const classNames = nameSet(declared.map((c) => c.name), workloadSlot !== undefined && isMap(workloadSlot.node));
  const quotas = readQuotas(ctx, f.get('quotas'), { names: classNames, rateLimited: declared.map((c) => c.rateLimited) });
  const budgets = readBudgets(ctx, f.get('budgets'), {
    classes: classNames, sessions: declared.map((c) => c.sessions), agents: section.names, agentSpecs: agents?.map((a) => a.spec),
  });
  if (agents === undefined || classes === undefined || agents.length === 0 || quotas === undefined || budgets === undefined) return undefined;
  checkExits(ctx, agents, classes);
  const modelSpecs = models.every((m) => m !== undefined) ? models : undefined;
  const poolSpecs = pools.every((p) => p !== undefined) ? pools : undefined;
  if (modelSpecs === undefined || poolSpecs === undefined || !modelSection.names.complete || !poolSection.names.complete) return undefined;
  const classSpecs = classes.map((c) => c.spec);
  checkKvMemory(ctx, agents, classSpecs, attributes.names, modelSpecs, poolSpecs);
  return {
    agents: agents.map((a) => a.spec),
    classes: classSpecs,
    attributes: attributes.names,
    models: modelSpecs.map((m) => m.spec),
    pools: poolSpecs.map((p) => p.spec),
    // Only when written, so that scenarios without them give the same spec as before.
    ...(budgets.length === 0 ? {} : { budgets }),
    ...(quotas.length === 0 ? {} : { quotas }),
  };
}

/** The classes as declared (read from the file, so a broken class does not hide the others' names). */
function declaredClasses(ctx: LoadContext, workload: Slot | undefined): { name: string; sessions: boolean; rateLimited: boolean }[] {
  if (workload === undefined || !isMap(workload.node)) return [];
  return workload.node.items.map((pair) => {
    const slot = slotOf(ctx, pair.value, '');
    const arrivals = peekField(ctx, slot, 'arrivals');
    const process = arrivals === undefined ? undefined : peekField(ctx, arrivals, 'process');
    return {
      name: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
      sessions: process !== undefined && plainValue(process) === 'sessions',
      rateLimited: peekField(ctx, slot, 'rate_limit') !== undefined,
    };
  });
}
