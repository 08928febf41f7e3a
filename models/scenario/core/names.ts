// Named sections (models, GPU pools) and attribute names: numbered in a fixed order so the spec
// can refer to them by index, and looked up with "did you mean" hints. A broken section is marked
// incomplete so that references to it are not reported as unknown as well (no cascade).

import { entriesOf, report } from './fields.js';
import { suggest } from '../../suggest.js';
import type { Entry, LoadContext, Slot } from './fields.js';
import { servingMsg } from '../serving/messages.js';
import type { NameKind } from '../serving/messages.js';

/** Names in id order; the same shape as the agents' table. */
export interface NameSet {
  readonly ids: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  /** False when the section itself is broken: references are then not checked. */
  readonly complete: boolean;
}

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function nameSet(names: readonly string[], complete: boolean): NameSet {
  return { ids: new Map(names.map((name, id) => [name, id])), names, complete };
}

export interface Section {
  readonly names: NameSet;
  readonly entries: readonly Entry[];
}

/** An optional map section (`models`, `gpus`): its entries with checked names, numbered in file order. */
export function collectSection(ctx: LoadContext, slot: Slot | undefined, kind: NameKind, expected: string): Section {
  if (slot === undefined) return { names: nameSet([], true), entries: [] };
  const entries = entriesOf(ctx, slot, expected);
  if (entries === undefined) return { names: nameSet([], false), entries: [] };
  for (const entry of entries) checkServingName(ctx, entry, kind);
  return { names: nameSet(entries.map((e) => e.key), true), entries };
}

export function checkServingName(ctx: LoadContext, entry: Entry, kind: NameKind): boolean {
  if (NAME_PATTERN.test(entry.key)) return true;
  report(ctx, entry.keyAt, entry.slot.path, servingMsg.badName(kind, entry.key));
  return false;
}

/** The id of `name`; undefined (reported when the set is complete) when there is none. */
export function resolveName(ctx: LoadContext, at: Slot, name: string, set: NameSet, kind: NameKind): number | undefined {
  const id = set.ids.get(name);
  if (id === undefined && set.complete) report(ctx, at.at, at.path, servingMsg.unknownName(kind, name, set.names, suggest(name, set.names)));
  return id;
}
