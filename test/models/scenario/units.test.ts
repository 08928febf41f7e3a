import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDuration, parseRate } from '../../../models/scenario/index.js';
import { problem, value } from './quantity.js';

const durations = suite('parseDuration');

durations('every documented form converts to seconds', () => {
  assert.is(value(parseDuration(3)), 3);
  assert.is(value(parseDuration('250ms')), 0.25);
  assert.is(value(parseDuration('2s')), 2);
  assert.is(value(parseDuration('5min')), 300);
  assert.is(value(parseDuration('1.5h')), 5400);
  assert.is(value(parseDuration('1 day')), 86400);
  assert.is(value(parseDuration('2 hours')), 7200);
  assert.is(value(parseDuration('0s')), 0);
  assert.is(value(parseDuration('7')), 7);
});

durations('unknown units, wrong dimensions, negatives and non-finite values are rejected', () => {
  assert.match(problem(parseDuration('5 parsecs')), "unknown unit 'parsecs'");
  assert.match(problem(parseDuration('5m')), 'is a length (m is metres; write min for minutes)');
  assert.match(problem(parseDuration('20/s')), 'is a rate');
  assert.match(problem(parseDuration('-2s')), 'negative');
  assert.match(problem(parseDuration(-1)), 'negative');
  assert.match(problem(parseDuration(Infinity)), 'not a finite number');
  assert.match(problem(parseDuration('1e400 s')), 'not a finite number');
  assert.match(problem(parseDuration('soon')), "'soon'");
  assert.match(problem(parseDuration(true)), 'true');
});

const rates = suite('parseRate');

rates('every documented form converts to per second', () => {
  assert.is(value(parseRate(3.2)), 3.2);
  assert.is(value(parseRate('20/s')), 20);
  assert.is(value(parseRate('1200/min')), 20);
  assert.ok(Math.abs(value(parseRate('3/h')) - 3 / 3600) < 1e-15);
  assert.is(value(parseRate('40 / s')), 40);
  assert.is(value(parseRate('5 Hz')), 5);
});

rates('durations, unknown units, zero, negatives and non-finite values are rejected', () => {
  assert.match(problem(parseRate('5s')), "whose unit 's' is a duration; write a rate per unit of time, such as 5/s");
  assert.match(problem(parseRate('3/fortnights')), "unknown unit 'fortnights'");
  assert.match(problem(parseRate('3/m')), 'is a length');
  assert.match(problem(parseRate('5 parsecs')), "unknown unit 'parsecs'");
  assert.match(problem(parseRate('-3/s')), 'negative');
  assert.match(problem(parseRate(0)), 'greater than 0');
  assert.match(problem(parseRate(Number.NaN)), 'not a finite number');
  assert.match(problem(parseRate('lots')), "'lots'");
});

durations.run();
rates.run();
