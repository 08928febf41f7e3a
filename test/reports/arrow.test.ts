// The Arrow files round-trip through apache-arrow: declared schemas, row counts and values equal
// results.json and the recordings; the latency digest agrees with the exact percentile metrics.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { LATENCY_COLUMNS } from '../../reports/arrow/latency.js';
import { METRICS_COLUMNS } from '../../reports/arrow/metrics.js';
import { resultsFingerprint } from '../../reports/arrow/provenance.js';
import { REQUESTS_FIXED_COLUMNS, requestsTable } from '../../reports/arrow/requests.js';
import { OUTCOME_NAMES } from '../../sim/network/record/recorders.js';
import { seriesFromTable, TIMESERIES_COLUMNS } from '../../reports/arrow/timeseries.js';
import { digestFromTable } from '../../reports/arrow/latency.js';
import { ALL_CLASSES } from '../../reports/run-data.js';
import { recordedRun, SCENARIOS, scenarioText, tmp, writeRecorded } from './recorded-run.js';
import { intervalEnds } from '../../models/run/results.js';

const test = suite('arrow data files');

// Exact percentiles, so the digest's quantiles must equal the metrics bit for bit.
const text = `${readFileSync(join(SCENARIOS, 'worker-checker.yaml'), 'utf8')}\nmetrics: { percentiles: exact }\n`;
const run = recordedRun(scenarioText(text, ['replications=3', 'horizon=3000s', 'warmup=300s']));
const dir = tmp();
const written = await writeRecorded(run, dir);
const read = (name: string): Table => tableFromIPC(readFileSync(join(dir, name)));
const results = JSON.parse(JSON.stringify(run.results)) as typeof run.results;
const R = results.replications;

test('run --out writes every data file, report.html last', () => {
  assert.equal(written.files, ['results.json', 'metrics.arrow', 'timeseries.arrow', 'latency.arrow', 'requests.arrow', 'report.html']);
});

test('every file declares its schema, and names its run by the fingerprint of results.json', () => {
  for (const [name, columns, schema] of [
    ['metrics.arrow', METRICS_COLUMNS, 'apmsim.metrics/1'], ['timeseries.arrow', TIMESERIES_COLUMNS, 'apmsim.timeseries/1'],
    ['latency.arrow', LATENCY_COLUMNS, 'apmsim.latency/1'], ['requests.arrow', REQUESTS_FIXED_COLUMNS, 'apmsim.requests/1'],
  ] as const) {
    const t = read(name);
    const fields = t.schema.fields;
    columns.forEach((c, i) => {
      assert.is(fields[i]?.name, c.name, `${name} column ${i}`);
      assert.is(fields[i]?.nullable, c.nullable, `${name} ${c.name} nullability`);
      assert.is(fields[i]?.metadata.get('unit'), c.unit, `${name} ${c.name} unit`);
    });
    assert.is(t.schema.metadata.get('apmsim.schema'), schema);
    assert.is(t.schema.metadata.get('apmsim.results'), resultsFingerprint(results), name);
    assert.is(t.schema.metadata.get('apmsim.scenario'), 'worker-checker');
  }
});

test('metrics.arrow: one row per metric and replication, values equal results.json', () => {
  const t = read('metrics.arrow');
  const names = Object.keys(results.metrics);
  assert.is(t.numRows, names.length * R);
  const metric = t.getChild('metric')!, rep = t.getChild('replication')!, value = t.getChild('value')!, est = t.getChild('estimate')!, lower = t.getChild('lower')!;
  let nulls = 0;
  for (let i = 0; i < t.numRows; i++) {
    const m = results.metrics[metric.get(i) as string]!;
    const r = rep.get(i) as number;
    assert.is(value.get(i), m.values[r], `${metric.get(i)} replication ${r}`);
    assert.is(est.get(i), m.estimate);
    assert.is(lower.get(i), intervalEnds(m)[0]);
    if (value.get(i) === null) nulls++;
  }
  assert.is(nulls, names.reduce((n, k) => n + results.metrics[k]!.values.filter((v) => v === null).length, 0), 'nulls stay null');
});

