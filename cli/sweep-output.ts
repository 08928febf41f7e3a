// Writes a sweep's two files atomically, the same way for a run, a shard and a merge: sweep.json
// (every point's full results) and sweep.arrow (the long table built from it).

import { join } from 'node:path';
import { serializeSweep, type SweepDocument } from '../models/sweep/document.js';
import { writeFileAtomic } from '../reports/write-atomic.js';

export async function writeSweep(dir: string, doc: SweepDocument): Promise<string[]> {
  // Arrow is loaded only by the commands that write it, keeping other commands' start-up short.
  const { sweepArrowBytes } = await import('../models/sweep/arrow.js');
  const arrow = sweepArrowBytes(doc);
  const files = [join(dir, 'sweep.json'), join(dir, 'sweep.arrow')];
  writeFileAtomic(files[0]!, serializeSweep(doc));
  writeFileAtomic(files[1]!, arrow);
  return files;
}
