// The field tables of docs/scenario-reference.md, generated from the declarations: a table between
// `<!-- fields: NAME -->` and `<!-- end fields -->` is replaced by the table NAME below (written by
// `npm run schema`; a test fails while the page differs).

import type { RecordType, ValueType } from './declare.js';
import { formOf } from './declare.js';
import { ARRIVALS } from './workload.js';

/** How the reference names a definition, and the section that explains it. */
const DEFINITION_TEXT: Readonly<Record<string, string>> = {
  name: 'name',
  duration: 'duration',
  rate: 'rate',
  bytes: 'size',
  arrivals: '[arrivals](#arrivals)',
  distribution: '[distribution](#distributions)',
  countDistribution: '[distribution](#distributions) of counts',
  next: '[next spec](#routing-next-specs)',
};

const quoted = (value: unknown): string => `\`${String(value)}\``;

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
  switch (type.is) {
    case 'number': return numberText(type);
    case 'text': return type.label ?? 'string';
    case 'boolean': return '`true` or `false`';
    case 'any': return 'any';
    case 'const': return quoted(type.value);
    case 'enum': return alternatives(type.values.map(quoted));
    case 'ref': return DEFINITION_TEXT[type.name] ?? type.name;
    case 'list': return `list of ${type.of === undefined ? 'values' : typeText(type.of)}`;
    case 'map': return `map: name → ${typeText(type.of)}`;
    case 'record': {
      const names = Object.keys(type.fields);
      return names.length <= 3 ? `\`{ ${names.join(', ')} }\`` : 'map';
    }
    case 'oneOf':
    case 'anyOf': return alternatives(type.options.map(typeText));
  }
}

/** The default column: required, the value taken when the field is absent, or what absence means. */
function defaultText(type: ValueType, inChoice: boolean): string {
  if (type.required === true) return '**required**';
  if (type.defaultText !== undefined) return type.defaultText;
  if (type.default !== undefined) return quoted(type.default);
  if (type.is === 'record') {
    const parts = Object.entries(type.fields).map(([name, f]) => (f.default === undefined ? undefined : `${name}: ${String(f.default)}`));
    if (parts.length > 0 && parts.every((p) => p !== undefined)) return `\`{ ${parts.join(', ')} }\``;
  }
  return inChoice ? '' : 'none';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A markdown table of a record's fields, leaving out `omit` (the tag, or fields another table lists). */
export function fieldTable(type: RecordType, omit: readonly string[] = []): string {
  const choice = new Set(type.exactlyOne ?? []);
  const rows = Object.entries(type.fields)
    .filter(([name]) => !omit.includes(name))
    .map(([name, f]) => `| \`${name}\` | ${cell(typeText(f))} | ${cell(defaultText(f, choice.has(name)))} | ${cell(f.description ?? '')} |`);
  return ['| field | type | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const sessions = formOf(ARRIVALS, 'process', 'sessions');

/** The generated tables by the name their markers give. */
export const REFERENCE_TABLES: Readonly<Record<string, () => string>> = {
  'process-poisson': () => fieldTable(formOf(ARRIVALS, 'process', 'poisson'), ['process']),
  'process-deterministic': () => fieldTable(formOf(ARRIVALS, 'process', 'deterministic'), ['process']),
  'process-trace': () => fieldTable(formOf(ARRIVALS, 'process', 'trace'), ['process']),
  'process-sessions': () => fieldTable(sessions, ['process']),
  'session-trace': () => fieldTable(sessions.fields.trace, Object.keys(formOf(ARRIVALS, 'process', 'trace').fields)),
};

const BLOCK = /(<!-- fields: ([\w-]+) -->\n)[\s\S]*?(\n<!-- end fields -->)/g;

/** The page with every marked table regenerated; an unknown table name is an error. */
export function withReferenceTables(page: string): string {
  return page.replace(BLOCK, (_all, open: string, name: string, close: string) => {
    const table = REFERENCE_TABLES[name];
    if (table === undefined) throw new Error(`docs/scenario-reference.md names no generated table '${name}'`);
    return `${open}${table()}${close}`;
  });
}
