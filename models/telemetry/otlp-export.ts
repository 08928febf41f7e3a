// One replication's simulated requests as OTLP/JSON Lines (one TracesData per line, one trace per
// request) with the OpenTelemetry GenAI conventions, so that simulated traces open in the same tools
// as real ones (Jaeger, Tempo, Phoenix) and calibration can be tested by round trip:
//   request span (SERVER, named by class)
//     invoke_agent <agent>   (INTERNAL; from the visit's arrival at the agent to its end)
//       chat <model>         (CLIENT; an LLM agent's call, from admission to its last token, with token usage)
//       execute_tool <agent> (INTERNAL; a station's or cache's service)
// A visit's time before its service span is its wait in the agent's line. Routers take no time and
// have no service span. Requests still in flight at the horizon have no end and are not written
// (`inFlight` counts them).

import type { NetworkSpec } from '../../sim/network/spec.js';
import type { VisitRows } from '../../sim/network/record/visit-log.js';
import { OUTCOME_COMPLETED, OUTCOME_NAMES } from '../../sim/network/record/recorders.js';

/** Simulated time 0 as a wall clock: 2025-01-01T00:00:00Z, in seconds since the Unix epoch. */
export const EPOCH_SECONDS = 1_735_689_600;

export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS = { ok: 1, error: 2 } as const;

export interface OtlpExport {
  /** One JSON document per line, without the newline. */
  readonly lines: string[];
  readonly requests: number;
  readonly spans: number;
  readonly inFlight: number;
}

type AttributeValue = { stringValue: string } | { intValue: string } | { doubleValue: number };
interface Attribute { key: string; value: AttributeValue }
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attribute[];
  status: { code: number };
}

const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: String(Math.round(value)) } });

/** Nanoseconds since the epoch of simulated time t, as the decimal string OTLP/JSON wants. */
export function unixNano(t: number): string {
  return (BigInt(EPOCH_SECONDS) * 1_000_000_000n + BigInt(Math.round(t * 1e9))).toString();
}

const hex = (n: number | bigint, digits: number): string => n.toString(16).padStart(digits, '0').slice(-digits);

/** Exports `rows` (requests arriving from `since` on) of replication `replication` of a run with `seed`, its service named `serviceName`. */
export function exportOtlp(spec: NetworkSpec, rows: VisitRows, serviceName: string, seed: number, replication: number, since = 0): OtlpExport {
  const req = rows.requests;
  // Visits grouped by request serial, in order of completion (stable).
  const first = new Int32Array(req.count + 1);
  for (let i = 0; i < rows.count; i++) first[rows.request[i]! + 1]!++;
  for (let s = 0; s < req.count; s++) first[s + 1]! += first[s]!;
  const order = new Int32Array(rows.count);
  const fill = first.slice(0, req.count);
  for (let i = 0; i < rows.count; i++) order[fill[rows.request[i]!]!++] = i;

  const resource = { attributes: [str('service.name', serviceName), str('telemetry.sdk.name', 'apmsim')] };
  const scope = { name: 'apmsim', version: '0.1.0' };
  const lines: string[] = [];
  let spans = 0;
  let inFlight = 0;
  const tracePrefix = hex(BigInt.asUintN(32, BigInt(Math.trunc(seed))), 8) + hex(replication, 8);
  for (let s = 0; s < req.count; s++) {
    const finish = req.finish[s]!;
    if (req.arrival[s]! < since) continue;
    if (Number.isNaN(finish)) { inFlight++; continue; }
    const traceId = tracePrefix + hex(s + 1, 16);
    let nextSpan = 1;
    const spanId = (): string => hex(nextSpan++, 16);
    const rootId = spanId();
    const outcome = req.outcome[s]!;
    const list: Span[] = [{
      traceId, spanId: rootId, name: spec.classes[req.cls[s]!]!.name, kind: SPAN_KIND.server,
      startTimeUnixNano: unixNano(req.arrival[s]!), endTimeUnixNano: unixNano(finish),
      attributes: [str('apmsim.class', spec.classes[req.cls[s]!]!.name), str('apmsim.outcome', OUTCOME_NAMES[outcome] ?? 'unknown')],
      status: { code: outcome === OUTCOME_COMPLETED ? STATUS.ok : STATUS.error },
    }];
    for (let k = first[s]!; k < first[s + 1]!; k++) {
      const i = order[k]!;
      const agent = spec.agents[rows.agent[i]!]!;
      const visitId = spanId();
      const visitAttributes = [str('gen_ai.operation.name', 'invoke_agent'), str('gen_ai.agent.name', agent.name)];
      if (rows.branch[i]! > 0) visitAttributes.push(int('apmsim.branch', rows.branch[i]!));
      list.push({
        traceId, spanId: visitId, parentSpanId: rootId, name: `invoke_agent ${agent.name}`, kind: SPAN_KIND.internal,
        startTimeUnixNano: unixNano(rows.entered[i]!), endTimeUnixNano: unixNano(rows.ended[i]!), attributes: visitAttributes, status: { code: STATUS.ok },
      });
      const service = { traceId, spanId: '', parentSpanId: visitId, startTimeUnixNano: unixNano(rows.started[i]!), endTimeUnixNano: unixNano(rows.ended[i]!), status: { code: STATUS.ok } };
      if (agent.kind === 'llm') {
        const model = spec.models[spec.pools[agent.pool]!.model]!.name;
        list.push({
          ...service, spanId: spanId(), name: `chat ${model}`, kind: SPAN_KIND.client,
          attributes: [
            str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'apmsim'), str('gen_ai.request.model', model),
            int('gen_ai.usage.input_tokens', rows.tokensIn[i]!), int('gen_ai.usage.output_tokens', rows.tokensOut[i]!),
          ],
        });
      } else if (agent.kind === 'station' || agent.kind === 'cache') {
        list.push({
          ...service, spanId: spanId(), name: `execute_tool ${agent.name}`, kind: SPAN_KIND.internal,
          attributes: [str('gen_ai.operation.name', 'execute_tool'), str('gen_ai.tool.name', agent.name)],
        });
      }
    }
    spans += list.length;
    lines.push(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans: list }] }] }));
  }
  return { lines, requests: lines.length, spans, inFlight };
}
