// The JSON Schema of the scenario format, generated from its declarations (schema/scenario.schema.json
// is this function's output, written by `npm run schema` and checked by a test).

import type { FieldMap, Notes, RecordType, ValueType } from './declare.js';

export type JsonSchema = { readonly [key: string]: unknown };

const DEFS = '#/$defs/';

/** The schema of one type: its own keywords, then its description, default and examples. */
export function toJsonSchema(type: ValueType): JsonSchema {
  return { ...keywordsOf(type), ...notesOf(type) };
}

function keywordsOf(type: ValueType): JsonSchema {
  switch (type.is) {
    case 'number':
      return {
        type: type.integer === true ? 'integer' : 'number',
        ...defined('minimum', type.min), ...defined('exclusiveMinimum', type.above),
        ...defined('maximum', type.max), ...defined('exclusiveMaximum', type.below),
      };
    case 'text':
      return { type: 'string', ...defined('pattern', type.pattern) };
    case 'boolean':
      return { type: 'boolean' };
    case 'const':
      return { const: type.value };
    case 'enum':
      return { enum: [...type.values] };
    case 'ref':
      return { $ref: `${DEFS}${type.name}` };
    case 'list':
      return {
        type: 'array', ...defined('minItems', type.minItems), ...defined('maxItems', type.maxItems),
        ...(type.unique === true ? { uniqueItems: true } : {}),
        ...(type.prefix === undefined ? {} : { prefixItems: type.prefix.map(toJsonSchema) }),
        ...(type.of === undefined ? {} : { items: toJsonSchema(type.of) }),
      };
    case 'map':
      return {
        type: 'object', ...defined('minProperties', type.minEntries),
        ...(type.keys === undefined ? {} : { propertyNames: toJsonSchema(type.keys) }),
        additionalProperties: toJsonSchema(type.of),
      };
    case 'record':
      return recordKeywords(type);
    case 'oneOf':
    case 'anyOf':
      return {
        ...(type.object === true ? { type: 'object' } : {}),
        ...(type.by !== undefined && type.options.every((o) => o.is === 'record' && o.fields[type.by!]?.required === true) ? { required: [type.by] } : {}),
        [type.is]: type.options.map(toJsonSchema),
      };
  }
}

function recordKeywords(type: RecordType): JsonSchema {
  const required = Object.entries(type.fields).filter(([, f]) => f.required === true).map(([name]) => name);
  if (type.extends !== undefined) {
    // Its own fields beside the definition's, and no others: what unevaluatedProperties checks.
    return {
      $ref: `${DEFS}${type.extends}`, ...(required.length === 0 ? {} : { required }), unevaluatedProperties: false,
      ...(Object.keys(type.fields).length === 0 ? {} : { properties: propertiesOf(type.fields) }),
    };
  }
  const choice = (names: readonly string[] | undefined) => names?.map((name) => ({ required: [name] }));
  return {
    ...(type.untyped === true ? {} : { type: 'object' }),
    ...(type.open === true ? {} : { additionalProperties: false }),
    ...(required.length === 0 ? {} : { required }),
    ...defined('oneOf', choice(type.exactlyOne)),
    ...defined('anyOf', choice(type.atLeastOne)),
    properties: propertiesOf(type.fields),
  };
}

function propertiesOf(fields: FieldMap): JsonSchema {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, toJsonSchema(f)]));
}

/** Descriptions are written for the reference, with links to its sections; editors show the link text. */
const withoutLinks = (text: string | undefined): string | undefined => text?.replace(/\[([^\]]+)\]\((#[^)]*|[\w./-]+\.md[^)]*)\)/g, '$1');

/**
 * The description, then what the reference says and the schema cannot: the type as it is written
 * (`duration > 0`, `class name`) and what an absent field means when that is not a value.
 */
function withDefaultText(notes: Notes): string | undefined {
  const parts = [
    notes.description,
    notes.shown === undefined ? undefined : `Type: ${notes.shown}.`,
    notes.defaultText === undefined ? undefined : `Default: ${notes.defaultText.replace(/\*\*/g, '')}.`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(' ');
}

function notesOf(notes: Notes): JsonSchema {
  return {
    ...defined('description', withoutLinks(withDefaultText(notes))), ...defined('default', notes.default),
    ...defined('examples', notes.examples),
    ...(notes.except === undefined ? {} : { not: { const: notes.except } }),
  };
}

function defined(key: string, value: unknown): JsonSchema {
  return value === undefined ? {} : { [key]: value };
}

/** The whole document: the top-level record with every named definition under $defs. */
export function documentSchema(
  header: { readonly $id: string; readonly title: string },
  root: RecordType,
  definitions: Readonly<Record<string, ValueType>>,
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: header.$id,
    title: header.title,
    ...toJsonSchema(root),
    $defs: Object.fromEntries(Object.entries(definitions).map(([name, type]) => [name, toJsonSchema(type)])),
  };
}
