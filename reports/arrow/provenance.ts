// Schema metadata every data file carries: which schema it follows, which run it belongs to, and
// a fingerprint of that run's results document, so a reader can tell files of two runs apart.

import { createHash } from 'node:crypto';
import type { Results } from '../../models/run/results.js';

/** sha256 of the results document as serialised (results.json holds the same JSON, indented). */
export function resultsFingerprint(results: Results): string {
  return createHash('sha256').update(JSON.stringify(results)).digest('hex');
}

export function provenance(schema: string, results: Results, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    'apmsim.schema': schema,
    'apmsim.version': results.apmsim,
    'apmsim.scenario': results.scenario,
    'apmsim.seed': String(results.seed),
    'apmsim.replications': String(results.replications),
    'apmsim.results': resultsFingerprint(results),
    ...extra,
  };
}
