// The field tables of docs/scenario-reference.md, generated from the declarations: a table between
// `<!-- fields: NAME -->` and `<!-- end fields -->` is replaced by the table NAME below (written by
// `npm run schema`; a test fails while the page differs).

import type { FieldMap, RecordType, ValueType } from './declare.js';
import { enumOf, record } from './declare.js';
import { fieldsByForm, formOf } from './read.js';
import { AGENT, FAILING_GROUP, RELIABILITY_GROUP, RETRY, ROUTED_GROUP, TIMEOUT } from './agents.js';
import { POOL_CAPACITY, SPOT, STATION_CAPACITY } from './capacity.js';
import { ACTION, COORDINATION, OBJECTIVE, PARTICIPANT, TIMELINE_AT, TIMELINE_EVENT_GROUP } from './coordination.js';
import { SCENARIO } from './core.js';
import { DEFINITIONS } from './index.js';
import { GPU_POOL, INLINE_PROFILE, MEASURED_PROFILE, MODEL } from './serving.js';
import { BUDGET, QUOTA } from './traffic.js';
import { ARRIVALS, CLASS, TRAFFIC_GROUP } from './workload.js';

/** How the reference names a definition, and the section that explains it (a map's fields otherwise). */
const DEFINITION_TEXT: Readonly<Record<string, string>> = {
  name: 'name',
  duration: 'duration',
  rate: 'rate',
  bytes: 'size',
  arrivals: '[arrivals](#arrivals)',
  distribution: '[distribution](#distributions)',
  countDistribution: '[distribution](#distributions) of counts',
  next: '[next spec](#routing-next-specs)',
  class: '[class](#workload-classes)',
  agent: '[agent](#agents)',
  model: '[model](#models-the-model-catalogue)',
  profile: 'built-in name or a map',
  gpuPool: '[GPU pool](#gpu-pools)',
  budget: '[budget](#budgets)',
  quota: '[quota](#quotas)',
  timelineEvent: '[event](#timeline)',
  objective: '[objective](#objectives)',
  coordination: '[map](#the-coordination-block)',
  participant: '[participant](#participants)',
  action: '[action](#actions)',
};

function refText(name: string): string {
  const text = DEFINITION_TEXT[name];
  if (text !== undefined) return text;
  const target = DEFINITIONS[name];
  return target?.is === 'record' ? typeText(target) : name;
}

const quoted = (value: unknown): string => `\`${typeof value === 'object' || value === '' ? JSON.stringify(value).replace(/"/g, "'") : String(value)}\``;

const alternatives = (texts: readonly string[]): string =>
  (texts.length <= 2 ? texts.join(' or ') : `${texts.slice(0, -1).join(', ')} or ${texts.at(-1)!}`);

function numberText(type: Extract<ValueType, { is: 'number' }>): string {
  const base = type.integer === true ? 'integer' : 'number';
  const low = type.min !== undefined ? `${String(type.min)} ≤` : type.above !== undefined ? `${String(type.above)} <` : undefined;
  const high = type.max !== undefined ? `≤ ${String(type.max)}` : type.below !== undefined ? `< ${String(type.below)}` : undefined;
  if (low !== undefined && high !== undefined) return `${base}, ${low} x ${high}`;
  if (type.min !== undefined) return `${base} ≥ ${String(type.min)}`;
  if (type.above !== undefined) return `${base} > ${String(type.above)}`;
  return high === undefined ? base : `${base} ${high}`;
}

/** The type column: what a value is written as. */
export function typeText(type: ValueType): string {
  if (type.shown !== undefined) return type.shown;
  switch (type.is) {
    case 'number': return numberText(type);
    case 'text': return type.label ?? 'string';
    case 'boolean': return '`true` or `false`';
    case 'const': return quoted(type.value);
    case 'enum': return alternatives(type.values.map(quoted));
    case 'ref': return refText(type.name);
    case 'list': return `list of ${type.of === undefined ? 'values' : typeText(type.of)}`;
    case 'map': return `map: name → ${typeText(type.of)}${type.minEntries === undefined ? '' : `, at least ${String(type.minEntries)}`}`;
    case 'record': {
      const names = Object.keys(type.fields);
      return names.length <= 5 ? `\`{ ${names.join(', ')} }\`` : 'map';
    }
    case 'oneOf':
    case 'anyOf': return alternatives(type.options.map(typeText));
  }
}

