// The OTLP export of simulated requests: the fields the OTLP/JSON encoding requires (hex ids of the
// right length, decimal-string nanosecond times, parent links inside the trace, span kinds), the
// GenAI conventions (invoke_agent, chat with token usage, execute_tool), forks as overlapping
// siblings, and that logging visits changes nothing the replication computes.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runRecordedReplication } from '../../../models/run/replicate.js';
import { exportOtlp } from '../../../models/telemetry/otlp-export.js';
import { scenarioFromText } from '../../helpers/run.js';

const test = suite('telemetry: OTLP export');

const bundled = (name: string, overrides: string[]) =>
  scenarioFromText(readFileSync(fileURLToPath(new URL(`../../../../scenarios/${name}.yaml`, import.meta.url)), 'utf8'), overrides);

interface Span {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[]; status: { code: number };
}

function exported(name: string, overrides: string[]) {
  const s = bundled(name, overrides);
  const out = runRecordedReplication(s, 0, 10, { timeseriesWindow: 0, traceRequests: false, traceVisits: true });
  return { s, out, otlp: exportOtlp(s.network, out.visits!, s.name, s.seed, 0, 10) };
}

function spansOf(line: string): Span[] {
  const doc = JSON.parse(line) as { resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { scope: { name: string }; spans: Span[] }[] }[] };
  assert.is(doc.resourceSpans.length, 1);
  const rs = doc.resourceSpans[0]!;
  assert.ok(Array.isArray(rs.resource.attributes));
  return rs.scopeSpans.flatMap((ss) => ss.spans);
}

const attr = (s: Span, key: string) => s.attributes.find((a) => a.key === key)?.value;

for (const name of ['five-agents', 'support-desk']) {
  test(`${name}: every line is a TracesData with one trace whose spans have the fields OTLP/JSON requires`, () => {
    const { otlp } = exported(name, ['horizon=120s', 'warmup=10s']);
    assert.ok(otlp.lines.length > 50, `${otlp.lines.length} traces`);
    const kinds = new Set<number>();
    for (const line of otlp.lines) {
      const spans = spansOf(line);
      const ids = new Set(spans.map((s) => s.spanId));
      assert.is(ids.size, spans.length, 'span ids unique in a trace');
      const traceIds = new Set(spans.map((s) => s.traceId));
      assert.is(traceIds.size, 1, 'one trace per line');
      const roots = spans.filter((s) => s.parentSpanId === undefined);
      assert.is(roots.length, 1, 'one root');
      for (const s of spans) {
        assert.match(s.traceId, /^[0-9a-f]{32}$/);
        assert.not.match(s.traceId, /^0+$/);
        assert.match(s.spanId, /^[0-9a-f]{16}$/);
        assert.not.match(s.spanId, /^0+$/);
        if (s.parentSpanId !== undefined) assert.ok(ids.has(s.parentSpanId), 'parent in the same trace');
        assert.match(s.startTimeUnixNano, /^[0-9]+$/);
        assert.match(s.endTimeUnixNano, /^[0-9]+$/);
        assert.ok(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano), 'ends after it starts');
        assert.ok(s.kind >= 1 && s.kind <= 5 && Number.isInteger(s.kind), `kind ${s.kind}`);
        kinds.add(s.kind);
        assert.ok([1, 2].includes(s.status.code));
        const parent = spans.find((p) => p.spanId === s.parentSpanId);
        if (parent !== undefined) {
          assert.ok(BigInt(s.startTimeUnixNano) >= BigInt(parent.startTimeUnixNano) && BigInt(s.endTimeUnixNano) <= BigInt(parent.endTimeUnixNano), 'a child inside its parent');
        }
        const op = attr(s, 'gen_ai.operation.name')?.stringValue;
        if (op === 'invoke_agent') assert.type(attr(s, 'gen_ai.agent.name')?.stringValue, 'string');
        if (op === 'execute_tool') assert.type(attr(s, 'gen_ai.tool.name')?.stringValue, 'string');
        if (op === 'chat') {
          assert.is(s.kind, 3, 'a model call is a CLIENT span');
          assert.match(String(attr(s, 'gen_ai.usage.input_tokens')?.intValue), /^[0-9]+$/);
          assert.ok(Number(attr(s, 'gen_ai.usage.output_tokens')?.intValue) >= 1);
          assert.type(attr(s, 'gen_ai.request.model')?.stringValue, 'string');
        }
      }
    }
    assert.ok(kinds.has(2) && kinds.has(1), 'SERVER roots and INTERNAL visits');
    if (name === 'support-desk') assert.ok(kinds.has(3), 'CLIENT model calls');
  });
}

test('five-agents: a research request forks: its retriever and tool visits overlap, as siblings', () => {
  const { otlp } = exported('five-agents', ['horizon=120s', 'warmup=10s']);
  let forks = 0;
  for (const line of otlp.lines) {
    const spans = spansOf(line);
    const root = spans.find((s) => s.parentSpanId === undefined)!;
    if (root.name !== 'research') continue;
    const visits = spans.filter((s) => s.parentSpanId === root.spanId);
    const r = visits.find((s) => s.name === 'invoke_agent retriever');
    const t = visits.find((s) => s.name === 'invoke_agent tool');
    if (r === undefined || t === undefined) continue;
    assert.is(r.startTimeUnixNano, t.startTimeUnixNano, 'the branches start together');
    forks++;
  }
  assert.ok(forks > 5, `${forks} forks`);
});

test('logging visits changes no metric, and the export covers every request that ended after warm-up', () => {
  const s = bundled('five-agents', ['horizon=120s', 'warmup=10s']);
  const plain = runRecordedReplication(s, 0, 10, { timeseriesWindow: 0, traceRequests: true });
  const { out, otlp } = exported('five-agents', ['horizon=120s', 'warmup=10s']);
  assert.equal(out.metrics, plain.metrics);
  const rows = plain.requests!;
  let ended = 0;
  for (let i = 0; i < rows.count; i++) if (rows.arrival[i]! >= 10) ended++;
  // Request rows are those finished after warm-up; the export takes those that arrived after it.
  const arrivedAfter = out.visits!.requests;
  let expected = 0;
  for (let i = 0; i < arrivedAfter.count; i++) if (arrivedAfter.arrival[i]! >= 10 && !Number.isNaN(arrivedAfter.finish[i]!)) expected++;
  assert.is(otlp.lines.length, expected);
  assert.is(otlp.lines.length, ended);
});

test.run();
