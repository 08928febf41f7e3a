// The coordination sections of a scenario -> CoordinationSpec (docs/coordination.md): `timeline`
// (events replayed at simulated times: timeline.ts), `objectives` (SLOs owned by
// agents, judged per window), `coordination` (the control loop's settings), `participants` (who may
// ask whom) and `actions` (the catalogue: actions.ts). Names resolve to class, pool,
// agent and objective ids. Absent when the file writes none of these sections.

import type { CoordinationSettings, CoordinationSpec, Objective, ObjectiveMetric, Participant } from '../../coordination/types.js';
import { LIMITS } from '../format/limits.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';
import { readActions } from './actions.js';
import { readTimeline } from './timeline.js';
import { declareNames, networkRefs, readClassRef, readName, readThreshold, requireName, resolveEntry } from './refs.js';
import type { NetworkRefs, ObjectivesRead, ParticipantsRead } from './refs.js';
import { fieldsOf, itemsOf, plainValue, readDuration, readEnum, readInteger, readNumber, report, reportType } from '../core/fields.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_COORD, coordMsg } from './messages.js';
import { EXPECTED_FLOW } from '../workflows/messages.js';
import type { NameSet } from '../core/names.js';
import { readPositiveDuration } from '../workflows/reliability.js';
import { COORDINATION_SECTION_GROUP } from '../format/core.js';
import { COORDINATION, OBJECTIVE, OBJECTIVE_METRICS as METRICS, PARTICIPANT, RELATION_GROUP } from '../format/coordination.js';
import { fieldNames, groupNames } from '../format/read.js';
import { declaredDefault, declaredSeconds } from '../format/defaults.js';

export const COORDINATION_SECTIONS = groupNames(COORDINATION_SECTION_GROUP);
export const OBJECTIVE_FIELDS = fieldNames(OBJECTIVE);
export const OBJECTIVE_METRICS: readonly ObjectiveMetric[] = METRICS;
export const COORDINATION_FIELDS = fieldNames(COORDINATION);
export const VALIDATION_FIELDS = fieldNames(COORDINATION.fields.validation);
export const PARTICIPANT_FIELDS = fieldNames(PARTICIPANT);
export const RELATIONS = groupNames(RELATION_GROUP) as readonly (keyof typeof RELATION_GROUP)[];

/** Seconds; `horizon` defaults to twice the period. `enabled` is true when the block is written, false otherwise. */
const SETTINGS = COORDINATION.fields;
const VALIDATION = SETTINGS.validation.fields;
export const COORDINATION_DEFAULTS = {
  period: declaredSeconds(SETTINGS.period),
  controlLatency: declaredSeconds(SETTINGS.control_latency),
  messageLatency: declaredSeconds(SETTINGS.message_latency),
  confidence: declaredDefault(SETTINGS.confidence),
  maxDepth: declaredDefault(SETTINGS.max_depth),
  validationHorizon: declaredSeconds(VALIDATION.horizon),
  validationWarmup: declaredSeconds(VALIDATION.warmup),
  validationReplications: declaredDefault(VALIDATION.replications),
  priority: declaredDefault(OBJECTIVE.fields.priority),
};

/** Undefined when none of the sections is written, or after a diagnostic. */
export function readCoordination(ctx: LoadContext, f: Fields, network: NetworkSpec | undefined, horizon: number | undefined): CoordinationSpec | undefined {
  if (!COORDINATION_SECTIONS.some((key) => f.has(key))) return undefined;
  const refs = networkRefs(network, horizon);
  const participants = readParticipants(ctx, f.get('participants'));
  const objectives = readObjectives(ctx, f.get('objectives'), refs, participants);
  const actions = readActions(ctx, f.get('actions'), refs, participants);
  const settings = readSettings(ctx, f.get('coordination'), objectives.count, actions.count);
  const timeline = readTimeline(ctx, f.get('timeline'), refs, objectives);
  if (
    participants.specs === undefined || objectives.specs === undefined || actions.specs === undefined
    || settings === undefined || timeline === undefined
  ) return undefined;
  return { timeline, objectives: objectives.specs, participants: participants.specs, actions: actions.specs, settings };
}

// --- participants ---

function readParticipants(ctx: LoadContext, slot: Slot | undefined): ParticipantsRead {
  const none = { ids: new Map<string, number>(), names: [], complete: true };
  if (slot === undefined) return { present: false, names: none, byName: new Map(), specs: [] };
  const items = itemsOf(ctx, slot, EXPECTED_COORD.participants);
  if (items === undefined) return { present: true, names: { ...none, complete: false }, byName: new Map(), specs: undefined };
  const declared = declareNames(ctx, items, 'participant', slot.path);
  const read = items.map((item, i) => readParticipant(ctx, item, declared.names[i], declared.set));
  const specs = read.filter((p): p is Participant => p !== undefined);
  return {
    present: true, names: declared.set, byName: new Map(specs.map((p) => [p.name, p])),
    specs: specs.length === items.length ? specs : undefined,
  };
}

