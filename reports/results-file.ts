// A run's output folder stands for the results.json in it, wherever a command reads a stored run
// (`apmsim report runs/base`, `apmsim compare runs/base runs/cand`).

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `path` itself, or the results.json in it when it is a folder. */
export const resultsFileOf = (path: string): string => (existsSync(path) && statSync(path).isDirectory() ? join(path, 'results.json') : path);
