// Reports of coordinated runs: negotiation.json and negotiation.arrow beside the results (the
// Arrow file reads back to the JSON byte for byte), the Coordination section (objectives, requests
// per direction, the negotiation over time with its records), timeline events and objective
// thresholds on the charts over time, `apmsim report DIR` rebuilding the same page, and hostile
// names shown as text.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { formatLog, type LogRecord, type NegotiationLog } from '../../models/coordination/log.js';
import type { Results } from '../../models/run/results.js';
import { logFromTable, NEGOTIATION_COLUMNS } from '../../reports/arrow/negotiation.js';
import { resultsFingerprint } from '../../reports/arrow/provenance.js';
import { ReportInputError } from '../../reports/errors.js';
import { loadRun } from '../../reports/load-run.js';
import { checkNegotiation, RECORD_FIELDS } from '../../reports/negotiation.js';
import type { RunData } from '../../reports/run-data.js';
import { runDataOf } from '../../reports/run-outputs.js';
import { buildReport, runSections } from '../../reports/run-report.js';
import { MAX_RECORD_ROWS, MAX_TIMELINE_MARKS } from '../../reports/sections/coordination.js';
import type { FigureDraft, Section } from '../../reports/sections/section.js';
import { HOSTILE_AGENT, HOSTILE_CLASS, HOSTILE_DESCRIPTION, HOSTILE_NAME } from './hostile.js';
import { assertInert } from './inert.js';
import { coordinatedRun, recordedRun, SCENARIOS, scenarioFile, scenarioText, tmp, writeRecorded } from './recorded-run.js';

const test = suite('coordination reports');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

