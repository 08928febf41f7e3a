// Distributions: `{ dist: name, ...params }` -> DistSpec, with parameter ranges checked. Service
// times are durations (converted to seconds); token counts and scores are plain numbers. Empirical
// sample files are read through the injected reader.

import { isMap } from 'yaml';
import { LIMITS } from '../format/limits.js';
import type { DistSpec, MixtureComponent } from '../../../sim/random/dist-spec.js';
import { TraceFormatError, parseSamples } from '../../trace/index.js';
import { Fields, entriesOf, itemsOf, peekField, plainValue, readNamedFile, readDuration, readInteger, readNumber, readString, report } from '../core/fields.js';
import { suggest } from '../../suggest.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, describeValue, msg } from '../core/messages.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';
import { DISTRIBUTION_FORMS, MIXTURE_COMPONENT, WEIBULL_CV_RANGE } from '../format/workload.js';
import { fieldNames, paramsByForm } from '../format/read.js';

type DistName = DistSpec['dist'];

/** How parameters are written: durations with units (service times), or plain numbers (counts, scores). */
export type DistValues = 'durations' | 'counts';

/** The texts and readers of one kind of value. */
interface ValueKind {
  readonly values: DistValues;
  readonly any: string;
  readonly positive: string;
}

const KINDS: Readonly<Record<DistValues, ValueKind>> = {
  durations: { values: 'durations', any: EXPECTED.duration, positive: EXPECTED.mean },
  counts: { values: 'counts', any: EXPECTED_SERVING.count, positive: EXPECTED_SERVING.positiveCount },
};

/** The parameters each distribution accepts (besides `dist`). */
export const DIST_PARAMS = paramsByForm<DistName>(DISTRIBUTION_FORMS);
const DIST_NAMES = Object.keys(DIST_PARAMS) as DistName[];
const WEIGHT_TOLERANCE = 1e-9;

/** `extra` names fields the caller reads itself from the same map (a mixture component's weight). */
export function readDist(ctx: LoadContext, slot: Slot, extra: readonly string[] = [], values: DistValues = 'durations'): DistSpec | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.distribution);
  if (entries === undefined) return undefined;
  const distEntry = entries.find((entry) => entry.key === 'dist');
  if (distEntry === undefined) {
    report(ctx, slot.at, `${slot.path}.dist`, msg.missingField('dist', `one of ${DIST_NAMES.join(', ')}`));
    return undefined;
  }
  const name = plainValue(distEntry.slot);
  const dist = DIST_NAMES.find((known) => known === name);
  if (dist === undefined) {
    const hint = typeof name === 'string' ? suggest(name, DIST_NAMES) : undefined;
    report(ctx, distEntry.slot.at, distEntry.slot.path, msg.unknownDist(describeValue(name), DIST_NAMES, hint));
    return undefined;
  }
  const fields = new Fields(ctx, slot, entries, ['dist', ...extra, ...DIST_PARAMS[dist]]);
  return readParams(ctx, dist, fields, KINDS[values]);
}

function readParams(ctx: LoadContext, dist: DistName, f: Fields, kind: ValueKind): DistSpec | undefined {
  const mean = (): number | undefined => positive(ctx, f.require('mean', kind.positive), kind);
  switch (dist) {
    case 'exponential': return build(mean(), (m) => ({ dist, mean: m }));
    case 'deterministic': {
      // A constant is its own mean: `mean` is accepted as another name for `value`.
      const meanSlot = f.get('mean');
      if (meanSlot !== undefined && f.has('value')) {
        report(ctx, meanSlot.at, meanSlot.path, msg.valueAndMean());
        return undefined;
      }
      return build(value(ctx, meanSlot ?? f.require('value', kind.any), kind), (v) => ({ dist, value: v }));
    }
    case 'uniform': {
      const minSlot = f.require('min', kind.any);
      const maxSlot = f.require('max', kind.any);
      const min = value(ctx, minSlot, kind);
      const max = value(ctx, maxSlot, kind);
      if (min === undefined || max === undefined || maxSlot === undefined) return undefined;
      if (min > max) {
        report(ctx, maxSlot.at, maxSlot.path, kind.values === 'durations' ? msg.uniformOrder(min, max) : servingMsg.countOrder(min, max));
        return undefined;
      }
      return { dist, min, max };
    }
    case 'normal': {
      const m = mean();
      const sd = value(ctx, f.require('sd', kind.any), kind);
      return m === undefined || sd === undefined ? undefined : { dist, mean: m, sd };
    }
    case 'lognormal': case 'gamma': {
      const m = mean();
      // A gamma's shape is 1/cv^2 and a lognormal's sigma^2 log(1 + cv^2): beyond these bounds they
      // overflow to infinity or zero (fuzzing found cv 1.9e-267 crashing the sampler).
      const cv = number(ctx, f.require('cv', EXPECTED.cv), EXPECTED.cv, (n) => n === 0 || (n >= 1e-6 && n <= 1e6));
      return m === undefined || cv === undefined ? undefined : { dist, mean: m, cv };
    }
    case 'weibull': {
      const m = mean();
      const valid = (n: number): boolean => n === 0 || (n >= WEIBULL_CV_RANGE[0] && n <= WEIBULL_CV_RANGE[1]);
      const cv = number(ctx, f.require('cv', EXPECTED.weibullCvOrZero), EXPECTED.weibullCvOrZero, valid);
      return m === undefined || cv === undefined ? undefined : { dist, mean: m, cv };
    }
    case 'erlang': {
      const kSlot = f.require('k', EXPECTED.integerK);
      const k = kSlot === undefined ? undefined : readInteger(ctx, kSlot, 1, EXPECTED.integerK, LIMITS.erlangK);
      const m = mean();
      return k === undefined || m === undefined ? undefined : { dist, k, mean: m };
    }
    case 'hyperexponential': {
      const m = mean();
      const scv = number(ctx, f.require('scv', EXPECTED.scv), EXPECTED.scv, (n) => n >= 1);
      return m === undefined || scv === undefined ? undefined : { dist, mean: m, scv };
    }
    case 'empirical': return build(readSamples(ctx, f, kind), (samples) => ({ dist, samples }));
    case 'mixture': return build(readComponents(ctx, f, kind), (components) => ({ dist, components }));
  }
}

