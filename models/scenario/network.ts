// The network sections of a scenario -> NetworkSpec: the model catalogue and GPU pools first, then
// the attribute names every class provides, agents and workload (which refer to all of these),
// then the checks that need the whole network.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { collectAgentNames, readAgents } from './agents.js';
import { scanAttributeNames } from './attributes.js';
import { readModels } from './catalogue.js';
import type { Fields, LoadContext } from './fields.js';
import { EXPECTED } from './messages.js';
import { EXPECTED_SERVING } from './messages-serving.js';
import { collectSection } from './names.js';
import { readPools } from './pools.js';
import { checkKvMemory, checkServedModels } from './serving-checks.js';
import { checkExits } from './validate.js';
import { readWorkload } from './workload.js';

/** Undefined when anything in these sections was reported. `horizon` is undefined when itself invalid. */
export function readNetwork(ctx: LoadContext, f: Fields, horizon: number | undefined): NetworkSpec | undefined {
  const modelSection = collectSection(ctx, f.get('models'), 'model', EXPECTED_SERVING.modelsMap);
  const models = readModels(ctx, modelSection);
  const poolSection = collectSection(ctx, f.get('gpus'), 'GPU pool', EXPECTED_SERVING.gpusMap);
  const pools = readPools(ctx, poolSection, modelSection.names, models);
  checkServedModels(ctx, modelSection, poolSection);

  const workloadSlot = f.get('workload');
  const attributes = scanAttributeNames(ctx, workloadSlot);
  const agentsSlot = f.require('agents', EXPECTED.agentsMap);
  const section = collectAgentNames(ctx, agentsSlot);
  const refs = { agents: section.names, attributes, pools: poolSection.names };
  const agents = readAgents(ctx, section, refs);
  f.require('workload', EXPECTED.workloadMap);
  const classes = workloadSlot === undefined ? undefined : readWorkload(ctx, workloadSlot, refs, horizon);
  if (agents === undefined || classes === undefined || agents.length === 0) return undefined;
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
  };
}
