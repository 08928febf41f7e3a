// schema/scenario.schema.json is generated from the format declarations (models/scenario/format/) and
// names, field for field, what the loader accepts.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { BUILTIN_PROFILES } from '../../../models/llm/profiles.js';
import { AGENT_KIND_FIELDS, DISCIPLINES } from '../../../models/scenario/agents/agents.js';
import { PROCESS_FIELDS } from '../../../models/scenario/workload/arrivals.js';
import { AUTOSCALE_FIELDS, SCHEDULE_FIELDS, SIGNALS } from '../../../models/scenario/workflows/autoscale.js';
import { BUDGET_FIELDS, BUDGET_RESOURCES, BUDGET_SCOPES, DEGRADE_FIELDS } from '../../../models/scenario/workflows/budgets.js';
import { FAILURE_FIELDS, POOL_BALANCE, SCALE_TO_ZERO_FIELDS, SPOT_FIELDS } from '../../../models/scenario/workflows/capacity.js';
import { ACTION_EFFECTS, ACTION_FIELDS, EFFECT_FIELDS } from '../../../models/scenario/coordination/actions.js';
import { COORDINATION_FIELDS, OBJECTIVE_FIELDS, OBJECTIVE_METRICS, PARTICIPANT_FIELDS, VALIDATION_FIELDS } from '../../../models/scenario/coordination/coordination.js';
import { EVENT_FIELDS, TIMELINE_EVENTS } from '../../../models/scenario/coordination/timeline.js';
import { MODEL_FIELDS, PRICE_FIELDS } from '../../../models/scenario/serving/catalogue.js';
import { DIST_PARAMS } from '../../../models/scenario/workload/distribution.js';
import { PROFILE_FIELDS } from '../../../models/scenario/serving/model-profile.js';
import { METRICS_FIELDS, TOP_LEVEL_FIELDS } from '../../../models/scenario/document/normalize.js';
import { KV_POLICIES, POOL_FIELDS } from '../../../models/scenario/serving/pools.js';
import { RETRY_FIELDS, RETRY_ON } from '../../../models/scenario/workflows/reliability.js';
import { FORK_COUNT_FIELDS, FORK_FIELDS, MAP_FIELDS, SPECULATE_FIELDS, SPECULATION_FIELDS } from '../../../models/scenario/agents/routes.js';
import { KEY_FIELDS } from '../../../models/scenario/serving/agents.js';
import { REPLAY_MODES, SESSION_TRACE_FIELDS } from '../../../models/scenario/workload/sessions.js';
import { LIMIT_ACTIONS, QUOTA_FIELDS, RATE_LIMIT_FIELDS } from '../../../models/scenario/workflows/traffic.js';
import { CLASS_FIELDS } from '../../../models/scenario/workload/workload.js';
import { scenarioSchemaText } from '../../../models/scenario/format/index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface SchemaNode {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly type?: unknown;
  readonly $ref?: string;
  readonly $schema?: string;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

