// Reading a parsed quantity in the unit parsers' tests: its value, or the problem found.

import type { Quantity } from '../../../models/scenario/index.js';

export function value(q: Quantity): number {
  if (!q.ok) throw new Error(`expected a value, got: expected ${q.message.expected}, found ${q.message.found}`);
  return q.value;
}

export function problem(q: Quantity): string {
  if (q.ok) throw new Error(`expected an error, got ${q.value}`);
  return q.message.found;
}
