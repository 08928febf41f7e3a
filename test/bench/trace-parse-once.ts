// Child of the 'trace' bench: parses one trace file once in this fresh process, as `apmsim
// validate` does at start-up, and prints the parse's CPU time (user + system, every thread: the
// compiler's background threads count too) and wall time as JSON.

import { readFileSync } from 'node:fs';
import { parseTrace, type TraceOptions } from '../../models/trace/index.js';

const [file, options] = [process.argv[2]!, JSON.parse(process.argv[3]!) as TraceOptions];
const text = readFileSync(file, 'utf8');
const cpu = process.cpuUsage();
const wall = performance.now();
const trace = parseTrace(text, options);
const wallMs = performance.now() - wall;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ rows: trace.times.length, cpuMs: (used.user + used.system) / 1000, wallMs }));
