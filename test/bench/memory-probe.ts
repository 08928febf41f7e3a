// Child process of the memory benchmark: runs one engine case for N customers and prints the
// process's peak resident memory, so runs of different lengths can be compared.

import { ENGINE_CASES, runEngine } from './engine-cases.js';

const customers = Number(process.argv[2]);
const run = runEngine(ENGINE_CASES[0]!, customers, 1);
process.stdout.write(`${JSON.stringify({ customers: run.customers, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
