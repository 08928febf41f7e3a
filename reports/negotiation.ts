// A coordinated run's negotiation log and objectives as the report and negotiation.arrow use them:
// the log exactly as negotiation.json holds it (so a report rebuilt from the folder is the same
// page), its records' fields by type, negotiation.json read back and checked, and the scenario's
// objectives in the form metrics.arrow keeps them.

import { formatLog, type LogRecord, type NegotiationLog } from '../models/coordination/log.js';
import { boundOf } from '../models/coordination/types.js';
import { objectiveMetricName } from '../models/coordination/validation.js';
import type { Scenario } from '../models/scenario/index.js';
import { ReportInputError } from './errors.js';
import type { ObjectiveInfo } from './run-data.js';

export type RecordType = LogRecord['type'];

/** What a record field holds; `number` may be null (negotiation.json writes non-finite numbers as null). */
export type FieldKind = 'string' | 'string?' | 'number' | 'int' | 'bool' | 'interval';

/** Every field a record may have besides `t` and `type`, with what it holds. */
export const FIELD_KINDS = {
  event: 'string', agent: 'string', objective: 'string', value: 'number', predicted: 'number', threshold: 'number',
  round: 'int', depth: 'int', from: 'string', to: 'string', owner: 'string', action: 'string', source: 'string', direction: 'string',
  estimate: 'number', interval: 'interval', confidence: 'number', bound: 'string', kept: 'bool', backend: 'string', why: 'string',
  ok: 'bool', plans: 'int', message: 'string', arrives: 'number', answer: 'string', reason: 'string?', detail: 'string', until: 'number',
} as const satisfies Record<string, FieldKind>;

export type FieldName = keyof typeof FIELD_KINDS;

type FieldsOf<K extends RecordType> = Exclude<keyof Extract<LogRecord, { type: K }>, 't' | 'type'>;

/** The fields of each record type after `t` and `type`, in the order negotiation.json writes them. */
export const RECORD_FIELDS: { readonly [K in RecordType]: readonly (FieldsOf<K> & FieldName)[] } = {
  timeline: ['event'],
  detection: ['agent', 'objective', 'value', 'predicted', 'threshold'],
  plan: ['round', 'objective', 'action', 'source', 'direction', 'estimate', 'interval', 'confidence', 'bound', 'threshold', 'kept', 'backend', 'why'],
  proposer: ['round', 'ok', 'plans', 'message'],
  'no-plan': ['round', 'objective', 'why'],
  request: ['round', 'depth', 'from', 'to', 'direction', 'action', 'arrives'],
  answer: ['round', 'from', 'to', 'action', 'answer', 'reason', 'detail'],
  commitment: ['round', 'owner', 'action', 'until'],
  expired: ['round', 'owner', 'action'],
  exhausted: ['round', 'objective'],
};

export const RECORD_TYPES = Object.keys(RECORD_FIELDS) as RecordType[];

/** The log as negotiation.json holds it: numbers rounded as formatLog writes them, non-finite ones null. */
export function normalisedLog(log: NegotiationLog): NegotiationLog {
  return JSON.parse(formatLog(log)) as NegotiationLog;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumOrNull = (x: unknown): boolean => x === null || typeof x === 'number';

const FIELD_CHECKS: Readonly<Record<FieldKind, readonly [(x: unknown) => boolean, string]>> = {
  string: [(x) => typeof x === 'string', 'a string'],
  'string?': [(x) => x === null || typeof x === 'string', 'a string or null'],
  number: [isNumOrNull, 'a number or null'],
  int: [(x) => Number.isInteger(x), 'a whole number'],
  bool: [(x) => typeof x === 'boolean', 'true or false'],
  interval: [(x) => x === null || (Array.isArray(x) && x.length === 2 && x.every(isNumOrNull)), '[lower, upper] or null'],
};

/** `doc` as a negotiation log (checked record by record), or an error naming the file and the field. */
export function checkNegotiation(doc: unknown, what: string): NegotiationLog {
  const fail = (field: string, expected: string): never => {
    throw new ReportInputError(`${what}: not an apmsim negotiation log: ${field} should be ${expected}`);
  };
  if (!isObject(doc)) fail('the document', 'an object (negotiation.json from apmsim run --out)');
  const d = doc as Record<string, unknown>;
  if (d['format'] !== 'apmsim-negotiation/1') fail('format', '"apmsim-negotiation/1"');
  if (typeof d['scenario'] !== 'string') fail('scenario', 'a string');
  for (const f of ['seed', 'replication']) if (typeof d[f] !== 'number') fail(f, 'a number');
  if (typeof d['coordination'] !== 'boolean') fail('coordination', 'true or false');
  if (!Array.isArray(d['records'])) fail('records', 'a list');
  (d['records'] as unknown[]).forEach((r, i) => {
    const at = `records[${i}]`;
    if (!isObject(r)) fail(at, 'an object');
    const rec = r as Record<string, unknown>;
    if (typeof rec['t'] !== 'number') fail(`${at}.t`, 'a number (seconds)');
    if (typeof rec['type'] !== 'string' || !Object.hasOwn(RECORD_FIELDS, rec['type'])) fail(`${at}.type`, `one of ${RECORD_TYPES.join(', ')}`);
    for (const f of RECORD_FIELDS[rec['type'] as RecordType]) {
      const [ok, expected] = FIELD_CHECKS[FIELD_KINDS[f]];
      if (!ok(rec[f])) fail(`${at}.${f}`, expected);
    }
  });
  return doc as unknown as NegotiationLog;
}

/** The scenario's objectives with their threshold changes; undefined when it declares no coordination. */
export function objectivesOf(s: Scenario): ObjectiveInfo[] | undefined {
  const spec = s.coordination;
  if (spec === undefined) return undefined;
  return spec.objectives.map((o, i) => ({
    name: o.name, agent: o.agent, metric: o.metric, cls: s.network.classes[o.cls]?.name ?? String(o.cls), bound: boundOf(o.metric),
    threshold: o.threshold, unit: objectiveMetricName(s, o).unit, window: o.window, priority: o.priority,
    changes: spec.timeline.flatMap((e) => (e.kind === 'set_objective' && e.objective === i ? [{ at: e.at, threshold: e.threshold }] : [])),
  }));
}

/** The objectives recorded in metrics.arrow's metadata (`text`), or an error naming the file. */
export function parseObjectives(text: string, what: string): ObjectiveInfo[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const ok = Array.isArray(doc) && doc.every((x) => isObject(x)
    && ['name', 'agent', 'metric', 'cls', 'unit'].every((k) => typeof x[k] === 'string')
    && (x['bound'] === 'max' || x['bound'] === 'min')
    && ['threshold', 'window', 'priority'].every((k) => typeof x[k] === 'number')
    && Array.isArray(x['changes']) && x['changes'].every((c) => isObject(c) && typeof c['at'] === 'number' && typeof c['threshold'] === 'number'));
  if (!ok) throw new ReportInputError(`${what}: apmsim.objectives metadata should be a list of { name, agent, metric, cls, bound, threshold, unit, window, priority, changes }`);
  return doc as ObjectiveInfo[];
}

/** The objectives as JSON for metrics.arrow's metadata (fields in a fixed order). */
export function objectivesJson(objectives: readonly ObjectiveInfo[]): string {
  return JSON.stringify(objectives.map((o) => ({
    name: o.name, agent: o.agent, metric: o.metric, cls: o.cls, bound: o.bound, threshold: o.threshold, unit: o.unit,
    window: o.window, priority: o.priority, changes: o.changes.map((c) => ({ at: c.at, threshold: c.threshold })),
  })));
}
