// Declared defaults as the loader takes them: numbers and texts as they are written, durations in
// seconds. A declaration whose default does not fit is a mistake in the declarations: it throws when
// the loader's modules are first imported, so every test run finds it.

import type { EnumType, NumberType, TextType, ValueType } from './declare.js';
import { parseDuration } from '../core/units.js';

/** A declared default the loader takes as it is written (a number, or a text such as an enum value). */
export function declaredDefault(type: NumberType): number;
export function declaredDefault<V extends readonly string[]>(type: EnumType<V>): V[number];
export function declaredDefault(type: TextType): string;
export function declaredDefault(type: ValueType): unknown {
  const value = type.default;
  const fits = type.is === 'number' ? typeof value === 'number' : type.is === 'enum' ? type.values.includes(value as string) : typeof value === 'string';
  if (!fits) throw new Error(`declared default ${JSON.stringify(value)} is not a ${type.is}`);
  return value;
}

/** A declared duration default (`60s`) in seconds. */
export function declaredSeconds(type: ValueType): number {
  const seconds = parseDuration(type.default);
  if (!seconds.ok) throw new Error(`declared default ${JSON.stringify(type.default)} is not a duration`);
  return seconds.value;
}