const spike = scenarioFile('monday-spike-coordination.yaml', ['replications=3']);
const on = await coordinatedRun(spike);
const dir = tmp();
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(on.results, null, 2)}\n`);
const written = await writeRecorded(on, dir, false);
const log = on.log!;
const data = runDataOf(on.results, on.scenario, on.outputs, [], written.files.filter((f) => f !== 'report.html'), log);
const results = JSON.parse(JSON.stringify(on.results)) as Results;

const sectionOf = (d: RunData, id: string): Section | undefined => runSections(d).find((s) => s.id === id);
const figuresOf = (s: Section | undefined): FigureDraft[] => (s?.blocks ?? []).flatMap((b) => (b.kind === 'figure' ? [b.figure] : []));
const figure = (d: RunData, section: string, id: string): FigureDraft => {
  const f = figuresOf(sectionOf(d, section)).find((x) => x.id === id);
  assert.ok(f !== undefined, `${section}/${id}`);
  return f!;
};
const texts = (s: Section | undefined): string => JSON.stringify(s?.blocks ?? []);

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a coordinated run writes negotiation.json (its log, byte for byte) and negotiation.arrow before report.html', () => {
  assert.equal(written.files, ['results.json', 'metrics.arrow', 'timeseries.arrow', 'latency.arrow', 'negotiation.json', 'negotiation.arrow', 'report.html']);
  assert.equal(written.chartWarnings, []);
  assert.is(readFileSync(join(dir, 'negotiation.json'), 'utf8'), formatLog(log));
  assert.ok(log.coordination && log.records.some((r) => r.type === 'commitment'), 'the spike is negotiated: something is committed');
});

test('negotiation.arrow declares its schema, names its run, and reads back to negotiation.json byte for byte', () => {
  const table = tableFromIPC(readFileSync(join(dir, 'negotiation.arrow')));
  assert.is(table.numRows, log.records.length);
  NEGOTIATION_COLUMNS.forEach((c, i) => {
    const f = table.schema.fields[i];
    assert.is(f?.name, c.name, `column ${i}`);
    assert.is(f?.nullable, c.nullable, `${c.name} nullability`);
    assert.is(f?.metadata.get('unit'), c.unit, `${c.name} unit`);
    assert.ok((f?.metadata.get('description') ?? '').length > 0, `${c.name} description`);
  });
  const meta = table.schema.metadata;
  assert.is(meta.get('apmsim.schema'), 'apmsim.negotiation/1');
  assert.is(meta.get('apmsim.results'), resultsFingerprint(results));
  assert.is(meta.get('apmsim.replication'), '0');
  assert.is(meta.get('apmsim.coordination'), 'true');
  const back = logFromTable(table, 'negotiation.arrow');
  assert.is(formatLog(back), readFileSync(join(dir, 'negotiation.json'), 'utf8'));
  // Columns a record type does not have are null on its rows: a detection has no action, a timeline event no round.
  const type = table.getChild('type')!, action = table.getChild('action')!, round = table.getChild('round')!, reason = table.getChild('reason')!, kept = table.getChild('kept')!;
  for (let i = 0; i < table.numRows; i++) {
    const t = type.get(i) as LogRecord['type'];
    const fields: readonly string[] = RECORD_FIELDS[t];
    assert.is(action.get(i) === null, !fields.includes('action'), `row ${i} (${t}) action`);
    assert.is(round.get(i) === null, !fields.includes('round'), `row ${i} (${t}) round`);
    assert.is(kept.get(i) === null, t !== 'plan', `row ${i} (${t}) kept`);
    if (t === 'answer') assert.is(reason.get(i) !== null, (log.records[i] as { answer: string }).answer === 'deny', `row ${i} reason`);
  }
});

test('the log round-trips through Arrow with records of every kind, non-finite numbers and empty strings included', () => {
  const every: LogRecord[] = [
    { t: 0, type: 'timeline', event: '' },
    { t: 1, type: 'detection', agent: 'a', objective: 'o', value: 2, predicted: Infinity, threshold: 1 },
    { t: 1, type: 'plan', round: 1, objective: 'o', action: '(nothing)', source: 'catalogue', direction: 'local', estimate: null, interval: null, confidence: 0.9, bound: 'max', threshold: 1, kept: false, backend: 'none', why: 'no prediction' },
    { t: 1, type: 'plan', round: 1, objective: 'o', action: 'x*', source: 'proposer', direction: 'peer', estimate: 0.5, interval: [0.25, 0.75], confidence: 0.9, bound: 'min', threshold: 1, kept: true, backend: 'simulation', why: '' },
    { t: 1, type: 'proposer', round: 1, ok: false, plans: 0, message: 'timed out' },
    { t: 1, type: 'no-plan', round: 2, objective: 'o', why: 'none' },
    { t: 1.5, type: 'request', round: 1, depth: 2, from: 'a', to: 'b', direction: 'peer', action: 'x*', arrives: 1.6 },
    { t: 2, type: 'answer', round: 1, from: 'b', to: 'a', action: 'x*', answer: 'deny', reason: 'loop', detail: 'b -> a' },
    { t: 2, type: 'answer', round: 1, from: 'b', to: 'a', action: 'x*', answer: 'accept', reason: null, detail: '' },
    { t: 2, type: 'commitment', round: 1, owner: 'b', action: 'x*', until: 1e9 },
    { t: 3, type: 'expired', round: 1, owner: 'b', action: 'x*' },
    { t: 3, type: 'exhausted', round: 1, objective: 'o' },
  ];
  assert.equal(new Set(every.map((r) => r.type)).size, Object.keys(RECORD_FIELDS).length, 'every record type');
  const synthetic: NegotiationLog = { ...log, coordination: false, records: every };
  const d = tmp();
  const r: Results = { ...results, partial: true };
  return writeRecorded({ ...on, results: r, log: synthetic }, d, false).then(() => {
    const json = readFileSync(join(d, 'negotiation.json'), 'utf8');
    const back = logFromTable(tableFromIPC(readFileSync(join(d, 'negotiation.arrow'))), 'negotiation.arrow');
    assert.is(formatLog(back), json);
    assert.is(back.coordination, false);
    assert.equal(checkNegotiation(JSON.parse(json), 'negotiation.json').records.length, every.length);
  });
});

test('the report has a Coordination section after Over time: objectives, requests per direction, the negotiation over time', () => {
  const ids = runSections(data).map((s) => s.id);
  assert.equal(ids.slice(0, 4), ['summary', 'latency', 'over-time', 'coordination']);
  const s = sectionOf(data, 'coordination');
  assert.equal(figuresOf(s).map((f) => f.id), ['objectives', 'requests', 'negotiation']);
  const objectives = figure(data, 'coordination', 'objectives');
  assert.equal(objectives.table.rows.map((r) => r[0]), ['chat-p95', 'batch-throughput', 'batch-rejections']);
  assert.match(objectives.table.rows[0]!.join(' | '), /chat-p95 \| chat-answer \| p95 latency of chat ≤ 6\u00a0s, per 60 s window \| 55 \| [\d.]+ % \[/);
  const requests = figure(data, 'coordination', 'requests');
  assert.equal(requests.table.rows.map((r) => r[0]), ['local', 'upstream', 'downstream', 'peer']);
  const peer = requests.table.rows[3]!;
  assert.equal(requests.table.columns.map((c) => c.label), ['direction', 'sent', 'denied', 'accepted', 'asked further']);
  assert.match(peer[2]!, /^4 /, `the peer batch-agent denies yield-batch in each of 4 rounds: ${peer.join(' | ')}`);
  const timeline = figure(data, 'coordination', 'negotiation');
  assert.is(timeline.table.rows.length, log.records.length);
  const deny = timeline.table.rows.find((r) => r[4] === 'DENY');
  assert.ok(deny !== undefined && deny[2] === 'batch-agent' && /^own-objective-at-risk: batch-throughput predicted/.test(deny[5]!), deny?.join(' | '));
  assert.ok(timeline.table.rows.some((r) => r[2] === 'batch-gate' && r[4] === 'asks further'), 'the nested round');
  assert.ok(timeline.table.rows.some((r) => r[2] === '(timeline)' && r[5] === 'class chat arrives at 2 x its written rate'));
  const spec = JSON.stringify(timeline.spec);
  for (const kind of ['detection', 'request', 'accept', 'asks further', 'deny', 'commitment']) assert.ok(spec.includes(`"kind":"${kind}"`), kind);
  assert.match(spec, /"label":"own-objective-at-risk"/);
  assert.match(spec, /"label":"throttle-batch"/);
  assert.match(timeline.caption, /Dotted vertical lines mark the timeline events \(1200 s: class chat arrives at 2 x its written rate\)/);
});

test('timeline events are marked as labelled rules on the charts over time', async () => {
  for (const id of ['rates', 'p95', 'queues']) {
    const f = figuresOf(sectionOf(data, 'over-time')).find((x) => x.id === id);
    if (f === undefined) continue;
    const spec = JSON.stringify(f.spec);
    // One rule layer for every event, at their times.
    assert.match(spec, /"data":\{"values":\[\{"t":1200\}\]\},"mark":\{"type":"rule","color":"#222","strokeDash":\[1,2\][^}]*\},"encoding":\{"x":\{"field":"t","type":"quantitative"/, id);
    assert.match(f.caption, /Dotted vertical lines mark the timeline events: 1200 s, class chat arrives at 2 x its written rate\./, id);
  }
  assert.ok(JSON.stringify(figure(data, 'over-time', 'rates').spec).includes('"data":{"values":[{"t":1200,"label":"class chat arrives at 2 x its written rate"}]}'));
  const page = await buildReport([data]);
  assert.equal(page.warnings, []);
  assertInert(page.html);
  assert.is(page.html, readFileSync(join(dir, 'report.html'), 'utf8'), 'the page written is the page of the run data');
});

test('apmsim report DIR reads negotiation.json and the objectives back and rebuilds the same page', async () => {
  const loaded = loadRun(dir);
  assert.equal(loaded.warnings, []);
  assert.equal(loaded.data.files, ['results.json', 'metrics.arrow', 'timeseries.arrow', 'latency.arrow', 'negotiation.json', 'negotiation.arrow']);
  assert.equal(loaded.data.objectives, data.objectives);
  const page = await buildReport([loaded.data]);
  assert.is(page.html, readFileSync(join(dir, 'report.html'), 'utf8'));
});

test('negotiation.json of another run is left out with a warning; a malformed one is refused naming the field', () => {
  const other = tmp();
  for (const f of ['results.json', 'metrics.arrow', 'negotiation.arrow']) {
    if (f === 'results.json') writeFileSync(join(other, f), `${JSON.stringify(on.results, null, 2)}\n`);
    else copyFileSync(join(dir, f), join(other, f));
  }
  writeFileSync(join(other, 'negotiation.json'), formatLog({ ...log, seed: 99 }));
  const a = loadRun(other);
  assert.is(a.data.negotiation, undefined);
  assert.match(a.warnings.join('\n'), /negotiation\.json belongs to another run \(scenario "monday-spike-coordination" seed 99/);
  assert.match(texts(sectionOf(a.data, 'coordination')), /No negotiation log/);

  writeFileSync(join(other, 'negotiation.json'), formatLog(log));
  writeFileSync(join(other, 'results.json'), `${JSON.stringify({ ...on.results, partial: true }, null, 2)}\n`);
  const b = loadRun(other);
  assert.is(b.data.negotiation, undefined, 'negotiation.arrow beside it names another results document');
  assert.match(b.warnings.join('\n'), /negotiation\.json belongs to another run \(negotiation\.arrow beside it has another results fingerprint\)/);

  const bad = JSON.parse(formatLog(log)) as { records: Record<string, unknown>[] };
  const i = bad.records.findIndex((r) => r['type'] === 'answer');
  bad.records[i]!['reason'] = 3;
  assert.throws(() => checkNegotiation(bad, 'n.json'), (e: unknown) => e instanceof ReportInputError && new RegExp(`n\\.json: not an apmsim negotiation log: records\\[${i}\\]\\.reason should be a string or null`).test((e as Error).message));
  assert.throws(() => checkNegotiation({ ...bad, records: [{ t: 1, type: 'gossip' }] }, 'n.json'), /records\[0\]\.type should be one of timeline, detection, plan/);
  assert.throws(() => checkNegotiation([], 'n.json'), /the document should be an object/);
});

test('coordination off: objectives, no requests, the timeline event in the table and no negotiation chart', async () => {
  const off = await coordinatedRun(spike, false, false);
  const d = runDataOf(off.results, off.scenario, off.outputs, [], [], off.log);
  const s = sectionOf(d, 'coordination');
  assert.equal(figuresOf(s).map((f) => f.id), ['objectives']);
  const text = texts(s);
  assert.match(text, /Coordination was off \(the local-control baseline\)/);
  assert.match(text, /No participant sent a request in any replication/);
  assert.match(text, /The one record of replication 0/);
  assert.match(text, /class chat arrives at 2 x its written rate/);
  assert.ok(JSON.stringify(figure(d, 'over-time', 'rates').spec).includes('class chat arrives'), 'events marked with coordination off too');
  assert.equal((await buildReport([d])).warnings, []);
});

test('results.json alone: the section from the metrics, saying the log is missing; runs without coordination have none', async () => {
  const bare: RunData = { results: on.results, series: undefined, latency: undefined, notes: [], files: [] };
  const s = sectionOf(bare, 'coordination');
  assert.equal(figuresOf(s).map((f) => f.id), ['objectives', 'requests']);
  assert.match(texts(s), /No negotiation log: negotiation\.json of this run was not found/);
  assert.equal(figure(bare, 'coordination', 'objectives').table.rows.map((r) => r[1]), ['—', '—', '—'], 'owners are unknown without the scenario');
  assert.equal((await buildReport([bare])).warnings, []);
  const plain = recordedRun(scenarioFile('worker-checker.yaml', ['replications=2', 'horizon=1000s', 'warmup=100s']));
  assert.is(sectionOf(runDataOf(plain.results, plain.scenario, plain.outputs, [], []), 'coordination'), undefined);
});

test('a p95 objective on the run\'s only class draws its threshold on the windowed p95, a step where the timeline changes it', async () => {
  const text = `${readFileSync(join(SCENARIOS, 'mm4.yaml'), 'utf8')}