/** The default column: required, the value taken when the field is absent, or what absence means. */
function defaultText(type: ValueType, inChoice: boolean): string {
  if (type.required === true) return type.is === 'map' && type.minEntries !== undefined ? `**required**, ≥ ${String(type.minEntries)}` : '**required**';
  if (type.defaultText !== undefined) return type.defaultText;
  if (type.default !== undefined) return quoted(type.default);
  const target = type.is === 'ref' ? DEFINITIONS[type.name] : undefined;
  if (target?.default !== undefined) return quoted(target.default);
  if (type.is === 'record') {
    const parts = Object.entries(type.fields).map(([name, f]) => (f.default === undefined ? undefined : `${name}: ${String(f.default)}`));
    if (parts.length > 0 && parts.every((p) => p !== undefined)) return `\`{ ${parts.join(', ')} }\``;
  }
  return inChoice ? '' : 'none';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

interface Rows {
  /** Written before each field's name (`retry.` for the fields of an agent's retry map). */
  readonly prefix?: string;
  /** Fields another table lists. */
  readonly omit?: readonly string[];
  /** The first column's heading. */
  readonly heading?: string;
}

/** The rows of a record's fields: field, type, default (or what absence means), meaning. */
function fieldRows(type: RecordType, { prefix = '', omit = [] }: Rows = {}): string[] {
  const choice = new Set(type.exactlyOne ?? []);
  return Object.entries(type.fields)
    .filter(([name]) => !omit.includes(name))
    .map(([name, f]) => `| \`${prefix}${name}\` | ${cell(typeText(f))} | ${cell(defaultText(f, choice.has(name)))} | ${cell(f.description ?? '')} |`);
}

/** One row for a group of fields several records share, with the group's own default and meaning. */
function groupRow(group: RecordType): string {
  const names = Object.keys(group.fields).map((name) => `\`${name}\``).join(', ');
  return `| ${names} | | ${cell(group.defaultText ?? '')} | ${cell(group.description ?? '')} |`;
}

const table = (rows: readonly string[], heading = 'field'): string =>
  [`| ${heading} | type | default | meaning |`, '| --- | --- | --- | --- |', ...rows].join('\n');

/** A markdown table of a record's fields (or of a group of fields several records share). */
export function fieldTable(type: RecordType | FieldMap, rows: Rows = {}): string {
  return table(fieldRows(type.is === 'record' ? (type as RecordType) : record(type as FieldMap), rows), rows.heading);
}

const sessions = formOf(ARRIVALS, 'process', 'sessions');
const station = formOf(AGENT, 'kind', 'station');

/** The `kind` row of the fields every agent takes: the kinds, and the one an agent has without `kind`. */
function kindRow(): string {
  const kinds = Object.keys(fieldsByForm(AGENT));
  const implicit = formOf(AGENT, 'kind', 'station').fields.kind;
  return fieldRows(record({ kind: { ...implicit, ...enumOf(kinds) } }))[0]!;
}

/** The generated tables by the name their markers give. */
export const REFERENCE_TABLES: Readonly<Record<string, () => string>> = {
  'top-level': () => fieldTable(SCENARIO),
  'metrics': () => fieldTable(SCENARIO.fields.metrics),
  'slos': () => fieldTable(SCENARIO.fields.slos.of),
  'class': () => fieldTable(CLASS, { omit: Object.keys(TRAFFIC_GROUP) }),
  'traffic': () => fieldTable(TRAFFIC_GROUP),
  // One table per arrival process, so a new process's table needs only its declaration and a marker.
  ...Object.fromEntries(Object.keys(fieldsByForm(ARRIVALS)).map((process) => [
    `process-${process}`, () => fieldTable(formOf(ARRIVALS, 'process', process), { omit: ['process'] }),
  ])),
  'session-trace': () => fieldTable(sessions.fields.trace, { omit: Object.keys(formOf(ARRIVALS, 'process', 'trace').fields) }),
  'retry': () => table([
    ...fieldRows(record({ timeout: { ...RELIABILITY_GROUP.timeout, ...TIMEOUT } })),
    ...fieldRows(RETRY, { prefix: 'retry.' }),
  ]),
  'spot': () => fieldTable(SPOT),
  'model': () => fieldTable(MODEL),
  'budget': () => fieldTable(BUDGET),
  'quota': () => fieldTable(QUOTA),
  'objective': () => fieldTable(OBJECTIVE),
  'coordination': () => fieldTable(COORDINATION),
  'validation': () => fieldTable(COORDINATION.fields.validation, { prefix: 'validation.' }),
  'timeline': () => fieldTable(record({ at: TIMELINE_AT, ...TIMELINE_EVENT_GROUP }, { exactlyOne: Object.keys(TIMELINE_EVENT_GROUP) })),
  'inline-profile': () => fieldTable(INLINE_PROFILE, { heading: 'profile field' }),
  'measured-profile': () => fieldTable(MEASURED_PROFILE, { heading: 'profile field' }),
  'agent': () => table([kindRow(), ...fieldRows(record({ ...ROUTED_GROUP, ...FAILING_GROUP }))]),
  'station': () => table([
    ...fieldRows(station, { omit: ['kind', ...Object.keys(ROUTED_GROUP), ...Object.keys(FAILING_GROUP), ...Object.keys(STATION_CAPACITY.fields)] }),
    groupRow(STATION_CAPACITY),
  ]),
  'capacity': () => fieldTable(record({ discipline: station.fields.discipline, ...STATION_CAPACITY.fields })),
  'gpu-pool': () => table([...fieldRows(GPU_POOL, { omit: Object.keys(POOL_CAPACITY.fields) }), groupRow(POOL_CAPACITY)]),
  'participant': () => fieldTable(PARTICIPANT),
  'action': () => fieldTable(ACTION),
  'llm': () => fieldTable(formOf(AGENT, 'kind', 'llm'), { omit: ['kind', ...Object.keys(ROUTED_GROUP), ...Object.keys(FAILING_GROUP)] }),
  'cache': () => fieldTable(formOf(AGENT, 'kind', 'cache'), { omit: ['kind', ...Object.keys(ROUTED_GROUP)] }),
};

// The block between the markers may be empty (a new section's markers, before the first generation).
const BLOCK = /(<!-- fields: ([\w-]+) -->\n)(?:[\s\S]*?\n)??(<!-- end fields -->)/g;

/** The page with every marked table regenerated; an unknown table name is an error. */
export function withReferenceTables(page: string): string {
  return page.replace(BLOCK, (_all, open: string, name: string, close: string) => {
    const table = REFERENCE_TABLES[name];
    if (table === undefined) throw new Error(`docs/scenario-reference.md names no generated table '${name}'`);
    return `${open}${table()}\n${close}`;
  });
}
