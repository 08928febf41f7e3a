// Telemetry that cannot be calibrated from: each case must fail with a message naming the file
// (and line or span), what was expected and what was found, as bad input (exit 2). Traces that are
// merely incomplete are not errors: they are counted by reason, with a first example.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApmsimError } from '../../../sim/errors.js';
import { calibrateTelemetry } from '../../../models/telemetry/index.js';
import { summary } from '../../../models/telemetry/report.js';

const test = suite('telemetry: bad input');

interface S { trace?: string; id: string; parent?: string; name: string; start: number | string | undefined; end: number | string | undefined; attrs?: Record<string, string | number> }

const hex = (n: number, d: number): string => n.toString(16).padStart(d, '0');
const T0 = 1_750_000_000;

function span(s: S): Record<string, unknown> {
  const nano = (t: number | string | undefined) => (typeof t === 'number' ? (BigInt(Math.round((T0 + t) * 1e6)) * 1000n).toString() : t);
  return {
    traceId: s.trace ?? hex(1, 32), spanId: s.id, ...(s.parent === undefined ? {} : { parentSpanId: s.parent }), name: s.name, kind: 1,
    startTimeUnixNano: nano(s.start), endTimeUnixNano: nano(s.end),
    attributes: Object.entries(s.attrs ?? {}).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
  };
}
const line = (spans: S[]): string => JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 't' }, spans: spans.map(span) }] }] });

