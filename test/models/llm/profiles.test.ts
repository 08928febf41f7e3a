// The built-in profiles recomputed from the input tables of docs/llm-profiles.md with the formulas
// written out here, and compared with the code's profiles and the page's result table.

import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ASSUMPTIONS, BUILTIN_PROFILES, kvBytesPerToken, parameterCount } from '../../../models/llm/profiles.js';

const page = readFileSync(new URL('../../../../docs/llm-profiles.md', import.meta.url), 'utf8');

/** The rows (header -> cell) of the first markdown table after `heading` whose header starts with `first`. */
function table(heading: string, first: string): Record<string, string>[] {
  const lines = page.slice(page.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  assert.ok(page.includes(heading) && start >= 0, `no table starting with '${first}' after '${heading}'`);
  const cells = (line: string): string[] => line.slice(1, -1).split('|').map((c) => c.trim());
  const header = cells(lines[start]!);
  const rows: Record<string, string>[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const row = cells(lines[i]!);
    rows.push(Object.fromEntries(header.map((h, k) => [h, row[k] ?? ''])));
  }
  return rows;
}

const num = (text: string | undefined): number => {
  const value = Number((text ?? '').replace(/,/g, ''));
  assert.ok(Number.isFinite(value), `not a number: '${text}'`);
  return value;
};

function near(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

const gpus = new Map(table('## Inputs', 'gpu').map((r) => [r['gpu']!, r]));
const models = new Map(table('## Inputs', 'model').map((r) => [r['model']!, r]));
const pairs = table('## Inputs', 'profile');
const resultRows = table('## Results', 'profile');

const s = suite('built-in LLM profiles');

const rooflines = [...BUILTIN_PROFILES.values()].filter((b) => b.source.kind === 'roofline').map((b) => b.name);

s('the page lists every roofline built-in profile, in the same order, with its inputs and results, and every built-in in its summary', () => {
  assert.equal(pairs.map((r) => r['profile']), rooflines);
  assert.equal(resultRows.map((r) => r['profile']), rooflines);
  assert.ok(BUILTIN_PROFILES.size >= 3);
  for (const name of BUILTIN_PROFILES.keys()) assert.ok(page.includes(`| \`${name}\` |`), `${name} not in the summary table`);
});

s('the stated assumptions are the ones the code uses', () => {
  const stated = new Map(table('## How each profile', 'assumption').map((r) => [r['assumption']!, num(r['value'])]));
  assert.is(stated.get('bandwidth efficiency'), ASSUMPTIONS.bandwidthEfficiency);
  assert.is(stated.get('MFU'), ASSUMPTIONS.mfu);
  assert.is(stated.get('memory utilisation'), ASSUMPTIONS.memoryUtilization);
});

s('parameter counts follow from the architectures and match the published sizes', () => {
  const published: Record<string, number> = { 'Llama-2-7B': 6.74e9, 'Llama-3-8B': 8.03e9, 'Llama-3-70B': 70.55e9 };
  for (const [name, m] of models) {
    const [L, d, h, kv, hd, ff, V] = ['layers', 'hidden', 'heads', 'KV heads', 'head dim', 'MLP width', 'vocabulary'].map((k) => num(m[k]));
    assert.is(hd, d! / h!, `${name}: head dim = hidden / heads`);
    const count = 2 * V! * d! + L! * (2 * d! * h! * hd! + 2 * d! * kv! * hd! + 3 * d! * ff! + 2 * d!) + d!;
    assert.is(num(m['parameters']), count, name);
    near(count, published[name]!, 0.002, `${name} published size`);
  }
});

for (const pair of pairs) {
  const name = pair['profile']!;
  s(`${name}: recomputed from the page's inputs, equal to the code and to the page's results`, () => {
    const m = models.get(pair['model']!)!;
    const g = gpus.get(pair['gpu']!)!;
    assert.ok(m !== undefined && g !== undefined, `inputs of ${name}`);
    const n = num(pair['GPUs per replica']);
    const P = num(m['parameters']);
    const b = num(m['bytes/value']);
    const bandwidth = 0.8 * num(g['bandwidth (GB/s)']) * 1e9 * n;
    const flops = 0.5 * num(g['dense bf16 (TFLOPS)']) * 1e12 * n;
    const kvPerToken = 2 * num(m['layers']) * num(m['KV heads']) * num(m['head dim']) * b;
    const expected = {
      weights: P * b,
      fixed: (P * b) / bandwidth,
      perToken: (2 * P) / flops,
      kvToken: kvPerToken / bandwidth,
      kvPerToken,
      kvMemory: 0.9 * num(g['memory (GB)']) * 1e9 * n - P * b,
    };

    const builtin = BUILTIN_PROFILES.get(name)!;
    const p = builtin.profile;
    near(p.fixed, expected.fixed, 1e-12, 'fixed');
    assert.equal(p.prefill.x, [0, 1]);
    assert.equal(p.decode.x, [0, 1]);
    near(p.prefill.y[1]!, expected.perToken, 1e-12, 'prefill_token');
    near(p.decode.y[1]!, expected.perToken, 1e-12, 'decode_sequence');
    assert.equal([p.prefill.y[0], p.decode.y[0]], [0, 0]);
    near(p.perKvToken, expected.kvToken, 1e-12, 'kv_token');
    assert.is(p.kvBytesPerToken, expected.kvPerToken);
    near(builtin.defaultKvBytes, expected.kvMemory, 1e-12, 'default kv_memory');
    assert.ok(builtin.source.kind === 'roofline', `${name} is a roofline estimate`);
    const inputs = builtin.source.kind === 'roofline' ? builtin.source.inputs : undefined;
    assert.is(parameterCount(inputs!.model), P);
    assert.is(kvBytesPerToken(inputs!.model), kvPerToken);

    const shown = resultRows.find((r) => r['profile'] === name)!;
    near(num(shown['weights (GB)']), expected.weights / 1e9, 1e-4, 'weights shown');
    near(num(shown['fixed (ms)']), expected.fixed * 1e3, 1e-4, 'fixed shown');
    near(num(shown['prefill_token (µs)']), expected.perToken * 1e6, 1e-4, 'prefill_token shown');
    near(num(shown['decode_sequence (µs)']), expected.perToken * 1e6, 1e-4, 'decode_sequence shown');
    near(num(shown['kv_token (ns)']), expected.kvToken * 1e9, 1e-4, 'kv_token shown');
    assert.is(num(shown['kv_bytes_per_token']), expected.kvPerToken);
    near(num(shown['default kv_memory (GB)']), expected.kvMemory / 1e9, 1e-4, 'kv_memory shown');
    near(num(shown['tokens that fit']), expected.kvMemory / expected.kvPerToken, 1e-4, 'tokens that fit');
  });
}

s.run();
