// A folder named where files are expected stands for its files of the command's kinds, not its
// subfolders, in name order: `apmsim validate scenarios/`, `apmsim calibrate telemetry traces/`.

import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from '../api/errors.js';

/** `names` with each folder replaced by its files whose extension is one of `extensions` ('.yaml'). */
export function filesOfFolders(names: readonly string[], extensions: readonly string[], what: string): string[] {
  return names.flatMap((name) => {
    if (!isFolder(name)) return [name];
    const inside = readdirSync(name).filter((f) => extensions.includes(extname(f).toLowerCase())).sort().map((f) => join(name, f));
    if (inside.length === 0) throw new UsageError(`${name}: expected ${what} (${extensions.map((e) => `*${e}`).join(', ')}) in the folder, found none`);
    return inside;
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it says why it cannot be read
  }
}