test('timeseries.arrow: replications × windows × agents rows that read back to the recorded series', () => {
  const t = read('timeseries.arrow');
  const first = run.outputs[0]!.timeseries!;
  const W = first.arrivals.length, A = run.scenario.network.agents.length;
  assert.is(t.numRows, R * W * A);
  assert.is(first.window, 10, 'a 3,000 s horizon gives 10 s windows (300 of them)');
  const back = seriesFromTable(t, 'timeseries.arrow');
  assert.is(back.window, first.window);
  assert.equal(back.agents, [{ name: 'worker', servers: 3, pool: null }, { name: 'checker', servers: 1, pool: null }]);
  run.outputs.forEach((o, r) => {
    const ts = o.timeseries!;
    assert.ok(ts.replicas.every((x) => x === 1), 'plain stations: one replica');
    for (const k of ['arrivals', 'completions', 'e2eP95', 'queue', 'busy', 'replicas'] as const) {
      assert.equal(Array.from(back.replications[r]![k]), Array.from(ts[k]), `replication ${r} ${k}`);
    }
  });
  const util = t.getChild('utilization')!, busy = t.getChild('busy')!, servers = t.getChild('servers')!, after = t.getChild('after_warmup')!, start = t.getChild('start')!;
  for (let i = 0; i < t.numRows; i += 97) {
    assert.is(util.get(i), (busy.get(i) as number) / (servers.get(i) as number));
    assert.is(after.get(i), (start.get(i) as number) >= results.warmup.seconds);
  }
});

test('latency.arrow: the digest at p50/p95/p99 equals the exact percentile metrics of every replication', () => {
  const digest = digestFromTable(read('latency.arrow'), 'latency.arrow');
  assert.is(digest.levels.length, 103);
  for (const [label, p] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
    const l = digest.levels.indexOf(p);
    for (const row of digest.rows) {
      const name = row.cls === ALL_CLASSES ? `e2e.${label}` : `class.${row.cls}.e2e.${label}`;
      assert.is(row.e2e[l], results.metrics[name]!.values[row.replication], `${name} replication ${row.replication}`);
    }
  }
  assert.equal(digest.rows.map((r) => `${r.replication}:${r.cls}`), [0, 1, 2].flatMap((r) => [`${r}:chat`, `${r}:batch`, `${r}:${ALL_CLASSES}`]));
});

test('requests.arrow: one row per request finished after warm-up; counts and mean latency equal the metrics', () => {
  const t = read('requests.arrow');
  const rep = t.getChild('replication')!, cls = t.getChild('class')!, outcome = t.getChild('outcome')!, e2e = t.getChild('e2e')!;
  const arrival = t.getChild('arrival')!, finish = t.getChild('finish')!;
  const count = new Map<string, number>(), sum = new Map<string, number>();
  for (let i = 0; i < t.numRows; i++) {
    assert.is(e2e.get(i), (finish.get(i) as number) - (arrival.get(i) as number));
    assert.ok((finish.get(i) as number) >= results.warmup.seconds);
    const key = `${rep.get(i)}:${cls.get(i)}:${outcome.get(i)}`;
    count.set(key, (count.get(key) ?? 0) + 1);
    if (outcome.get(i) === 'completed') sum.set(key, (sum.get(key) ?? 0) + (e2e.get(i) as number));
  }
  for (let r = 0; r < R; r++) {
    for (const c of ['chat', 'batch']) {
      const done = count.get(`${r}:${c}:completed`) ?? 0;
      assert.is(count.get(`${r}:${c}:rejected`) ?? 0, results.metrics[`class.${c}.rejected`]!.values[r]);
      const mean = sum.get(`${r}:${c}:completed`)! / done;
      const expected = results.metrics[`class.${c}.e2e.mean`]!.values[r]!;
      assert.ok(Math.abs(mean - expected) <= 1e-12 * expected, `class ${c} replication ${r}: mean ${mean} vs ${expected}`);
    }
    const completed = ['chat', 'batch'].reduce((n, c) => n + (count.get(`${r}:${c}:completed`) ?? 0), 0);
    assert.is(completed, results.metrics['completed']!.values[r]);
  }
  const names = t.schema.fields.map((f) => f.name);
  assert.ok(names.includes('wait.worker') && names.includes('service.checker'), names.join(', '));
});

test('requests.arrow names every outcome and keeps session ids (null outside sessions)', () => {
  const n = OUTCOME_NAMES.length;
  const f64 = (x: number) => new Float64Array(n).fill(x);
  const rows = {
    count: n, cls: new Int32Array(n), session: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1 : i * 10)),
    arrival: f64(1), finish: f64(2), outcome: Uint8Array.from({ length: n }, (_, i) => i),
    cost: f64(0), tokensIn: f64(0), tokensOut: f64(0), wait: f64(0), service: f64(0), attributes: [],
  };
  const t = tableFromIPC(tableToIPC(requestsTable(results, [rows], ['chat'], ['worker'], []), 'file'));
  assert.equal([...Array(n).keys()].map((i) => t.getChild('outcome')!.get(i)), [...OUTCOME_NAMES]);
  assert.equal([...Array(n).keys()].map((i) => t.getChild('session')!.get(i)), [...Array(n).keys()].map((i) => (i % 2 === 0 ? null : i * 10)));
});

test.run();