function readParticipant(ctx: LoadContext, slot: Slot, name: string | undefined, names: NameSet): Participant | undefined {
  const f = fieldsOf(ctx, slot, PARTICIPANT_FIELDS, EXPECTED_COORD.participant);
  if (f === undefined) return undefined;
  requireName(f);
  // Each other participant in one relation at most: the relation decides a request's direction.
  const seen = new Map<string, string>();
  const lists = RELATIONS.map((relation) => {
    const s = f.get(relation);
    return s === undefined ? [] : readRelation(ctx, s, relation, name, names, seen);
  });
  const [upstream, downstream, peers] = lists;
  if (name === undefined || upstream === undefined || downstream === undefined || peers === undefined) return undefined;
  return { name, upstream, downstream, peers };
}

function readRelation(
  ctx: LoadContext, slot: Slot, relation: string, self: string | undefined, names: NameSet, seen: Map<string, string>,
): string[] | undefined {
  const items = itemsOf(ctx, slot, EXPECTED_COORD.participantList);
  if (items === undefined) return undefined;
  const out: string[] = [];
  let ok = true;
  for (const item of items) {
    const id = resolveEntry(ctx, item, names, 'participant', EXPECTED_COORD.participantRef);
    const other = plainValue(item);
    if (id === undefined || typeof other !== 'string') {
      ok = false;
      continue;
    }
    const before = seen.get(other);
    if (other === self) report(ctx, item.at, item.path, coordMsg.selfRelation(other));
    else if (before === relation) report(ctx, item.at, item.path, coordMsg.listedAgain(other));
    else if (before !== undefined) report(ctx, item.at, item.path, coordMsg.twoRelations(other, before));
    else {
      seen.set(other, relation);
      out.push(other);
      continue;
    }
    ok = false;
  }
  return ok ? out : undefined;
}

// --- objectives ---

function readObjectives(ctx: LoadContext, slot: Slot | undefined, refs: NetworkRefs, participants: ParticipantsRead): ObjectivesRead {
  const none = { ids: new Map<string, number>(), names: [], complete: true };
  if (slot === undefined) return { count: 0, names: none, metrics: [], specs: [] };
  const items = itemsOf(ctx, slot, EXPECTED_COORD.objectives);
  if (items === undefined) return { count: undefined, names: { ...none, complete: false }, metrics: [], specs: undefined };
  const declared = declareNames(ctx, items, 'objective', slot.path);
  const read = items.map((item, i) => readObjective(ctx, item, declared.names[i], refs, participants));
  const specs = read.map((r) => r.spec).filter((o): o is Objective => o !== undefined);
  return {
    count: items.length, names: declared.set, metrics: read.map((r) => r.metric),
    specs: specs.length === items.length ? specs : undefined,
  };
}

function readObjective(
  ctx: LoadContext, slot: Slot, name: string | undefined, refs: NetworkRefs, participants: ParticipantsRead,
): { metric?: ObjectiveMetric; spec?: Objective } {
  const f = fieldsOf(ctx, slot, OBJECTIVE_FIELDS, EXPECTED_COORD.objective);
  if (f === undefined) return {};
  requireName(f);
  const agentSlot = f.require('agent', EXPECTED_COORD.objectiveAgent);
  const agent = agentSlot === undefined ? undefined : readOwner(ctx, agentSlot, participants);
  const metricSlot = f.require('metric', OBJECTIVE_METRICS.join(', '));
  const metric = metricSlot === undefined ? undefined : readEnum(ctx, metricSlot, OBJECTIVE_METRICS);
  const classSlot = f.require('class', EXPECTED_FLOW.classRef);
  const cls = classSlot === undefined ? undefined : readClassRef(ctx, classSlot, refs, undefined);
  const thresholdSlot = f.require('threshold', 'a threshold in the unit of the metric (a duration for p95, p99 and mean; a rate for throughput; a fraction for rejected)');
  const threshold = thresholdSlot === undefined || metric === undefined ? undefined : readThreshold(ctx, thresholdSlot, metric);
  const windowSlot = f.require('window', EXPECTED.positiveDuration);
  const window = windowSlot === undefined ? undefined : readPositiveDuration(ctx, windowSlot, EXPECTED.positiveDuration);
  const prioritySlot = f.get('priority');
  const priority = prioritySlot === undefined ? COORDINATION_DEFAULTS.priority : readInteger(ctx, prioritySlot, Number.MIN_SAFE_INTEGER, EXPECTED_COORD.priority);
  if (
    name === undefined || agent === undefined || metric === undefined || cls === undefined || threshold === undefined
    || window === undefined || priority === undefined
  ) return metric === undefined ? {} : { metric };
  return { metric, spec: { name, agent, metric, cls, threshold, window, priority } };
}