function readSamples(ctx: LoadContext, f: Fields, kind: ValueKind): number[] | undefined {
  const samplesSlot = f.get('samples');
  const fileSlot = f.get('file');
  const columnSlot = f.get('column');
  if (samplesSlot !== undefined && fileSlot !== undefined) {
    report(ctx, fileSlot.at, fileSlot.path, msg.samplesSource());
    return undefined;
  }
  if (samplesSlot !== undefined) {
    if (columnSlot !== undefined) report(ctx, columnSlot.at, columnSlot.path, msg.columnWithoutFile());
    const items = itemsOf(ctx, samplesSlot, EXPECTED.durationList);
    if (items === undefined) return undefined;
    if (items.length === 0) {
      report(ctx, samplesSlot.at, samplesSlot.path, msg.emptyList('sample'));
      return undefined;
    }
    const values = items.map((item) => value(ctx, item, kind));
    return values.every((v): v is number => v !== undefined) ? values : undefined;
  }
  if (fileSlot === undefined) {
    report(ctx, f.slot.at, `${f.slot.path}.samples`, msg.samplesMissing());
    return undefined;
  }
  const file = readString(ctx, fileSlot, EXPECTED.filePath);
  const column = columnSlot === undefined ? undefined : readString(ctx, columnSlot, EXPECTED.column);
  if (file === undefined || (columnSlot !== undefined && column === undefined)) return undefined;
  const text = readNamedFile(ctx, fileSlot, file);
  if (text === undefined) return undefined;
  let samples: number[];
  try {
    samples = parseSamples(text, column);
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    report(ctx, fileSlot.at, fileSlot.path, msg.traceError(file, error.row, error.expected, error.found));
    return undefined;
  }
  const bad = samples.findIndex((v) => !Number.isFinite(v) || v < 0);
  if (bad >= 0) {
    report(ctx, fileSlot.at, fileSlot.path, msg.badSample(file, bad + 1, samples[bad]!));
    return undefined;
  }
  if (samples.length === 0) {
    report(ctx, fileSlot.at, fileSlot.path, msg.noSamples(file));
    return undefined;
  }
  return samples;
}

function readComponents(ctx: LoadContext, f: Fields, kind: ValueKind): MixtureComponent[] | undefined {
  const slot = f.require('components', EXPECTED.components);
  if (slot === undefined) return undefined;
  const items = itemsOf(ctx, slot, EXPECTED.components);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('component'));
    return undefined;
  }
  const components = items.map((item): MixtureComponent | undefined => {
    const of = readDist(ctx, item, fieldNames(MIXTURE_COMPONENT), kind.values);
    if (!isMap(item.node)) return undefined; // readDist has reported it
    const weightSlot = peekField(ctx, item, 'weight');
    if (weightSlot === undefined) {
      report(ctx, item.at, `${item.path}.weight`, msg.missingField('weight', EXPECTED.weight));
      return undefined;
    }
    const weight = readNumber(ctx, weightSlot, EXPECTED.weight, (n) => n > 0);
    return of === undefined || weight === undefined ? undefined : { weight, of };
  });
  if (!components.every((c): c is MixtureComponent => c !== undefined)) return undefined;
  const sum = components.reduce((total, c) => total + c.weight, 0);
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    report(ctx, slot.at, slot.path, msg.weightSum(sum));
    return undefined;
  }
  return components;
}

function build<T>(value: T | undefined, make: (v: T) => DistSpec): DistSpec | undefined {
  return value === undefined ? undefined : make(value);
}

function value(ctx: LoadContext, slot: Slot | undefined, kind: ValueKind, expected = kind.any): number | undefined {
  if (slot === undefined) return undefined;
  return kind.values === 'durations' ? readDuration(ctx, slot) : readNumber(ctx, slot, expected, (n) => n >= 0);
}

function positive(ctx: LoadContext, slot: Slot | undefined, kind: ValueKind): number | undefined {
  const v = value(ctx, slot, kind, kind.positive);
  if (v === 0 && slot !== undefined) {
    report(ctx, slot.at, slot.path, msg.notPositive(kind.positive, describeValue(plainValue(slot))));
    return undefined;
  }
  return v;
}

function number(ctx: LoadContext, slot: Slot | undefined, expected: string, accept: (n: number) => boolean): number | undefined {
  return slot === undefined ? undefined : readNumber(ctx, slot, expected, accept);
}
