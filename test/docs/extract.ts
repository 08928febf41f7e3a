// The documented apmsim commands: each in a fenced block of README.md and docs/*.md (typed at a
// prompt, after `&&`, at the end of a pipeline, in a CI step's `run:` or a YAML folded scalar), and
// each `--help` example (`.example('$0 …')` in cli/). test/docs/examples.test.ts runs them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Example {
  /** Where it is written: `README.md:12`, `docs/ci.md:141`, `apmsim run --help`. */
  readonly where: string;
  /** The command as a reader types it (`npx ` removed, continuation lines joined, comment dropped). */
  readonly command: string;
}

// ---------------------------------------------------------------------------------- extraction

/** A shell line without its trailing comment (a `#` after a space, outside quotes). */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== '') { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** The apmsim commands in the fenced blocks of a markdown file. */
export function markdownExamples(file: string, text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) { fenced = !fenced; continue; }
    if (!fenced) continue;
    const start = i;
    let line = lines[i]!;
    while (/\\\s*$/.test(withoutComment(line)) && i + 1 < lines.length) line = `${withoutComment(line).replace(/\\\s*$/, '')} ${lines[++i]!.trim()}`;
    // A YAML folded scalar (`- >-`): its lines at the same indentation are one line.
    if (/>-?\s*$/.test(lines[start - 1] ?? '')) {
      const indent = /^\s*/.exec(line)![0].length;
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== '' && /^\s*/.exec(lines[i + 1]!)![0].length === indent) line = `${line} ${lines[++i]!.trim()}`;
    }
    for (const part of withoutComment(line).split(/\s&&\s/)) {
      // apmsim typed at the prompt, or at the end of a pipeline (`cat x.yaml | apmsim validate -`).
      const m = /^\s*(?:\$\s+|-\s+run:\s+)?((?:[^|]*\|\s*)?)(?:npx\s+)?(apmsim(?:\s.*)?)$/.exec(part);
      if (m !== null) out.push({ where: `${file}:${start + 1}`, command: `${m[1]!}${m[2]!}`.trim().replace(/\s+/g, ' ') });
    }
  }
  return out;
}

/** The `.example('$0 …', …)` commands of the CLI's sources, as `apmsim …`. */
export function helpExamples(): Example[] {
  const out: Example[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\.example\(\s*(['"])\$0 (.*?)\1\s*,/g)) {
          out.push({ where: `${path.slice(ROOT.length)} (--help)`, command: `apmsim ${m[2]!.replace(/\$0/g, 'apmsim')}` });
        }
      }
    }
  };
  walk(join(ROOT, 'cli'));
  return out;
}

export function allExamples(): Example[] {
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
  return [...docs.flatMap((f) => markdownExamples(f, readFileSync(join(ROOT, f), 'utf8'))), ...helpExamples()];
}

