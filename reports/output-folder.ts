// Where a command's output files go, checked before the work starts (so a wrong --out fails in a
// second, not after an hour of simulation), cleaned of what a killed earlier command left behind,
// and filled as a set: a run's files are written beside the folder's content in a staging folder,
// then the earlier run's set is removed and the new one moved in, results.json last. A folder never
// holds files of two runs, and a folder holding results.json holds the whole set.

import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApmsimError, fileErrorReason, type ExitName } from '../sim/errors.js';

/** An output path that cannot be written, found before the work starts. */
export class OutputError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}

/** An output file that could not be written after the work was done (and printed). */
export class OutputFailed extends ApmsimError {
  static override readonly exit: ExitName = 'output-failed';
}

/** Temporary files of writeFileAtomic (`.NAME.PID.tmp`) and staging folders (`.apmsim-staging-PID`). */
const LEFTOVER = /^\.(?:.+\.(\d+)\.tmp|apmsim-(?:staging|probe)-(\d+))$/;

/**
 * Makes sure `dir` is a folder apmsim can write in (creating it), and removes what killed earlier
 * commands left there. `flag` names the option for messages (`--out`).
 */
export function prepareOutputFolder(dir: string, flag = '--out'): void {
  const existing = statOrUndefined(dir, flag);
  if (existing !== undefined && !existing.isDirectory()) throw new OutputError(`${flag} ${dir}: expected a folder, found a file`);
  try {
    makeFolder(dir);
  } catch (e) {
    throw new OutputError(`${flag} ${dir}: cannot create the folder: ${fileErrorReason(e)}`);
  }
  const probe = join(dir, `.apmsim-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (e) {
    throw new OutputError(`${flag} ${dir}: cannot write in the folder: ${fileErrorReason(e)}`);
  }
  removeLeftovers(dir);
}

/**
 * Creates `dir` and its missing parents one at a time: Node's recursive mkdir loops forever where
 * the kernel refuses a folder with ENOENT under an existing one (/proc/self/x).
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); statOrUndefined(d) === undefined; d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

/** Makes sure `file` can be written: its folder exists (created) and is writable, and it is not a folder. */
export function prepareOutputFile(file: string, flag = '--out'): void {
  const existing = statOrUndefined(file, flag);
  if (existing?.isDirectory() === true) throw new OutputError(`${flag} ${file}: expected a file, found a folder`);
  prepareOutputFolder(dirname(file), `${flag} ${file}: its folder`);
}

function statOrUndefined(path: string, flag = ''): ReturnType<typeof statSync> | undefined {
  const named = flag === '' ? path : `${flag} ${path}`;
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new OutputError(`${named}: a part of the path is a file, not a folder`);
    throw new OutputError(`${named}: cannot be examined: ${fileErrorReason(e)}`);
  }
}

/** Temporary files and staging folders whose process is gone (killed mid-write). */
function removeLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = LEFTOVER.exec(name);
    if (m === null) continue;
    const pid = Number(m[1] ?? m[2]);
    if (pid !== process.pid && alive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A set of files replacing another in `dir`: `write` stages each file, `commit` removes every file
 * of `members` (the names a set may have) that an earlier set left, and moves the staged ones in,
 * `last` last. Errors name the file and end the command with `output-failed`.
 */
export class OutputSet {
  private readonly staging: string;
  private readonly staged: string[] = [];

  constructor(readonly dir: string, private readonly members: readonly string[], private readonly last: string) {
    this.staging = join(dir, `.apmsim-staging-${process.pid}`);
  }

  write(name: string, data: string | Uint8Array): void {
    try {
      if (this.staged.length === 0) makeFolder(this.staging);
      const fd = openSync(join(this.staging, name), 'w');
      try {
        writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      this.abandon();
      throw new OutputFailed(`could not write ${join(this.dir, name)}: ${fileErrorReason(e)}; the results were printed above but the folder was left as it was`);
    }
    this.staged.push(name);
  }

  /** The files of the set, in the order they were written. */
  commit(): string[] {
    const order = [...this.staged.filter((f) => f !== this.last), ...this.staged.filter((f) => f === this.last)];
    let current = this.last;
    try {
      for (const f of this.members) rmSync(join(this.dir, current = f), { force: true });
      for (const f of order) renameSync(join(this.staging, f), join(this.dir, current = f));
      rmSync(this.staging, { recursive: true, force: true });
    } catch (e) {
      this.abandon();
      throw new OutputFailed(`could not write ${join(this.dir, current)}: ${fileErrorReason(e)}; the results were printed above`);
    }
    return this.staged;
  }

  private abandon(): void {
    try { rmSync(this.staging, { recursive: true, force: true }); } catch { /* a leftover the next command removes */ }
  }
}
