// Grid axes from --grid, the order of points, and shards that partition the points.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkAxes, gridSize, parseAxis, parseShard, pointOverrides, pointValues, shardPoints } from '../../../models/sweep/grid.js';
import { throwsInputError } from '../../helpers/assert.js';

const test = suite('sweep: grid');

test('values: commas split, brackets and quotes keep flow values whole, ranges expand', () => {
  assert.equal(parseAxis('agents.w.servers=2, 4,8'), { path: 'agents.w.servers', values: ['2', '4', '8'] });
  assert.equal(parseAxis('agents.w.next=[{ to: exit, p: 1 }],checker').values, ['[{ to: exit, p: 1 }]', 'checker']);
  assert.equal(parseAxis("workload.r.arrivals.rate='2 + sin(t)',3/s").values, ["'2 + sin(t)'", '3/s']);
  assert.equal(parseAxis('x=2..5').values, ['2', '3', '4', '5']);
  assert.equal(parseAxis('x=1,10..20:5').values, ['1', '10', '15', '20']);
});

test('malformed axes are errors that say what was expected', () => {
  throwsInputError(() => parseAxis('agents.w.servers'), /expected path=v1,v2/);
  throwsInputError(() => parseAxis('x=1,,2'), /empty value/);
  throwsInputError(() => parseAxis('x=5..2'), /to >= from/);
  throwsInputError(() => parseAxis('x=1,1'), /distinct/);
  throwsInputError(() => checkAxes([parseAxis('x=1'), parseAxis('x=2')]), /each path once/);
  throwsInputError(() => checkAxes([parseAxis('metric=1')]), /uses for itself/);
  throwsInputError(() => checkAxes([]), /at least one axis/);
});

test('points: the last axis varies fastest; each point is a list of --set overrides', () => {
  const axes = [parseAxis('a=1,2'), parseAxis('b=x,y,z')];
  assert.is(gridSize(axes), 6);
  assert.equal(Array.from({ length: 6 }, (_, i) => pointValues(axes, i).join('')), ['1x', '1y', '1z', '2x', '2y', '2z']);
  assert.equal(pointOverrides(axes, 4), ['a=2', 'b=y']);
});

test('shards partition the points: disjoint, complete, every n-th', () => {
  for (const [size, count] of [[10, 3], [2, 3], [7, 1], [12, 4]] as const) {
    const all = Array.from({ length: count }, (_, i) => shardPoints(size, { index: i + 1, count })).flat().sort((a, b) => a - b);
    assert.equal(all, Array.from({ length: size }, (_, i) => i), `${size} points in ${count} shards`);
  }
  assert.equal(shardPoints(10, { index: 2, count: 3 }), [1, 4, 7]);
  assert.equal(parseShard('2/3'), { index: 2, count: 3 });
  for (const text of ['0/3', '4/3', '1-3', '/3']) throwsInputError(() => parseShard(text), /expected i\/n/);
});

test.run();