/** An objective's owner: a participant when the participants section is written, else any agent name. */
function readOwner(ctx: LoadContext, slot: Slot, participants: ParticipantsRead): string | undefined {
  if (!participants.present) return readName(ctx, slot, EXPECTED_COORD.objectiveAgent);
  const id = resolveEntry(ctx, slot, participants.names, 'participant', EXPECTED_COORD.participantRef);
  return id === undefined ? undefined : (plainValue(slot) as string);
}

// --- the coordination block ---

function readSettings(ctx: LoadContext, slot: Slot | undefined, objectives: number | undefined, actions: number | undefined): CoordinationSettings | undefined {
  const d = COORDINATION_DEFAULTS;
  if (slot === undefined) {
    return {
      enabled: false, period: d.period, controlLatency: d.controlLatency, messageLatency: d.messageLatency, horizon: 2 * d.period,
      confidence: d.confidence, maxDepth: d.maxDepth, validationHorizon: d.validationHorizon, validationWarmup: d.validationWarmup,
      validationReplications: d.validationReplications,
    };
  }
  const f = fieldsOf(ctx, slot, COORDINATION_FIELDS, EXPECTED_COORD.coordination);
  if (f === undefined) return undefined;
  const enabledSlot = f.get('enabled');
  const enabled = optional(f, 'enabled', true, (s) => readBoolean(ctx, s));
  const period = optional(f, 'period', d.period, (s) => readPositiveDuration(ctx, s, EXPECTED.positiveDuration));
  const controlLatency = optional(f, 'control_latency', d.controlLatency, (s) => readDuration(ctx, s));
  const messageLatency = optional(f, 'message_latency', d.messageLatency, (s) => readDuration(ctx, s));
  const horizon = optional(f, 'horizon', period === undefined ? undefined : 2 * period, (s) => readDuration(ctx, s));
  const confidence = optional(f, 'confidence', d.confidence, (s) => readNumber(ctx, s, EXPECTED.confidence, (n) => n > 0 && n < 1));
  const maxDepth = optional(f, 'max_depth', d.maxDepth, (s) => readInteger(ctx, s, 1, EXPECTED_COORD.maxDepth));
  const validation = readValidation(ctx, f.get('validation'));
  let usable = true;
  if (enabled === true && (objectives === 0 || actions === 0)) {
    const at = enabledSlot ?? slot;
    report(ctx, at.at, at.path, objectives === 0 ? coordMsg.noObjective(actions !== 0) : coordMsg.noAction());
    usable = false;
  }
  if (
    !usable || enabled === undefined || period === undefined || controlLatency === undefined || messageLatency === undefined
    || horizon === undefined || confidence === undefined || maxDepth === undefined || validation === undefined
  ) return undefined;
  return { enabled, period, controlLatency, messageLatency, horizon, confidence, maxDepth, ...validation };
}

type ValidationSettings = Pick<CoordinationSettings, 'validationHorizon' | 'validationWarmup' | 'validationReplications'>;

function readValidation(ctx: LoadContext, slot: Slot | undefined): ValidationSettings | undefined {
  const d = COORDINATION_DEFAULTS;
  if (slot === undefined) {
    return { validationHorizon: d.validationHorizon, validationWarmup: d.validationWarmup, validationReplications: d.validationReplications };
  }
  const f = fieldsOf(ctx, slot, VALIDATION_FIELDS, EXPECTED_COORD.validation);
  if (f === undefined) return undefined;
  const horizon = optional(f, 'horizon', d.validationHorizon, (s) => readPositiveDuration(ctx, s, EXPECTED.positiveDuration));
  const warmup = optional(f, 'warmup', d.validationWarmup, (s) => readDuration(ctx, s));
  const replications = optional(f, 'replications', d.validationReplications, (s) => readInteger(ctx, s, 2, EXPECTED.replications, LIMITS.replications));
  if (horizon !== undefined && warmup !== undefined && warmup >= horizon) {
    const warmupSlot = f.get('warmup');
    const horizonSlot = f.get('horizon')!;
    if (warmupSlot !== undefined) report(ctx, warmupSlot.at, warmupSlot.path, msg.warmupTooLong(warmup, horizon));
    else report(ctx, horizonSlot.at, horizonSlot.path, coordMsg.validationTooShort(horizon, warmup));
    return undefined;
  }
  if (horizon === undefined || warmup === undefined || replications === undefined) return undefined;
  return { validationHorizon: horizon, validationWarmup: warmup, validationReplications: replications };
}

function readBoolean(ctx: LoadContext, slot: Slot): boolean | undefined {
  const value = plainValue(slot);
  if (typeof value === 'boolean') return value;
  reportType(ctx, slot, EXPECTED_COORD.enabled);
  return undefined;
}

function optional<T>(f: Fields, key: string, fallback: T, read: (slot: Slot) => T | undefined): T | undefined {
  const slot = f.get(key);
  return slot === undefined ? fallback : read(slot);
}