timeline:
  - { at: 600s, set_objective: { objective: fast, threshold: 4s } }
objectives:
  - { name: fast, agent: worker, metric: p95, class: requests, threshold: 5s, window: 60s, priority: 1 }
`;
  const one = await coordinatedRun(scenarioText(text, ['replications=3', 'horizon=1200s', 'warmup=100s']));
  const d = runDataOf(one.results, one.scenario, one.outputs, [], [], one.log);
  const p95 = figure(d, 'over-time', 'p95');
  const spec = JSON.stringify(p95.spec);
  assert.match(spec, /"x":\{"datum":0,"type":"quantitative"\},"x2":\{"datum":600\},"y":\{"datum":5,/);
  assert.match(spec, /"x":\{"datum":600,"type":"quantitative"\},"x2":\{"datum":1200\},"y":\{"datum":4,/);
  assert.match(spec, /"text":\{"value":"fast: 5\u00a0s"\}/);
  assert.match(p95.caption, /The dashed line is the threshold of objective fast/);
  assert.match(figure(d, 'coordination', 'objectives').table.rows[0]![2]!, /p95 latency of requests ≤ 5\u00a0s; then 4\u00a0s from 600 s, per 60 s window/);
  // Two classes: a line per class, and chat's objective drawn against chat's line.
  const two = figure(data, 'over-time', 'p95');
  assert.equal(two.table.columns.map((c) => c.label), ['window (s)', 'chat', 'batch']);
  assert.match(JSON.stringify(two.spec), /"text":\{"value":"chat-p95: 6\u00a0s"\}/);
  assert.match(two.caption, /threshold of objective chat-p95 \(class chat\)/);
  assert.equal((await buildReport([d])).warnings, []);
});

/** The log with a participant, an action, an objective and the timeline's event replaced by markup. */
function hostileLog(l: NegotiationLog): NegotiationLog {
  const name = (x: string): string => (x === 'batch-gate' ? HOSTILE_NAME : x === 'throttle-batch' ? HOSTILE_AGENT : x === 'chat-p95' ? HOSTILE_CLASS : x);
  const records = l.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k,
    typeof v !== 'string' ? v : k === 'event' || k === 'detail' ? `${v} ${HOSTILE_DESCRIPTION}` : name(v)])) as unknown as LogRecord);
  return { ...l, scenario: HOSTILE_NAME, records };
}

test('hostile participant, action, objective and event names appear in the section as text only', async () => {
  const hostile: RunData = {
    ...data,
    negotiation: hostileLog(log),
    objectives: data.objectives!.map((o) => (o.name === 'chat-p95' ? { ...o, name: HOSTILE_CLASS, agent: HOSTILE_NAME } : o)),
  };
  const texts = JSON.stringify(sectionOf(hostile, 'coordination'));
  for (const h of [HOSTILE_NAME, HOSTILE_AGENT, HOSTILE_CLASS, HOSTILE_DESCRIPTION]) assert.ok(texts.includes(JSON.stringify(h).slice(1, -1)), h);
  const page = await buildReport([hostile]);
  assertInert(page.html);
  assert.equal(page.warnings, []);
  for (const h of [HOSTILE_NAME, HOSTILE_AGENT, HOSTILE_CLASS, HOSTILE_DESCRIPTION]) assert.not.ok(page.html.includes(h), `raw ${h}`);
  const escaped = (x: string): string => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  assert.ok(page.html.includes(`<th scope="row">${escaped(HOSTILE_CLASS)}</th>`), 'the objective, a table row');
  assert.ok(page.html.includes(`<td>${escaped(HOSTILE_NAME)}</td>`), 'the participant, a table cell');
  const svg = [...page.html.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => m[0]).join('\n');
  assert.ok(svg.includes(escaped(HOSTILE_NAME).replace(/&quot;/g, '"')) || svg.includes(escaped(HOSTILE_NAME)), 'the participant, a lane label drawn as text');
});

test('long logs: the table stops at its cap and says where the rest is; the chart at its own', () => {
  const many: LogRecord[] = Array.from({ length: MAX_TIMELINE_MARKS + 10 }, (_, i) => ({ t: i, type: 'detection', agent: `agent-${i % 3}`, objective: 'o', value: 1, predicted: 2, threshold: 1 }));
  const d: RunData = { ...data, negotiation: { ...log, records: many } };
  const f = figure(d, 'coordination', 'negotiation');
  assert.is(f.table.rows.length, MAX_RECORD_ROWS);
  assert.match(f.table.caption, new RegExp(`^The first ${MAX_RECORD_ROWS} of ${many.length} records of replication 0, in time order; all ${many.length} are in negotiation\\.json and negotiation\\.arrow$`));
  assert.match(f.caption, new RegExp(`The chart shows the first ${MAX_TIMELINE_MARKS} of ${many.length} marks`));
  const values = (f.spec as unknown as { layer: { data?: { values: unknown[] } }[] }).layer.map((l) => l.data?.values.length ?? 0);
  assert.is(Math.max(...values), MAX_TIMELINE_MARKS);
});

test('apmsim run --coordination compare --out: off/ and on/ each with their negotiation files and report; report DIR gives the same pages', () => {
  const out = tmp();
  const r = apmsim('run', join(SCENARIOS, 'monday-spike-coordination.yaml'), '--coordination', 'compare', '--replications', '3', '--out', out);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /warning: report chart/);
  for (const side of ['off', 'on']) {
    assert.equal(readdirSync(join(out, side)).sort(), ['latency.arrow', 'metrics.arrow', 'negotiation.arrow', 'negotiation.json', 'report.html', 'results.json', 'timeseries.arrow'], side);
    const page = join(out, `${side}.html`);
    const again = apmsim('report', join(out, side), '--out', page);
    assert.is(again.code, 0, again.stderr);
    assert.is(again.stderr, '');
    assert.is(readFileSync(page, 'utf8'), readFileSync(join(out, side, 'report.html'), 'utf8'), side);
  }
  const listed = /wrote (.*)\n/.exec(r.stdout)?.[1]?.split(', ') ?? [];
  assert.is(listed.length, new Set(listed).size, `each file listed once: ${listed.join(', ')}`);
  assert.ok(listed.includes(join(out, 'on', 'negotiation.arrow')) && listed.includes(join(out, 'comparison.json')), listed.join(', '));
  assert.match(readFileSync(join(out, 'on', 'report.html'), 'utf8'), /<h2 id="coordination-h">Coordination<\/h2>/);
});

test.run();
