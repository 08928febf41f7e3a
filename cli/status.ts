// How a command ended when it did not end with an error. A command returns it and cli/main.ts
// turns it into the exit code (errors carry their own, see sim/errors.ts).

import type { ExitName } from '../sim/errors.js';

/** success; regression and inconclusive (compare's verdict); interrupted or terminated (a run stopped by SIGINT or SIGTERM that still wrote its partial results). */
export type Status = Extract<ExitName, 'success' | 'regression' | 'inconclusive' | 'interrupted' | 'terminated'>;