const committed = readFileSync(`${root}schema/scenario.schema.json`, 'utf8');
const schema = JSON.parse(committed) as SchemaNode;
const defs = schema.$defs ?? {};
const keys = (node: SchemaNode | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
const sorted = (names: readonly string[]): string[] => [...names].sort();

const s = suite('scenario.schema.json');

s('is the schema generated from the format declarations, byte for byte (run `npm run schema` after changing one)', () => {
  assert.fixture(committed, scenarioSchemaText());
});

s('is a draft 2020-12 schema naming every top-level field the loader accepts, with the same required ones', () => {
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(keys(schema), sorted(TOP_LEVEL_FIELDS));
  assert.equal(sorted(schema.required ?? []), ['agents', 'horizon', 'name', 'workload']);
  assert.equal(keys(schema.properties?.['metrics']), sorted(METRICS_FIELDS));
  for (const [name, node] of Object.entries(schema.properties ?? {})) assert.ok((node.description ?? '') !== '', `${name} has no description`);
});

s('agents, classes, arrival processes and distributions match the loader field for field', () => {
  const kinds = Object.fromEntries((defs['agent']?.oneOf ?? []).map((v) => [String(v.properties?.['kind']?.const), keys(v)]));
  assert.equal(kinds, Object.fromEntries(Object.entries(AGENT_KIND_FIELDS).map(([kind, fields]) => [kind, sorted(fields)])));
  assert.equal(keys(defs['class']), sorted(CLASS_FIELDS));
  const processes = Object.fromEntries((defs['arrivals']?.oneOf ?? []).map((v) => [String(v.properties?.['process']?.const), keys(v)]));
  assert.equal(processes, Object.fromEntries(Object.entries(PROCESS_FIELDS).map(([p, fields]) => [p, sorted(fields)])));
  const dists = Object.fromEntries((defs['distParams']?.oneOf ?? []).map((v) => [String(v.properties?.['dist']?.const), keys(v).filter((k) => k !== 'dist')]));
  assert.equal(dists, Object.fromEntries(Object.entries(DIST_PARAMS).map(([d, params]) => [d, sorted(params)])));
});

s('models, profiles, GPU pools, caches and next specs match the loader field for field', () => {
  assert.equal(keys(defs['model']), sorted(MODEL_FIELDS));
  assert.equal(keys(defs['model']?.properties?.['price']), sorted(PRICE_FIELDS));
  assert.equal(keys(defs['inlineProfile']), sorted(PROFILE_FIELDS));
  assert.equal(defs['profile']?.anyOf?.[0]?.enum, [...BUILTIN_PROFILES.keys()]);
  assert.equal(keys(defs['gpuPool']), sorted(POOL_FIELDS));
  assert.equal(defs['gpuPool']?.properties?.['kv_policy']?.enum, [...KV_POLICIES]);
  const cache = (defs['agent']?.oneOf ?? []).find((v) => v.properties?.['kind']?.const === 'cache');
  assert.equal((cache?.properties?.['keys']?.oneOf ?? []).map(keys), [sorted(KEY_FIELDS.zipf), sorted(KEY_FIELDS.attribute)]);
  const forms = (defs['next']?.oneOf ?? []).map((v) => (v.type === 'array' ? keys(v.items) : keys(v)));
  assert.equal(forms, [[], ['escalate', 'p', 'to'], ['escalate', 'to'], sorted(FORK_FIELDS), sorted(SPECULATE_FIELDS), ['otherwise', 'switch']]);
  const rule = defs['next']?.oneOf?.[5]?.properties?.['switch']?.items;
  assert.equal(keys(rule), ['then', 'when']);
  // The loader lists the map forms' fields in its own order (its unknown-field message): the same names.
  const mapForms = (defs['next']?.oneOf ?? []).filter((v) => v.type === 'object');
  assert.equal(sorted(MAP_FIELDS), [...new Set(mapForms.flatMap(keys))].sort());
});

s('capacity, autoscalers, retries, forks, speculation, sessions, rate limits, quotas and budgets match the loader field for field', () => {
  const agent = (kind: string) => (defs['agent']?.oneOf ?? []).find((v) => v.properties?.['kind']?.const === kind);
  assert.equal(agent('station')?.properties?.['discipline']?.enum, [...DISCIPLINES]);
  assert.equal(defs['balance']?.enum, [...POOL_BALANCE]);
  const autoscalers = Object.fromEntries((defs['autoscale']?.oneOf ?? []).map((v) => [String(v.properties?.['kind']?.const), keys(v)]));
  assert.equal(autoscalers, Object.fromEntries(Object.entries(AUTOSCALE_FIELDS).map(([k, fields]) => [k, sorted(fields)])));
  const reactive = defs['autoscale']?.oneOf?.[0];
  assert.equal(reactive?.properties?.['signal']?.enum, [...SIGNALS]);
  assert.equal(keys(defs['autoscale']?.oneOf?.[1]?.properties?.['schedule']?.items), sorted(SCHEDULE_FIELDS));
  assert.equal(keys(defs['failures']), sorted(FAILURE_FIELDS));
  assert.equal(keys(defs['spot']), sorted(SPOT_FIELDS));
  assert.equal(keys(defs['scaleToZero']), sorted(SCALE_TO_ZERO_FIELDS));
  assert.equal(keys(defs['retry']), sorted(RETRY_FIELDS));
  assert.equal(defs['retry']?.properties?.['on']?.anyOf?.[0]?.enum, [...RETRY_ON]);
  const fork = defs['next']?.oneOf?.[3];
  assert.equal(keys(fork?.properties?.['fork']?.anyOf?.[1]), sorted(FORK_COUNT_FIELDS));
  assert.equal(keys(defs['next']?.oneOf?.[4]?.properties?.['speculate']), sorted(SPECULATION_FIELDS));
  const sessions = (defs['arrivals']?.oneOf ?? []).find((v) => v.properties?.['process']?.const === 'sessions');
  assert.equal(keys(sessions?.properties?.['trace']), sorted(SESSION_TRACE_FIELDS));
  assert.equal(sessions?.properties?.['trace']?.properties?.['replay']?.enum, [...REPLAY_MODES]);
  assert.equal(keys(defs['rateLimit']), sorted(RATE_LIMIT_FIELDS));
  assert.equal(defs['rateLimit']?.properties?.['action']?.enum, [...LIMIT_ACTIONS]);
  assert.equal(keys(defs['quota']), sorted(QUOTA_FIELDS));
  assert.equal(keys(defs['budget']), sorted(BUDGET_FIELDS));
  assert.equal(defs['budget']?.properties?.['scope']?.enum, [...BUDGET_SCOPES]);
  assert.equal(defs['budget']?.properties?.['resource']?.enum, [...BUDGET_RESOURCES]);
  assert.equal(keys(defs['budget']?.properties?.['on_exhaustion']?.anyOf?.[1]), sorted(DEGRADE_FIELDS));
});

s('timeline events, objectives, coordination settings, participants and actions match the loader field for field', () => {
  const variants = defs['timelineEvent']?.oneOf ?? [];
  const eventOf = (v: SchemaNode): string => keys(v).find((k) => k !== 'at') ?? '';
  assert.equal(variants.map(eventOf), [...TIMELINE_EVENTS]);
  for (const v of variants) assert.equal(keys(v), sorted(['at', eventOf(v)]));
  assert.equal(
    Object.fromEntries(variants.map((v) => [eventOf(v), keys(v.properties?.[eventOf(v)])])),
    Object.fromEntries(Object.entries(EVENT_FIELDS).map(([k, fields]) => [k, sorted(fields)])),
  );
  assert.equal(keys(defs['objective']), sorted(OBJECTIVE_FIELDS));
  assert.equal(defs['objective']?.properties?.['metric']?.enum, [...OBJECTIVE_METRICS]);
  assert.equal(keys(defs['coordination']), sorted(COORDINATION_FIELDS));
  assert.equal(keys(defs['coordination']?.properties?.['validation']), sorted(VALIDATION_FIELDS));
  assert.equal(keys(defs['participant']), sorted(PARTICIPANT_FIELDS));
  assert.equal(keys(defs['action']), sorted(ACTION_FIELDS));
  for (const effect of ACTION_EFFECTS) assert.equal(keys(defs['action']?.properties?.[effect]), sorted(EFFECT_FIELDS[effect]), effect);
});

s('every field of every definition is described', () => {
  const missing: string[] = [];
  const walk = (node: SchemaNode | undefined, at: string): void => {
    if (node === undefined) return;
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      // A field is described by its own text, or by the definition it refers to.
      const target = child.$ref?.startsWith('#/$defs/') === true ? defs[child.$ref.slice('#/$defs/'.length)] : undefined;
      const described = child.description !== undefined || child.const !== undefined || target?.description !== undefined;
      if (!described && !['dist', 'process', 'kind'].includes(name)) missing.push(`${at}.${name}`);
      walk(child, `${at}.${name}`);
    }
    for (const [i, v] of [...(node.oneOf ?? []), ...(node.anyOf ?? [])].entries()) walk(v, `${at}[${i}]`);
    walk(node.items, `${at}[]`);
  };
  for (const [name, node] of Object.entries(defs)) walk(node, name);
  assert.equal(missing, []);
});

s('every bundled scenario has the required top-level fields and no others', () => {
  const files = readdirSync(`${root}scenarios`).filter((f) => f.endsWith('.yaml'));
  for (const file of files) {
    const doc = parse(readFileSync(`${root}scenarios/${file}`, 'utf8')) as Record<string, unknown>;
    for (const field of schema.required ?? []) assert.ok(field in doc, `${file}: no ${field}`);
    for (const field of Object.keys(doc)) assert.ok(TOP_LEVEL_FIELDS.includes(field), `${file}: unknown field ${field}`);
  }
});

s.run();
