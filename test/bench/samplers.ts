// Speed check for the hot-loop primitives: samples/s of a few samplers and adds/s of Tally and
// QuantileSketch. Not a test; run with `node dist/test/bench/samplers.js`.
import { createSampler, type Sampler } from '../../sim/random/distributions.js';
import type { DistSpec } from '../../sim/random/dist-spec.js';
import { Stream, streamSeed } from '../../sim/random/stream.js';
import { QuantileSketch } from '../../sim/stats/quantile-sketch.js';
import { Tally } from '../../sim/stats/tally.js';

const SAMPLES = 20_000_000;
const ROUNDS = 3;

function rate(count: number, ms: number): string {
  return `${((count / ms) * 1e-3).toFixed(1)} M/s`;
}

// The best of a few rounds, so JIT warm-up and one-off pauses do not set the figure.
function best(run: () => number): { ms: number; sink: number } {
  let ms = Infinity;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    sink += run();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, sink };
}

type SampleLoop = (sampler: Sampler, stream: Stream, n: number) => number;

// A fresh function per kind gets its own inline caches, so each call site sees one sampler class, as in
// the engine; one shared loop would turn megamorphic after a few kinds and understate them all.
function freshLoop(): SampleLoop {
  return new Function(
    'sampler',
    'stream',
    'n',
    'let sum = 0; for (let i = 0; i < n; i++) sum += sampler.sample(stream); return sum;',
  ) as SampleLoop;
}

function benchSampler(name: string, spec: DistSpec): number {
  const sampler: Sampler = createSampler(spec);
  const stream = new Stream(streamSeed(1, 0, `bench/${name}`));
  const loop = freshLoop();
  const { ms, sink } = best(() => loop(sampler, stream, SAMPLES));
  console.log(`${name.padEnd(28)} ${rate(SAMPLES, ms).padStart(12)}  samples`);
  return sink;
}

function main(): void {
  let sink = 0;
  sink += benchSampler('exponential', { dist: 'exponential', mean: 1 });
  sink += benchSampler('uniform', { dist: 'uniform', min: 0, max: 1 });
  sink += benchSampler('lognormal cv 1', { dist: 'lognormal', mean: 1, cv: 1 });
  sink += benchSampler('gamma cv 0.5', { dist: 'gamma', mean: 1, cv: 0.5 });
  sink += benchSampler('hyperexponential scv 4', { dist: 'hyperexponential', mean: 1, scv: 4 });

  // Pre-drawn values, so the add rates below exclude sampling.
  const values = new Float64Array(1 << 20);
  const exp = createSampler({ dist: 'lognormal', mean: 1, cv: 3 });
  const stream = new Stream('bench/values');
  for (let i = 0; i < values.length; i++) values[i] = exp.sample(stream);
  const mask = values.length - 1;

  const sketch = new QuantileSketch(0.01);
  const sketchRun = best(() => {
    sketch.reset();
    for (let i = 0; i < SAMPLES; i++) sketch.add(values[i & mask]!);
    return sketch.count;
  });
  console.log(`${'QuantileSketch(0.01).add'.padEnd(28)} ${rate(SAMPLES, sketchRun.ms).padStart(12)}  adds (${sketch.bucketCount} slots)`);

  const tally = new Tally();
  const tallyRun = best(() => {
    tally.reset();
    for (let i = 0; i < SAMPLES; i++) tally.add(values[i & mask]!);
    return tally.count;
  });
  console.log(`${'Tally.add'.padEnd(28)} ${rate(SAMPLES, tallyRun.ms).padStart(12)}  adds`);

  // Printed so the loops cannot be optimised away.
  console.log(`(checksum ${(sink + sketchRun.sink + tallyRun.sink).toPrecision(6)})`);
}

main();
