// Readers of agent telemetry into TelemetrySpan: OTLP/JSON (one TracesData per line, or one
// document), any-agent's span dicts (OpenTelemetry's Python SDK `to_json`), and Langfuse trace
// exports (a trace with its observations). The format is told by the content, not the name.
// Every error names the file, the line or span, what was expected and what was found. A span with a
// start but no end (not ended when exported) is read with end NaN: its trace is counted and left out.

import { TelemetryFormatError, labelOf, roleOf, tokensOf, type Attributes, type TelemetrySpan } from './spans.js';

export type TelemetryFormat = 'otlp' | 'any-agent' | 'langfuse';

export interface ReadTelemetry {
  readonly format: TelemetryFormat;
  readonly spans: TelemetrySpan[];
}

const MAX_SHOWN = 60;
function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

const fail = (where: string, expected: string, found: string): never => {
  throw new TelemetryFormatError(`${where}: expected ${expected}, found ${found}`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one telemetry file's text. */
export function readTelemetry(file: string, text: string): ReadTelemetry {
  const trimmed = text.trim();
  if (trimmed === '') fail(file, 'OTLP/JSON, any-agent span dicts or a Langfuse trace export', 'an empty file');
  let whole: unknown;
  let parsed = true;
  try { whole = JSON.parse(exactIntegers(trimmed)); } catch { parsed = false; }
  if (parsed) return readDocument(file, whole, undefined);
  // Not one document: JSON Lines, each line a document of the same format.
  const spans: TelemetrySpan[] = [];
  let format: TelemetryFormat | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let doc: unknown;
    try { doc = JSON.parse(exactIntegers(line)); } catch (error) {
      fail(`${file}:${i + 1}`, 'a JSON document on each line (JSON Lines)', `malformed JSON (${(error as Error).message}) in ${show(line)}`);
    }
    const read = readDocument(file, doc, i + 1);
    if (format !== undefined && read.format !== format) fail(`${file}:${i + 1}`, `a ${format} document like the lines before`, `a ${read.format} document`);
    format = read.format;
    spans.push(...read.spans);
  }
  return { format: format!, spans };
}

function readDocument(file: string, doc: unknown, line: number | undefined): ReadTelemetry {
  const where = line === undefined ? file : `${file}:${line}`;
  if (Array.isArray(doc)) {
    if (doc.length > 0 && isObject(doc[0]) && 'context' in doc[0]) return { format: 'any-agent', spans: readAnyAgent(where, doc) };
    fail(where, 'a list of any-agent span dicts (each with context, start_time, end_time)', doc.length === 0 ? 'an empty list' : `a list starting with ${show(doc[0])}`);
  }
  if (!isObject(doc)) return fail(where, 'a JSON object (OTLP TracesData, any-agent trace, Langfuse export)', show(doc));
  if ('resourceSpans' in doc) return { format: 'otlp', spans: readOtlp(where, doc) };
  if (Array.isArray(doc['spans'])) return { format: 'any-agent', spans: readAnyAgent(where, doc['spans']) };
  if (Array.isArray(doc['observations'])) return { format: 'langfuse', spans: readLangfuse(where, doc) };
  return fail(where, "a known telemetry format: OTLP/JSON ('resourceSpans'), any-agent ('spans') or a Langfuse export ('observations')", `an object with keys ${show(Object.keys(doc).slice(0, 6).join(', '))}`);
}

// --- OTLP/JSON ---------------------------------------------------------------------------------

/** An OTLP AnyValue as a plain value. */
function anyValue(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  if ('stringValue' in v) return v['stringValue'];
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return Number(v['doubleValue']);
  if ('boolValue' in v) return v['boolValue'];
  return undefined;
}

function keyValues(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isObject(kv) && typeof kv['key'] === 'string') out[kv['key']] = anyValue(kv['value']);
  return out;
}