/** A good request: an agent calling a model then a tool. */
function request(i: number): S[] {
  const t = i * 2 + ((i * 7919) % 13) / 10;
  const trace = hex(i + 1, 32);
  return [
    { trace, id: hex(3 * i + 1, 16), name: 'invoke_agent bot', start: t, end: t + 1, attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'bot' } },
    { trace, id: hex(3 * i + 2, 16), parent: hex(3 * i + 1, 16), name: 'chat m', start: t + 0.1, end: t + 0.5 + (i % 5) / 20, attrs: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.prompt_tokens': 100 + i, 'gen_ai.usage.completion_tokens': 20 + (i % 7) } },
    { trace, id: hex(3 * i + 3, 16), parent: hex(3 * i + 1, 16), name: 'execute_tool search', start: t + 0.8, end: t + 0.9 + (i % 3) / 50, attrs: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' } },
  ];
}
const good = (n: number): string => Array.from({ length: n }, (_, i) => line(request(i))).join('\n');

function run(files: { name: string; text: string }[], holdout = 0) {
  return calibrateTelemetry({ files, arrivals: undefined, holdout, seed: 1, scenarioFile: 'out.yaml', name: 'cal', version: 'test' });
}

const CASES: readonly [string, () => unknown, string][] = [
  ['an empty file', () => run([{ name: 'a.jsonl', text: '  \n' }]), 'a.jsonl: expected OTLP/JSON'],
  ['a malformed JSON line', () => run([{ name: 'a.jsonl', text: `${good(3)}\n{"resourceSpans": [` }]), 'a.jsonl:4: expected a JSON document on each line'],
  ['a number instead of a document', () => run([{ name: 'a.json', text: '42' }]), 'a.json: expected a JSON object'],
  ['an unknown format', () => run([{ name: 'a.json', text: '{"data": [1, 2]}' }]), 'expected a known telemetry format'],
  ['an empty list', () => run([{ name: 'a.json', text: '[]' }]), 'found an empty list'],
  ['a span without a start time', () => run([{ name: 'a.jsonl', text: line([{ id: hex(1, 16), name: 'x', start: undefined, end: 1 }]) }]), "expected 'startTimeUnixNano' (nanoseconds since the epoch), found no time"],
  ['a time that is not a number', () => run([{ name: 'a.jsonl', text: line([{ id: hex(1, 16), name: 'x', start: 'soon', end: 1 }]) }]), "'startTimeUnixNano' as a whole number of nanoseconds"],
  ['a negative duration', () => run([{ name: 'a.jsonl', text: line([{ id: hex(1, 16), name: 'x', start: 2, end: 1 }]) }]), 'lasting -1000 ms (negative)'],
  ['a trace id of the wrong length', () => run([{ name: 'a.jsonl', text: line([{ trace: 'abc', id: hex(1, 16), name: 'x', start: 0, end: 1 }]) }]), "'traceId' as 32 hex digits, found 'abc'"],
  ['an all-zero span id', () => run([{ name: 'a.jsonl', text: line([{ id: hex(0, 16), name: 'x', start: 0, end: 1 }]) }]), 'other than all zeros'],
  ['a parent id that is not hex', () => run([{ name: 'a.jsonl', text: line([{ id: hex(1, 16), parent: 'zz', name: 'x', start: 0, end: 1 }]) }]), "'parentSpanId' as 16 hex digits"],
  ['resourceSpans not a list', () => run([{ name: 'a.json', text: '{"resourceSpans": 3}' }]), "'resourceSpans' as a list, found 3"],
  ['no scopeSpans', () => run([{ name: 'a.json', text: '{"resourceSpans": [{"resource": {}}]}' }]), "'scopeSpans' as a list"],
  ['spans not a list', () => run([{ name: 'a.json', text: '{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}' }]), "'spans' as a list"],
  ['a span that is not an object', () => run([{ name: 'a.json', text: '{"resourceSpans": [{"scopeSpans": [{"spans": [7]}]}]}' }]), 'spans[0]: expected a span object, found 7'],
  ['a cycle of parents', () => run([{ name: 'a.jsonl', text: line([{ id: hex(1, 16), name: 'r', start: 0, end: 5 }, { id: hex(2, 16), parent: hex(3, 16), name: 'a', start: 1, end: 2 }, { id: hex(3, 16), parent: hex(2, 16), name: 'b', start: 1, end: 2 }]) }]), 'found a cycle of parents'],
  ['any-agent: a span without context', () => run([{ name: 'a.json', text: JSON.stringify({ spans: [{ name: 'x', start_time: 1, end_time: 2 }] }) }]), "spans[0]: expected 'context' with trace_id and span_id"],
  ['any-agent: a start time as text', () => run([{ name: 'a.json', text: JSON.stringify({ spans: [{ name: 'x', context: { trace_id: 1, span_id: 2 }, start_time: 'now', end_time: 2 }] }) }]), "'start_time' as a whole number of nanoseconds"],
  ['any-agent: no start time', () => run([{ name: 'a.json', text: JSON.stringify({ spans: [{ name: 'x', context: { trace_id: 1, span_id: 2 }, end_time: 2 }] }) }]), "'start_time' (nanoseconds since the epoch), found no time"],
  ['Langfuse: a time that is not ISO', () => run([{ name: 'l.json', text: JSON.stringify({ trace: { id: 't' }, observations: [{ id: 'o', type: 'SPAN', name: 'x', startTime: '09:04', endTime: '2025-09-30T09:04:02.152Z' }] }) }]), "'startTime' as an ISO date-time"],
  ['Langfuse: an observation without id', () => run([{ name: 'l.json', text: JSON.stringify({ trace: { id: 't' }, observations: [{ type: 'SPAN', name: 'x', startTime: '2025-09-30T09:04:01.000Z', endTime: '2025-09-30T09:04:02.152Z' }] }) }]), "'id' (a number or a text)"],
  ['lines of two formats', () => run([{ name: 'a.jsonl', text: `${line(request(0))}\n${JSON.stringify({ spans: [] })}` }]), 'a.jsonl:2: expected a otlp document like the lines before'],
  ['no complete trace', () => run([{ name: 'a.jsonl', text: line([{ id: hex(2, 16), parent: hex(9, 16), name: 'orphan', start: 0, end: 1 }]) }]), 'expected at least one complete trace'],
  ['a holdout of 1', () => run([{ name: 'a.jsonl', text: good(5) }], 1), 'expected a share of traces in [0, 1)'],
  ['too few requests for arrivals', () => run([{ name: 'a.jsonl', text: good(2) }]), 'expected at least 3 requests to fit an arrival process'],
  ['every request at the same instant', () => run([{ name: 'a.jsonl', text: [0, 1, 2, 3].map((i) => line(request(0).map((s) => ({ ...s, trace: hex(i + 1, 32) })))).join('\n') }]), 'arrival times that are not all equal'],
];

for (const [name, f, fragment] of CASES) {
  test(`${name}: bad input (exit 2) with a message saying what was expected`, () => {
    try {
      f();
    } catch (e) {
      assert.instance(e, ApmsimError);
      assert.is((e as ApmsimError).exitCode, 2, (e as Error).message);
      assert.ok((e as Error).message.includes(fragment), `message: ${(e as Error).message}\nexpected to contain: ${fragment}`);
      return;
    }
    assert.unreachable('no error');
  });
}

test('at least 20 bad-input cases', () => {
  assert.ok(CASES.length >= 20, `${CASES.length}`);
});

test('incomplete traces are counted by reason with a first example, never dropped silently; the rest calibrate', () => {
  const orphan = line([{ trace: hex(901, 32), id: hex(9001, 16), name: 'invoke_agent bot', start: 100, end: 101 }, { trace: hex(901, 32), id: hex(9002, 16), parent: hex(8888, 16), name: 'chat m', start: 100.1, end: 100.2 }]);
  const noRoot = line([{ trace: hex(902, 32), id: hex(9003, 16), parent: hex(7777, 16), name: 'chat m', start: 110, end: 110.5 }]);
  const twoRoots = line([{ trace: hex(903, 32), id: hex(9004, 16), name: 'a', start: 120, end: 121 }, { trace: hex(903, 32), id: hex(9005, 16), name: 'b', start: 120, end: 121 }]);
  const skewed = line(request(40).map((s, k) => (k === 2 ? { ...s, end: (s.end as number) + 5 } : s)));
  const unfinished = line(request(41).map((s, k) => (k === 1 ? { ...s, end: undefined } : s)));
  const doubled = line([...request(42), request(42)[2]!]);
  const c = run([{ name: 'a.jsonl', text: [good(30), orphan, noRoot, twoRoots, skewed, unfinished, doubled].join('\n') }]);
  const issues = c.traces.issues;
  assert.is(c.traces.total, 36);
  for (const [kind, first] of [['missing parent', hex(8888, 16)], ['no root', hex(7777, 16)], ['several roots', "'a' and 'b'"], ['clock skew', 'outside its parent'], ['unfinished span', 'no end time'], ['duplicate span', 'listed twice']] as const) {
    assert.is(issues.get(kind)?.count, 1, kind);
    assert.ok(issues.get(kind)!.first.includes(first), `${kind}: ${issues.get(kind)!.first}`);
  }
  // 30 good + skewed + doubled are used; the four others are left out, and each is said.
  assert.is(c.traces.trees.length, 32);
  const text = summary(c);
  for (const kind of ['missing parent', 'no root', 'several roots', 'unfinished span']) assert.ok(text.includes(`left out 1 trace(s) with ${kind}`), text);
  assert.ok(text.includes('kept 1 trace(s) with clock skew'));
});

test('GenAI older names, OpenInference attributes: the same stations and token counts', () => {
  const c = run([{ name: 'a.jsonl', text: good(30) }]);
  const llm = c.model.stations.find((s) => s.role === 'llm')!;
  assert.is(llm.name, 'bot.m');
  assert.is(llm.tokensIn!.n, 30);
  assert.ok(Math.abs(llm.tokensIn!.mean - 114.5) < 1e-9);
  const oi = Array.from({ length: 30 }, (_, i) => line(request(i).map((s) => ({
    ...s, attrs: s.name.startsWith('chat') ? { 'openinference.span.kind': 'LLM', 'llm.model_name': 'm', 'llm.token_count.prompt': 100 + i, 'llm.token_count.completion': 20 }
      : s.name.startsWith('invoke') ? { 'openinference.span.kind': 'AGENT' } : { 'openinference.span.kind': 'TOOL', 'tool.name': 'search' },
  })))).join('\n');
  const d = run([{ name: 'oi.jsonl', text: oi }]);
  assert.equal(d.model.stations.map((s) => [s.name, s.role]).sort(), [['bot.m', 'llm'], ['bot.self', 'self'], ['search', 'tool']]);
  assert.is(d.model.stations.find((s) => s.role === 'llm')!.tokensIn!.n, 30);
});

test.run();
