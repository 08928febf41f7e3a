// `profile: { measured: DIR, tp, overheads, link }`: a measured profile folder (the one `apmsim
// calibrate serving` checks against real vLLM runs) read through the scenario's file reader and
// turned into the engine's iteration-time form (models/llm/serving/engine-profile.ts).

import { DEFAULT_OVERHEADS, readProfileFolder, ServingDataError } from '../../llm/serving/index.js';
import { engineProfile } from '../../llm/serving/engine-profile.js';
import type { Interconnect, Overheads } from '../../llm/serving/step-time.js';
import { fieldsOf, readDuration, readInteger, readNumber, readString, report, type Fields, type LoadContext, type Slot } from '../core/fields.js';
import { fieldNames } from '../format/read.js';
import { MEASURED_PROFILE } from '../format/serving.js';
import type { ProfileDraft } from './model-profile.js';

export const MEASURED_PROFILE_FIELDS = fieldNames(MEASURED_PROFILE);
const OVERHEAD_FIELDS = fieldNames(MEASURED_PROFILE.fields.overheads);
const LINK_FIELDS = fieldNames(MEASURED_PROFILE.fields.link);

/** LLMServingSim's description of the RTX PRO 6000 machines' PCIe link (its runs' config.json). */
export const DEFAULT_LINK: Interconnect = { bandwidth: 16e9, latency: 20e-6 };

const EXPECTED = {
  profile: 'a measured profile { measured: folder, tp, overheads, link }',
  folder: 'the path of a measured profile folder',
  overheads: 'a map { per_step, per_sequence } of durations',
  link: 'a map { bandwidth (bytes per second), latency }',
  bandwidth: 'bytes per second, a number of at least 1',
  tp: 'an integer of at least 1 (a tp<N> folder of the profile)',
  text: 'a text',
};

export function readMeasuredProfile(ctx: LoadContext, slot: Slot): ProfileDraft | undefined {
  const f = fieldsOf(ctx, slot, MEASURED_PROFILE_FIELDS, EXPECTED.profile);
  if (f === undefined) return undefined;
  const dirSlot = f.require('measured', EXPECTED.folder);
  const dir = dirSlot === undefined ? undefined : readString(ctx, dirSlot, EXPECTED.folder);
  const tpSlot = f.get('tp');
  const tp = tpSlot === undefined ? 1 : readInteger(ctx, tpSlot, 1, EXPECTED.tp);
  const overheads = readOverheads(ctx, f.get('overheads'));
  const link = readLink(ctx, f.get('link'));
  const model = optionalText(ctx, f, 'model'), hardware = optionalText(ctx, f, 'hardware');
  if (dir === undefined || dirSlot === undefined || tp === undefined || overheads === undefined || link === undefined || model === null || hardware === null) return undefined;
  try {
    const profile = readProfileFolder(dir, tp, ctx.readFile);
    if (model !== undefined && model !== profile.model) {
      report(ctx, f.get('model')!.at, f.get('model')!.path, { expected: `the model the folder profiles ('${profile.model}', ${dir}/meta.yaml)`, found: `'${model}'` });
      return undefined;
    }
    if (hardware !== undefined && hardware !== profile.hardware) {
      report(ctx, f.get('hardware')!.at, f.get('hardware')!.path, { expected: `the GPU the folder was measured on ('${profile.hardware}', ${dir}/meta.yaml)`, found: `'${hardware}'` });
      return undefined;
    }
    return engineProfile(profile, overheads, link);
  } catch (e) {
    if (!(e instanceof ServingDataError)) throw e;
    report(ctx, dirSlot.at, dirSlot.path, { expected: 'a measured profile folder apmsim can read (docs/llm-profiles.md)', found: e.message });
    return undefined;
  }
}

function readOverheads(ctx: LoadContext, slot: Slot | undefined): Overheads | undefined {
  if (slot === undefined) return DEFAULT_OVERHEADS;
  const f = fieldsOf(ctx, slot, OVERHEAD_FIELDS, EXPECTED.overheads);
  if (f === undefined) return undefined;
  const at = (key: string, fallback: number) => { const s = f.get(key); return s === undefined ? fallback : readDuration(ctx, s); };
  const perStep = at('per_step', DEFAULT_OVERHEADS.perStep), perSequence = at('per_sequence', DEFAULT_OVERHEADS.perSequence);
  return perStep === undefined || perSequence === undefined ? undefined : { perStep, perSequence };
}

function readLink(ctx: LoadContext, slot: Slot | undefined): Interconnect | undefined {
  if (slot === undefined) return DEFAULT_LINK;
  const f = fieldsOf(ctx, slot, LINK_FIELDS, EXPECTED.link);
  if (f === undefined) return undefined;
  const bw = f.require('bandwidth', EXPECTED.bandwidth);
  const bandwidth = bw === undefined ? undefined : readNumber(ctx, bw, EXPECTED.bandwidth, (n) => n >= 1);
  const latencySlot = f.get('latency');
  const latency = latencySlot === undefined ? 0 : readDuration(ctx, latencySlot);
  return bandwidth === undefined || latency === undefined ? undefined : { bandwidth, latency };
}

/** A text field: its value, undefined when absent, null when it is not a text (reported). */
function optionalText(ctx: LoadContext, f: Fields, key: string): string | undefined | null {
  const s = f.get(key);
  if (s === undefined) return undefined;
  return readString(ctx, s, EXPECTED.text) ?? null;
}