function readOtlp(where: string, doc: Record<string, unknown>): TelemetrySpan[] {
  const spans: TelemetrySpan[] = [];
  const resources = doc['resourceSpans'];
  if (!Array.isArray(resources)) return fail(where, "'resourceSpans' as a list", show(resources));
  resources.forEach((rs, r) => {
    if (!isObject(rs)) fail(`${where} resourceSpans[${r}]`, 'an object', show(rs));
    const resource = keyValues(isObject(rs['resource']) ? rs['resource']['attributes'] : undefined);
    const scopes = rs['scopeSpans'] ?? rs['instrumentationLibrarySpans'];
    if (!Array.isArray(scopes)) fail(`${where} resourceSpans[${r}]`, "'scopeSpans' as a list", show(scopes));
    (scopes as unknown[]).forEach((ss, s) => {
      const list = isObject(ss) ? ss['spans'] : undefined;
      if (!Array.isArray(list)) fail(`${where} resourceSpans[${r}].scopeSpans[${s}]`, "'spans' as a list", show(list));
      (list as unknown[]).forEach((span, i) => {
        const at = `${where} resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        if (!isObject(span)) fail(at, 'a span object', show(span));
        const sp = span as Record<string, unknown>;
        const attrs = { ...resource, ...keyValues(sp['attributes']) };
        spans.push(build(at, {
          traceId: hexId(at, 'traceId', sp['traceId'], 32),
          spanId: hexId(at, 'spanId', sp['spanId'], 16),
          parentId: sp['parentSpanId'] === undefined || sp['parentSpanId'] === '' ? undefined : hexId(at, 'parentSpanId', sp['parentSpanId'], 16),
          name: typeof sp['name'] === 'string' ? sp['name'] : '',
          start: nanos(at, 'startTimeUnixNano', sp['startTimeUnixNano']),
          end: sp['endTimeUnixNano'] === undefined || sp['endTimeUnixNano'] === null ? NaN : nanos(at, 'endTimeUnixNano', sp['endTimeUnixNano']),
          attrs,
        }));
      });
    });
  });
  return spans;
}

function hexId(at: string, field: string, v: unknown, digits: number): string {
  if (typeof v !== 'string' || !new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(v)) fail(at, `'${field}' as ${digits} hex digits`, show(v));
  if (/^0+$/.test(v as string)) fail(at, `'${field}' other than all zeros (an invalid id)`, show(v));
  return (v as string).toLowerCase();
}

/** Nanoseconds since the epoch (a decimal string, or a number) as seconds. */
function nanos(at: string, field: string, v: unknown): number {
  if (v === undefined || v === null || v === '') fail(at, `'${field}' (nanoseconds since the epoch)`, 'no time');
  const ok = (typeof v === 'string' && /^[0-9]+$/.test(v)) || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
  if (!ok) fail(at, `'${field}' as a whole number of nanoseconds (a decimal number or string)`, show(v));
  return typeof v === 'string' ? Number(BigInt(v) / 1000n) / 1e6 : (v as number) / 1e9;
}

/** More digits than a double holds exactly (2^53 has 16). */
const LONG_INTEGER = /^-?[0-9]{16,}$/;

/**
 * The JSON text with each integer literal too long for a double (outside strings) written as a
 * string, so that JSON.parse keeps its digits: any-agent writes 128-bit trace ids, 64-bit span ids
 * and nanosecond times as bare numbers, and a trace id read as a double is
 * 3.3256422171947558e+38, not the 332564221719475577882108057083681340876 the file holds.
 */
export function exactIntegers(text: string): string {
  if (!/[0-9]{16}/.test(text)) return text;
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string, escapes and all.
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      continue;
    }
    if (c !== MINUS && !(c >= ZERO && c <= NINE)) continue;
    let j = i + 1;
    while (j < text.length && NUMBER_CHARS.has(text.charCodeAt(j))) j++;
    if (LONG_INTEGER.test(text.slice(i, j))) {
      out += `${text.slice(copied, i)}"${text.slice(i, j)}"`;
      copied = j;
    }
    i = j - 1;
  }
  return out + text.slice(copied);
}

const [QUOTE, BACKSLASH, MINUS, ZERO, NINE] = ['"', '\\', '-', '0', '9'].map((s) => s.charCodeAt(0)) as [number, number, number, number, number];
/** What a JSON number token is made of, after its first character. */
const NUMBER_CHARS: ReadonlySet<number> = new Set([...'0123456789.eE+-'].map((s) => s.charCodeAt(0)));

// --- any-agent span dicts ----------------------------------------------------------------------

function readAnyAgent(where: string, list: unknown[]): TelemetrySpan[] {
  return list.map((span, i) => {
    const at = `${where} spans[${i}]`;
    if (!isObject(span)) return fail(at, 'a span dict', show(span));
    const context = span['context'];
    if (!isObject(context)) return fail(at, "'context' with trace_id and span_id", show(context));
    const parent = span['parent'];
    const resource = isObject(span['resource']) && isObject(span['resource']['attributes']) ? span['resource']['attributes'] : {};
    const attrs = { ...resource, ...(isObject(span['attributes']) ? span['attributes'] : {}) };
    return build(at, {
      traceId: plainId(at, 'context.trace_id', context['trace_id']),
      spanId: plainId(at, 'context.span_id', context['span_id']),
      parentId: isObject(parent) && parent['span_id'] !== null && parent['span_id'] !== undefined ? plainId(at, 'parent.span_id', parent['span_id']) : undefined,
      name: typeof span['name'] === 'string' ? span['name'] : '',
      start: nanos(at, 'start_time', span['start_time']),
      end: span['end_time'] === undefined || span['end_time'] === null ? NaN : nanos(at, 'end_time', span['end_time']),
      attrs,
    });
  });
}

function plainId(at: string, field: string, v: unknown): string {
  if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== '')) return String(v);
  return fail(at, `'${field}' (a number or a text)`, show(v));
}

// --- Langfuse ----------------------------------------------------------------------------------

function readLangfuse(where: string, doc: Record<string, unknown>): TelemetrySpan[] {
  const trace = isObject(doc['trace']) ? doc['trace'] : {};
  const observations = doc['observations'] as unknown[];
  return observations.map((o, i) => {
    const at = `${where} observations[${i}]`;
    if (!isObject(o)) return fail(at, 'an observation object', show(o));
    const parent = o['parentObservationId'];
    const usage = isObject(o['usageDetails']) ? o['usageDetails'] : {};
    const model = typeof o['model'] === 'string' && o['model'] !== 'None' ? o['model'] : undefined;
    const attrs: Attributes = { 'gen_ai.usage.input_tokens': usage['input'], 'gen_ai.usage.output_tokens': usage['output'] };
    return build(at, {
      traceId: plainId(at, 'traceId', o['traceId'] ?? trace['id']),
      spanId: plainId(at, 'id', o['id']),
      parentId: parent === undefined || parent === null || parent === 'None' || parent === '' ? undefined : plainId(at, 'parentObservationId', parent),
      name: typeof o['name'] === 'string' ? o['name'] : '',
      start: isoTime(at, 'startTime', o['startTime']),
      end: o['endTime'] === undefined || o['endTime'] === null || o['endTime'] === 'None' ? NaN : isoTime(at, 'endTime', o['endTime']),
      attrs,
      hint: typeof o['type'] === 'string' ? o['type'] : undefined,
      model,
    });
  });
}

function isoTime(at: string, field: string, v: unknown): number {
  if (v === undefined || v === null || v === 'None' || v === '') fail(at, `'${field}' (an ISO date-time)`, 'no time');
  const t = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) fail(at, `'${field}' as an ISO date-time such as 2025-09-30T09:04:01.000Z`, show(v));
  return t / 1000;
}

// --- common --------------------------------------------------------------------------------------

interface RawSpan {
  traceId: string; spanId: string; parentId: string | undefined; name: string;
  start: number; end: number; attrs: Attributes; hint?: string | undefined; model?: string | undefined;
}

function build(at: string, raw: RawSpan): TelemetrySpan {
  if (raw.end < raw.start) fail(at, 'an end time at or after the start time', `a span of ${show(raw.name)} lasting ${((raw.end - raw.start) * 1e3).toPrecision(4)} ms (negative)`);
  const role = roleOf(raw.name, raw.attrs, raw.hint);
  return {
    traceId: raw.traceId, spanId: raw.spanId, parentId: raw.parentId, name: raw.name,
    start: raw.start, end: raw.end, role, label: labelOf(role, raw.name, raw.attrs, raw.model),
    ...tokensOf(raw.attrs), where: at,
  };
}
