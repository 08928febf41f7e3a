// The external plan proposer (`apmsim run --proposer "<cmd>"`): a shell command that reads the
// situation (JSON) on its stdin and prints candidate plans (JSON) on its stdout. It runs between
// simulation segments only; whatever goes wrong (no such command, a failure, a timeout, output
// that is not JSON or too large) becomes a message, and the built-in plans go on without it.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Proposer, ProposerReply } from '../models/coordination/proposals.js';

/** Most bytes read from a proposer's stdout; beyond it the process is killed and its answer dropped. */
export const PROPOSER_OUTPUT_LIMIT = 1 << 20;
/** Bytes of stderr kept to quote in messages. */
const STDERR_KEPT = 16 << 10;
/** After killing a process group, how long to wait for its pipes to close before answering anyway. */
const KILL_GRACE_MS = 2000;
const CONTINUING = 'continuing with the built-in plans';
/** Longest delay setTimeout honours (longer ones fire at once): beyond it, no timeout. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Proposer processes still running. In a session of their own they get no Ctrl-C from the
 * terminal, so they are killed when apmsim exits (interrupted, or a budget ran out mid-call).
 */
const live = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
  live.add(child);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => { for (const c of live) killGroup(c); });
}

/**
 * A proposer running `command` through the shell for each situation, in its own process group:
 * the situation on stdin, JSON expected on stdout with exit code 0 within `timeoutMs`. A late or
 * runaway process is killed with its whole group (children included). `timeoutMs` above 0
 * (Infinity, or beyond ~24.8 days: no timeout; anything else throws a RangeError here, never later).
 * Messages name the command and end with what happens next; they hold nothing that varies
 * between identical runs (no pids, no elapsed times) beyond what the process itself printed.
 */
export function createCommandProposer(command: string, timeoutMs: number): Proposer {
  if (!(timeoutMs > 0)) throw new RangeError(`a proposer's timeout must be above 0 ms (got ${timeoutMs})`);
  const name = `proposer '${command}'`;
  const fail = (what: string): ProposerReply => ({ ok: false, message: `${name} ${what}; ${CONTINUING}` });
  return (situation) => new Promise<ProposerReply>((resolve) => {
    let settled = false;
    let reply: ProposerReply | undefined;
    let exited = false;
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: Buffer[] = [];
    let errBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;

    const finish = (r: ProposerReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve(r);
    };

    let child: ChildProcess;
    try {
      // detached: a process group of its own, so a kill reaches the shell's children too.
      child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      finish(fail(`could not be started: ${(e as Error).message}`));
      return;
    }
    track(child);

    /** Kills the process group (the shell and whatever it started), then answers `r` once the pipes close. */
    const kill = (r: ProposerReply): void => {
      if (reply !== undefined) return;
      reply = r;
      clearTimeout(timer);
      killGroup(child);
      grace = setTimeout(() => {
        // Something outside the group still holds the pipes: stop listening, and let it be.
        child.stdout?.destroy();
        child.stderr?.destroy();
        child.unref();
        live.delete(child);
        finish(r);
      }, KILL_GRACE_MS);
    };

    if (timeoutMs <= MAX_TIMER_MS) timer = setTimeout(() => {
      kill(fail(exited
        ? `exited but kept its output open past ${timeoutMs} ms (a background process holding it?)`
        : `did not answer within ${timeoutMs} ms`));
    }, timeoutMs);

    child.on('error', (e: NodeJS.ErrnoException) => {
      // Spawning failed (no shell, no resources), or a write or a kill did.
      if (reply === undefined && child.pid === undefined) finish(fail(`could not be started: ${e.message}`));
    });
    child.on('exit', () => { exited = true; });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (reply !== undefined) return;
      outBytes += chunk.length;
      if (outBytes > PROPOSER_OUTPUT_LIMIT) { kill(fail(`printed more than ${PROPOSER_OUTPUT_LIMIT} bytes (the limit); it was stopped`)); return; }
      out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (errBytes < STDERR_KEPT) { err.push(chunk); errBytes += chunk.length; }
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      live.delete(child);
      if (reply !== undefined) { finish(reply); return; }
      const stderr = firstLines(Buffer.concat(err).toString('utf8'));
      const said = stderr === '' ? '' : `: ${stderr}`;
      if (code === 127) { finish(fail(`could not be started: the shell found no such command (exit code 127)${said}`)); return; }
      if (code === 126) { finish(fail(`could not be started: the shell could not execute it (exit code 126)${said}`)); return; }
      if (code !== 0) { finish(fail(code === null ? `was killed by ${signal ?? 'a signal'}${said}` : `failed with exit code ${code}${said}`)); return; }
      const text = Buffer.concat(out).toString('utf8');
      if (text.trim() === '') { finish(fail(`printed nothing; expected JSON on its output${said}`)); return; }
      let output: unknown;
      try {
        output = JSON.parse(text);
      } catch {
        finish(fail(`did not print JSON; it printed ${JSON.stringify(excerpt(text))}`));
        return;
      }
      finish({ ok: true, output });
    });

    // A process that exits without reading its input breaks the pipe: not an error of ours.
    child.stdin!.on('error', () => {});
    child.stdin!.end(situation);
  });
}

/** SIGKILL to the child's process group (POSIX), or to the child alone where groups do not exist. */
function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone (ESRCH): nothing to kill.
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  }
}

/** The first lines of a stream's text, for a one-line message: at most 3 lines and 300 characters. */
function firstLines(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const kept = lines.slice(0, 3).join(' | ');
  const more = lines.length > 3 || kept.length > 300;
  return more ? `${kept.slice(0, 300)}…` : kept;
}

/** The first 80 characters of some output, with an ellipsis when there is more. */
function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 80 ? `${t.slice(0, 80)}…` : t;
}
