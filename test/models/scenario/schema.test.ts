import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { AGENT_FIELDS } from '../../../models/scenario/agents.js';
import { PROCESS_FIELDS } from '../../../models/scenario/arrivals.js';
import { DIST_PARAMS } from '../../../models/scenario/distribution.js';
import { METRICS_FIELDS, TOP_LEVEL_FIELDS } from '../../../models/scenario/normalize.js';
import { CLASS_FIELDS } from '../../../models/scenario/workload.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface SchemaNode {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly oneOf?: readonly SchemaNode[];
  readonly const?: unknown;
  readonly $schema?: string;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

const schema = JSON.parse(readFileSync(`${root}schema/scenario.schema.json`, 'utf8')) as SchemaNode;
const defs = schema.$defs ?? {};
const keys = (node: SchemaNode | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
const sorted = (names: readonly string[]): string[] => [...names].sort();

const s = suite('scenario.schema.json');

s('is a draft 2020-12 schema naming every top-level field the loader accepts, with the same required ones', () => {
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(keys(schema), sorted(TOP_LEVEL_FIELDS));
  assert.equal(sorted(schema.required ?? []), ['agents', 'horizon', 'name', 'workload']);
  assert.equal(keys(schema.properties?.['metrics']), sorted(METRICS_FIELDS));
  for (const [name, node] of Object.entries(schema.properties ?? {})) assert.ok((node.description ?? '') !== '', `${name} has no description`);
});

s('agents, classes, arrival processes and distributions match the loader field for field', () => {
  assert.equal(keys(defs['agent']), sorted(AGENT_FIELDS));
  assert.equal(keys(defs['class']), sorted(CLASS_FIELDS));
  const processes = Object.fromEntries((defs['arrivals']?.oneOf ?? []).map((v) => [String(v.properties?.['process']?.const), keys(v)]));
  assert.equal(processes, Object.fromEntries(Object.entries(PROCESS_FIELDS).map(([p, fields]) => [p, sorted(fields)])));
  const dists = Object.fromEntries((defs['distParams']?.oneOf ?? []).map((v) => [String(v.properties?.['dist']?.const), keys(v).filter((k) => k !== 'dist')]));
  assert.equal(dists, Object.fromEntries(Object.entries(DIST_PARAMS).map(([d, params]) => [d, sorted(params)])));
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
