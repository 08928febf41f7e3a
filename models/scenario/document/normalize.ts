// The YAML document -> Scenario: top-level fields with their defaults, then the network (models,
// GPU pools, agents, workload and whole-network checks: network.ts), then the coordination sections
// that refer to it (coordination/coordination.ts). Returns undefined when anything was reported.

import { readCoordination } from '../coordination/coordination.js';
import { LIMITS } from '../format/limits.js';
import { describeSlot, fieldsOf, plainValue, readDuration, readEnum, readInteger, readNumber, readString, report, slotOf } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, describeValue, msg } from '../core/messages.js';
import { readNetwork } from './network.js';
import type { Scenario, Warmup } from '../core/types.js';
import { readSlos } from './slos.js';
import { PERCENTILE_METHODS, SCENARIO } from '../format/core.js';
import { fieldNames } from '../format/read.js';
import { declaredDefault, declaredSeconds } from '../format/defaults.js';

export const TOP_LEVEL_FIELDS = fieldNames(SCENARIO);
const TOP = SCENARIO.fields;
export const METRICS_FIELDS = fieldNames(TOP.metrics);

export const DEFAULTS = {
  description: declaredDefault(TOP.description),
  seed: declaredDefault(TOP.seed),
  warmup: { mode: 'fixed', seconds: declaredSeconds(TOP.warmup) } as Warmup,
  replications: declaredDefault(TOP.replications),
  confidence: declaredDefault(TOP.confidence),
  percentiles: declaredDefault(TOP.metrics.fields.percentiles),
  sketchAccuracy: declaredDefault(TOP.metrics.fields.accuracy),
};

export function normalizeScenario(ctx: LoadContext): Omit<Scenario, 'overrides'> | undefined {
  const root = slotOf(ctx, ctx.doc.contents, '');
  const f = fieldsOf(ctx, root, TOP_LEVEL_FIELDS, EXPECTED.documentMap);
  if (f === undefined) return undefined;

  const nameSlot = f.require('name', EXPECTED.name);
  const name = nameSlot === undefined ? undefined : readString(ctx, nameSlot, EXPECTED.name);
  const description = optional(f, 'description', DEFAULTS.description, (s) => readString(ctx, s, EXPECTED.string));
  const seed = optional(f, 'seed', DEFAULTS.seed, (s) => readInteger(ctx, s, 0, EXPECTED.seed));
  const horizonSlot = f.require('horizon', EXPECTED.positiveDuration);
  const horizon = horizonSlot === undefined ? undefined : readDuration(ctx, horizonSlot);
  if (horizon === 0 && horizonSlot !== undefined) {
    report(ctx, horizonSlot.at, horizonSlot.path, msg.notPositive(EXPECTED.positiveDuration, describeSlot(horizonSlot)));
  }
  const usableHorizon = horizon === 0 ? undefined : horizon;
  const warmup = readWarmup(ctx, f, usableHorizon);
  const replications = optional(f, 'replications', DEFAULTS.replications, (s) => readInteger(ctx, s, 2, EXPECTED.replications, LIMITS.replications));
  const confidence = optional(f, 'confidence', DEFAULTS.confidence, (s) => readNumber(ctx, s, EXPECTED.confidence, (n) => n > 0 && n < 1));
  const metrics = readMetrics(ctx, f);
  const slos = readSlos(ctx, f.get('slos'));

  const network = readNetwork(ctx, f, usableHorizon);
  const coordination = readCoordination(ctx, f, network, usableHorizon);

  if (
    ctx.diagnostics.length > 0 || name === undefined || description === undefined || seed === undefined
    || usableHorizon === undefined || warmup === undefined || replications === undefined || confidence === undefined
    || metrics === undefined || network === undefined
  ) return undefined;

  return {
    file: ctx.file, name, description, seed, horizon: usableHorizon, warmup, replications, confidence,
    percentiles: metrics.percentiles, sketchAccuracy: metrics.accuracy,
    // Only when written, so scenarios without gates normalize exactly as before.
    ...(slos === undefined || slos.length === 0 ? {} : { slos }),
    network,
    // Only when written, so scenarios without coordination normalize (and fingerprint) exactly as before.
    ...(coordination === undefined ? {} : { coordination }),
  };
}

function optional<T>(f: Fields, key: string, fallback: T, read: (slot: Slot) => T | undefined): T | undefined {
  const slot = f.get(key);
  return slot === undefined ? fallback : read(slot);
}

function readWarmup(ctx: LoadContext, f: Fields, horizon: number | undefined): Warmup | undefined {
  const slot = f.get('warmup');
  if (slot === undefined) return DEFAULTS.warmup;
  const raw = plainValue(slot);
  if (raw === 'auto') return { mode: 'auto' };
  if (typeof raw === 'string' && !/\d/.test(raw)) {
    report(ctx, slot.at, slot.path, msg.wrongType(EXPECTED.warmup, describeValue(raw)));
    return undefined;
  }
  const seconds = readDuration(ctx, slot);
  if (seconds === undefined) return undefined;
  if (horizon !== undefined && seconds >= horizon) {
    report(ctx, slot.at, slot.path, msg.warmupTooLong(seconds, horizon));
    return undefined;
  }
  return { mode: 'fixed', seconds };
}

function readMetrics(ctx: LoadContext, f: Fields): { percentiles: 'sketch' | 'exact'; accuracy: number } | undefined {
  const slot = f.get('metrics');
  if (slot === undefined) return { percentiles: DEFAULTS.percentiles, accuracy: DEFAULTS.sketchAccuracy };
  const m = fieldsOf(ctx, slot, METRICS_FIELDS, EXPECTED.metricsMap);
  if (m === undefined) return undefined;
  const percentiles = optional(m, 'percentiles', DEFAULTS.percentiles, (s) => readEnum(ctx, s, PERCENTILE_METHODS));
  const accuracy = optional(m, 'accuracy', DEFAULTS.sketchAccuracy, (s) => readNumber(ctx, s, EXPECTED.accuracy, (n) => n > 0 && n < 0.5));
  return percentiles === undefined || accuracy === undefined ? undefined : { percentiles, accuracy };
}
