// The model catalogue (`models`) -> ModelSpec: a profile, prices per 1k tokens converted to
// dollars per token, and an optional quality score (NaN when absent).

import type { ModelSpec } from '../../../sim/network/spec.js';
import { fieldsOf, readNumber } from '../core/fields.js';
import type { Entry, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED_SERVING } from './messages.js';
import { readProfile } from './model-profile.js';
import type { Section } from '../core/names.js';
import { MODEL } from '../format/serving.js';
import { fieldNames } from '../format/read.js';

export const MODEL_FIELDS = fieldNames(MODEL);
export const PRICE_FIELDS = fieldNames(MODEL.fields.price);
const TOKENS_PER_PRICE = 1000;

export interface ModelDraft {
  readonly spec: ModelSpec;
  readonly defaultKvBytes: number | undefined;
  readonly entry: Entry;
}

/** One draft per model, in id order; undefined where a model is unusable (already reported). */
export function readModels(ctx: LoadContext, section: Section): (ModelDraft | undefined)[] {
  return section.entries.map((entry) => readModel(ctx, entry));
}

function readModel(ctx: LoadContext, entry: Entry): ModelDraft | undefined {
  const f = fieldsOf(ctx, entry.slot, MODEL_FIELDS, EXPECTED_SERVING.model);
  if (f === undefined) return undefined;
  const profileSlot = f.require('profile', EXPECTED_SERVING.profile);
  const profile = profileSlot === undefined ? undefined : readProfile(ctx, profileSlot);
  const price = readPrice(ctx, f.get('price'));
  const qualitySlot = f.get('quality');
  const quality = qualitySlot === undefined ? NaN : readNumber(ctx, qualitySlot, EXPECTED_SERVING.quality, () => true);
  if (profile === undefined || price === undefined || quality === undefined) return undefined;
  return {
    spec: {
      name: entry.key,
      profile: profile.profile,
      pricePerInputToken: price.input / TOKENS_PER_PRICE,
      pricePerOutputToken: price.output / TOKENS_PER_PRICE,
      quality,
    },
    defaultKvBytes: profile.defaultKvBytes,
    entry,
  };
}

function readPrice(ctx: LoadContext, slot: Slot | undefined): { input: number; output: number } | undefined {
  if (slot === undefined) return { input: 0, output: 0 };
  const f = fieldsOf(ctx, slot, PRICE_FIELDS, EXPECTED_SERVING.price);
  if (f === undefined) return undefined;
  const read = (key: string): number | undefined => {
    const s = f.get(key);
    return s === undefined ? 0 : readNumber(ctx, s, EXPECTED_SERVING.dollars, (n) => n >= 0);
  };
  const input = read('input');
  const output = read('output');
  return input === undefined || output === undefined ? undefined : { input, output };
}
