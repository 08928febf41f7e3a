// The scenario format in one place: every named definition (by the name the schema and the docs use)
// and the top-level document, each declared once in its section's file. The JSON Schema, the loader's
// field lists and enum values, and the reference's field tables are read from here.

import { SCENARIO, NAME, DURATION, RATE, BYTES } from './core.js';
import { CLASS, ARRIVALS, DISTRIBUTION_FORMS, DISTRIBUTION, MIXTURE_COMPONENT, COUNT_DISTRIBUTION, COUNT_SOURCE } from './workload.js';
import { AGENT, FAILURE, ON_FAILURE, COST_PER_CALL, NEXT, TIMEOUT, RETRY } from './agents.js';
import { MODEL, PROFILE, INLINE_PROFILE, MEASURED_PROFILE, CURVE, GPU_POOL } from './serving.js';
import { BALANCE, WEIGHTS, AUTOSCALE, FAILURES, SPOT, SCALE_TO_ZERO } from './capacity.js';
import { RATE_LIMIT, BUDGET, QUOTA } from './traffic.js';
import { TIMELINE_EVENT, OBJECTIVE, COORDINATION, PARTICIPANT, ACTION } from './coordination.js';
import type { JsonSchema } from './json-schema.js';
import { documentSchema } from './json-schema.js';
import type { ValueType } from './declare.js';

export { SCENARIO };

/** The named definitions, in the order the schema lists them under $defs. */
export const DEFINITIONS: Readonly<Record<string, ValueType>> = {
  name: NAME,
  duration: DURATION,
  rate: RATE,
  class: CLASS,
  arrivals: ARRIVALS,
  agent: AGENT,
  failure: FAILURE,
  onFailure: ON_FAILURE,
  costPerCall: COST_PER_CALL,
  distParams: DISTRIBUTION_FORMS,
  distribution: DISTRIBUTION,
  mixtureComponent: MIXTURE_COMPONENT,
  next: NEXT,
  bytes: BYTES,
  model: MODEL,
  profile: PROFILE,
  inlineProfile: INLINE_PROFILE,
  measuredProfile: MEASURED_PROFILE,
  curve: CURVE,
  gpuPool: GPU_POOL,
  countDistribution: COUNT_DISTRIBUTION,
  countSource: COUNT_SOURCE,
  balance: BALANCE,
  weights: WEIGHTS,
  autoscale: AUTOSCALE,
  failures: FAILURES,
  spot: SPOT,
  scaleToZero: SCALE_TO_ZERO,
  timeout: TIMEOUT,
  retry: RETRY,
  rateLimit: RATE_LIMIT,
  budget: BUDGET,
  quota: QUOTA,
  timelineEvent: TIMELINE_EVENT,
  objective: OBJECTIVE,
  coordination: COORDINATION,
  participant: PARTICIPANT,
  action: ACTION,
};

/** The JSON Schema of a scenario file (schema/scenario.schema.json is this, written by `npm run schema`). */
export function scenarioSchema(): JsonSchema {
  return documentSchema({ $id: 'https://apmsim.dev/schema/scenario.schema.json', title: 'apmsim scenario' }, SCENARIO, DEFINITIONS);
}

/** The committed file's exact text: the schema as two-space-indented JSON with a final newline. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioSchema(), null, 2)}\n`;
}
