// Calibration on the real agent traces in ../shared/data/telemetry (any-agent's recorded runs, with
// the Azure 2023 conversation trace for arrivals): a valid scenario with the model calls and tools
// found, its held-out check, and every trace that could not be used counted.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrateTelemetry } from '../../../models/telemetry/index.js';
import { exactIntegers } from '../../../models/telemetry/read.js';
import { reportMarkdown, summary } from '../../../models/telemetry/report.js';
import { parseTrace } from '../../../models/trace/index.js';

const test = suite('telemetry: real any-agent traces');
const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

test('any-agent runs + Azure arrivals: a valid scenario with LLM and tool stations, a held-out check, the left-out traces counted', () => {
  const dir = `${DATA}telemetry/any-agent/`;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ name: f, text: readFileSync(dir + f, 'utf8') }));
  assert.ok(files.length >= 100, `${files.length} files`);
  const azure = parseTrace(readFileSync(`${DATA}azure-llm-2023/conv.csv`, 'utf8'), { format: 'csv', timeColumn: 'TIMESTAMP', timeUnit: 'iso', attributes: {}, speedup: 1 });
  const c = calibrateTelemetry({ files, arrivals: { times: azure.times, source: 'conv.csv' }, holdout: 0.3, seed: 1, scenarioFile: 'agent.yaml', name: 'agent', version: 'test' });
  const roles = new Set(c.model.stations.map((s) => s.role));
  assert.ok(roles.has('llm') && roles.has('tool') && roles.has('self'), [...roles].join(', '));
  for (const tool of ['get_current_time', 'write_file']) assert.ok(c.model.stations.some((s) => s.name === tool), tool);
  assert.ok(c.model.stations.some((s) => s.name === 'any_agent.gpt-4.1-mini' && s.tokensIn !== undefined && s.tokensIn.n > 50));
  // Used, left out and kept-with-a-note add up to what was read.
  const leftOut = [...c.traces.issues].filter(([k]) => k !== 'clock skew' && k !== 'duplicate span').reduce((a, [, i]) => a + i.count, 0);
  assert.is(c.traces.trees.length + leftOut, c.traces.total);
  assert.ok(leftOut > 0 && c.traces.issues.get('unfinished span')!.count > 0);
  assert.ok(c.check !== undefined && c.check.simulatedCount > 1000 && c.check.observedCount >= 5);
  assert.match(summary(c), /\n {2}KS distance between observed and simulated e2e latency: \d\.\d{3}, p = [\d.e-]+: (the distributions differ|no evidence) at the 5% level/);
  // The scenario was loaded back (so `apmsim validate` accepts it) and names every station.
  assert.is(c.loaded.network.agents.length >= c.model.stations.length, true);
  assert.ok(/arrivals: \{ process: (gamma|lognormal|weibull|poisson), rate: /.test(c.scenario.text));
  // The words around the figures: times with their units, token counts as plain numbers, and the
  // terminal's summary to 4 digits like every other command's, its names in one column.
  const md = reportMarkdown(c, 'agent');
  assert.match(md, /\nInput tokens per call: n=\d+, mean \d+(\.\d+)?, sd \d+(\.\d+)?; best /);
  assert.match(md, /\nOutput tokens per call: [^\n]*; no law passes KS at 1%: empirical\n/, 'no word cut short');
  const lines = summary(c).split('\n');
  const stations = lines.slice(lines.findIndex((l) => l.startsWith('stations')) + 1, lines.findIndex((l) => l.startsWith('held-out')));
  assert.ok(stations.length === c.model.stations.length);
  const column = new Set(stations.map((l) => /^ {2}\S+ +/.exec(l)![0].length));
  assert.is(column.size, 1, stations.join('\n'));
  for (const l of stations.filter((x) => x.includes('mean '))) {
    const m = /mean ([\d.]+)m?s, sd ([\d.]+)m?s;/.exec(l);
    assert.ok(m !== null, l);
    for (const x of [m[1]!, m[2]!]) assert.is(String(Number(Number(x).toPrecision(4))), x, l);
  }
  // Ids as the files write them, every digit (a double would print 332564221719475577882108057083681340876 as 3.3256422171947558e+38).
  const noted = [...c.traces.issues.values()].map((i) => i.first).join('\n');
  assert.match(noted, /trace \d{30,}: /);
  assert.not.match(noted, /\de\+\d/);
});

test('long integers outside strings keep every digit; numbers in strings, decimals and short integers are left alone', () => {
  const text = '{"id": 332564221719475577882108057083681340876, "neg": -12345678901234567, "t": 1752494929228690000, "x": 1.2345678901234567, "e": 12345678901234567e3, "n": 42, "s": "9999999999999999999 \\" 1111111111111111111", "a": [1234567890123456,7]}';
  const parsed = JSON.parse(exactIntegers(text));
  assert.equal(parsed, {
    id: '332564221719475577882108057083681340876', neg: '-12345678901234567', t: '1752494929228690000', x: 1.2345678901234567, e: 12345678901234567e3, n: 42,
    s: '9999999999999999999 " 1111111111111111111', a: ['1234567890123456', 7],
  });
  assert.is(exactIntegers('{"a": 1}'), '{"a": 1}');
});

test.run();
