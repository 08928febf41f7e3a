// docs/scenario-reference.md names every field the loader accepts for workflows, traffic control and
// coordination (each in backticks, as in its tables), and every field and value the format declares in
// any section; every link to a heading of its own resolves.

import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AGENT_KIND_FIELDS, DISCIPLINES } from '../../../models/scenario/agents/agents.js';
import { PROCESS_FIELDS } from '../../../models/scenario/workload/arrivals.js';
import { AUTOSCALE_FIELDS, SCHEDULE_FIELDS, SIGNALS } from '../../../models/scenario/workflows/autoscale.js';
import { BUDGET_FIELDS, BUDGET_SCOPES } from '../../../models/scenario/workflows/budgets.js';
import { FAILURE_FIELDS, POOL_BALANCE, POOL_CAPACITY_FIELDS, SCALE_TO_ZERO_FIELDS, SPOT_FIELDS } from '../../../models/scenario/workflows/capacity.js';
import { ACTION_FIELDS, EFFECT_FIELDS } from '../../../models/scenario/coordination/actions.js';
import {
  COORDINATION_FIELDS, OBJECTIVE_FIELDS, OBJECTIVE_METRICS, PARTICIPANT_FIELDS, VALIDATION_FIELDS,
} from '../../../models/scenario/coordination/coordination.js';
import { EVENT_FIELDS, TIMELINE_FIELDS } from '../../../models/scenario/coordination/timeline.js';
import { TOP_LEVEL_FIELDS } from '../../../models/scenario/document/normalize.js';
import { RETRY_FIELDS } from '../../../models/scenario/workflows/reliability.js';
import { FORK_FIELDS, SPECULATION_FIELDS } from '../../../models/scenario/agents/routes.js';
import { SESSION_TRACE_FIELDS } from '../../../models/scenario/workload/sessions.js';
import { QUOTA_FIELDS, TRAFFIC_FIELDS } from '../../../models/scenario/workflows/traffic.js';
import { DEFINITIONS, SCENARIO } from '../../../models/scenario/format/index.js';
import { REFERENCE_TABLES, withReferenceTables } from '../../../models/scenario/format/reference.js';
import type { ValueType } from '../../../models/scenario/format/declare.js';

const doc = readFileSync(new URL('../../../../docs/scenario-reference.md', import.meta.url), 'utf8');
const test = suite('scenario reference');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string): string => heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

test('every workflow and traffic-control field and value is documented', () => {
  const names = new Set([
    ...TOP_LEVEL_FIELDS, ...AGENT_KIND_FIELDS.station, ...AGENT_KIND_FIELDS.llm, ...POOL_CAPACITY_FIELDS, ...PROCESS_FIELDS.sessions,
    ...Object.values(AUTOSCALE_FIELDS).flat(), ...SCHEDULE_FIELDS, ...FAILURE_FIELDS, ...SPOT_FIELDS, ...SCALE_TO_ZERO_FIELDS,
    ...RETRY_FIELDS.map((f) => `retry.${f}`), ...FORK_FIELDS, ...SPECULATION_FIELDS, ...SESSION_TRACE_FIELDS, ...TRAFFIC_FIELDS,
    ...QUOTA_FIELDS, ...BUDGET_FIELDS, ...DISCIPLINES, ...POOL_BALANCE, ...SIGNALS, ...BUDGET_SCOPES, 'speculate', 'sessions',
  ]);
  const missing = [...names].filter((name) => !doc.includes(`\`${name}\``));
  assert.equal(missing, []);
});

test('every coordination field and metric is documented', () => {
  const names = new Set([
    ...TIMELINE_FIELDS, ...Object.values(EVENT_FIELDS).flat(), ...OBJECTIVE_FIELDS, ...OBJECTIVE_METRICS, ...COORDINATION_FIELDS,
    ...VALIDATION_FIELDS.map((f) => `validation.${f}`), ...PARTICIPANT_FIELDS, ...ACTION_FIELDS, ...Object.values(EFFECT_FIELDS).flat(),
  ]);
  const missing = [...names].filter((name) => !doc.includes(`\`${name}\``));
  assert.equal(missing, []);
});

/** Every field name and every enum or constant value of a declared type, and of the types inside it. */
function declaredNames(type: ValueType, fields: Set<string>, values: Set<string>): void {
  switch (type.is) {
    case 'record':
      for (const [name, field] of Object.entries(type.fields)) {
        fields.add(name);
        declaredNames(field, fields, values);
      }
      return;
    case 'enum': for (const value of type.values) values.add(value); return;
    case 'const': values.add(String(type.value)); return;
    case 'list': for (const item of [...(type.of === undefined ? [] : [type.of]), ...(type.prefix ?? [])]) declaredNames(item, fields, values); return;
    case 'map': declaredNames(type.of, fields, values); return;
    case 'oneOf': case 'anyOf': for (const option of type.options) declaredNames(option, fields, values); return;
    default: return;
  }
}

test('every field and value the format declares, in every section, is documented', () => {
  const fields = new Set<string>();
  const values = new Set<string>();
  for (const type of [SCENARIO, ...Object.values(DEFINITIONS)]) declaredNames(type, fields, values);
  assert.ok(fields.size > 150 && values.size > 50);
  // A field is documented in backticks: alone, with its value (`components: [...]`), or in a map form such as `{ column, unit }`.
  const forms = [...doc.matchAll(/`\{([^`]*)\}`/g)].map((m) => m[1]!);
  const inForm = (name: string): boolean => forms.some((form) => new RegExp(`(^|[\\s,{\\[])${name}\\b`).test(form));
  assert.equal([...fields].filter((name) => !doc.includes(`\`${name}\``) && !doc.includes(`\`${name}:`) && !inForm(name)), []);
  assert.equal([...values].filter((value) => !doc.includes(`\`${value}\``)), []);
});

test('the generated field tables are those of the declarations (run `npm run schema` after changing one)', () => {
  const marked = [...doc.matchAll(/<!-- fields: ([\w-]+) -->/g)].map((m) => m[1]!);
  assert.equal(marked.sort(), Object.keys(REFERENCE_TABLES).sort());
  assert.fixture(doc, withReferenceTables(doc));
});

test('every link to a heading of the page resolves', () => {
  const headings = new Set([...doc.matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchor(m[1]!)));
  const links = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(links.length > 20);
  assert.equal(links.filter((l) => !headings.has(l)), []);
});

test('the empty markers of a new section get their table, and the next section keeps its own', () => {
  const page = 'A\n<!-- fields: process-deterministic -->\n<!-- end fields -->\nB\n<!-- fields: process-poisson -->\nold\n<!-- end fields -->\nC';
  const table = (name: string) => REFERENCE_TABLES[name]!();
  assert.is(withReferenceTables(page), `A\n<!-- fields: process-deterministic -->\n${table('process-deterministic')}\n<!-- end fields -->\nB\n<!-- fields: process-poisson -->\n${table('process-poisson')}\n<!-- end fields -->\nC`);
});

test.run();
