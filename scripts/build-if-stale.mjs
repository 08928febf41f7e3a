// npm's `prepare`: builds dist/ unless it is newer than every source. `npm ci` runs prepare, and so
// does the first `npx apmsim` in a clone (npx installs the folder it runs in as a link into its cache,
// and runs the link's prepare): without this check a fresh clone's first README command rebuilt the
// whole project a second time (~20 s of CPU) before simulating anything.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['sim', 'models', 'reports', 'api', 'cli', 'test'];
const CONFIG = ['package.json', 'tsconfig.json', 'tsconfig.types.json', 'scripts/bundle-cli.mjs'];

/** Latest modification time of the .ts files under dir. */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(path));
    else if (entry.name.endsWith('.ts')) t = Math.max(t, statSync(path).mtimeMs);
  }
  return t;
}

function builtAt() {
  try {
    return Math.min(statSync(join(ROOT, 'dist/bin/apmsim.js')).mtimeMs, statSync(join(ROOT, 'dist/api/index.d.ts')).mtimeMs);
  } catch {
    return -Infinity;
  }
}

const sources = Math.max(...SOURCES.map((d) => newest(join(ROOT, d))), ...CONFIG.map((f) => statSync(join(ROOT, f)).mtimeMs));
if (builtAt() < sources) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
