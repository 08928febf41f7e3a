// The comparison as JUnit XML (Ant flavour, read by GitLab, Jenkins and the GitHub test-report
// actions): one test case per gated metric and per SLO. A regression or violated SLO is a failure;
// an inconclusive gate is skipped, or a failure under --strict. No timestamps: same input, same file.

import { NO_VARIABILITY_CELL, sloLabel, VERDICT_WORDS, type CompareDocument, type GateRow, type SloRow } from '../models/compare/report.js';
import { changeDecimals, formatChange } from '../reports/format.js';
import { formatNumber } from './format-table.js';

/** Escapes text for XML attribute values and character data. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

const fmt = (x: number | null, scale: 'relative' | 'absolute', decimals = 2): string => (x === null ? 'n/a' : formatChange(x, scale, decimals));

function gateMessage(g: GateRow): string {
  const d = changeDecimals(g.interval);
  const tol = g.scale === 'relative' ? `${(100 * g.tolerance).toFixed(2)}%` : `${(100 * g.tolerance).toFixed(2)}pp`;
  return `${VERDICT_WORDS[g.verdict]}: change ${fmt(g.change, g.scale, d)}${g.interval === null ? '' : ` [${fmt(g.interval[0], g.scale, d)}, ${fmt(g.interval[1], g.scale, d)}]`}, tolerance ±${tol}, ${g.worse} is worse, n=${g.n}${g.note === null ? '' : `; ${g.note}`}`;
}

function sloMessage(s: SloRow): string {
  const v = (x: number | null) => (x === null ? 'n/a' : formatNumber(x));
  return `${VERDICT_WORDS[s.verdict]}: estimate ${v(s.estimate)} ${s.interval === null ? NO_VARIABILITY_CELL : `[${v(s.interval[0])}, ${v(s.interval[1])}]`} ${s.unit}, n=${s.n}`;
}

type Case = { name: string; classname: string; state: 'pass' | 'failure' | 'skipped'; type: string; message: string };

function outcomeOf(verdict: string, strict: boolean): Case['state'] {
  if (verdict === 'regressed' || verdict === 'violated') return 'failure';
  if (verdict === 'inconclusive') return strict ? 'failure' : 'skipped';
  return 'pass';
}

export function formatCompareJunit(d: CompareDocument, strict: boolean): string {
  const classname = `apmsim.compare.${d.candidate.scenario}`;
  const cases: Case[] = [
    ...d.gates.map((g): Case => ({ name: g.metric, classname, state: outcomeOf(g.verdict, strict), type: g.verdict, message: gateMessage(g) })),
    ...d.slos.map((s): Case => ({ name: `SLO ${sloLabel(s)}`, classname, state: outcomeOf(s.verdict, strict), type: s.verdict, message: sloMessage(s) })),
  ];
  const failures = cases.filter((c) => c.state === 'failure').length;
  const skipped = cases.filter((c) => c.state === 'skipped').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const props: [string, string][] = [
    ['baseline', d.baseline.file], ['candidate', d.candidate.file], ['outcome', d.outcome], ['pairing', d.pairing],
    ['replications', String(d.replications)], ['confidence', String(d.confidence)], ['apmsim', d.apmsim],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="apmsim compare" ${counts} time="0">`,
    `  <testsuite name="${xmlEscape(`apmsim compare: ${d.candidate.scenario}`)}" ${counts} time="0">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`),
    '    </properties>',
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="0"`;
    if (c.state === 'pass') {
      lines.push(`${open}>`, `      <system-out>${xmlEscape(c.message)}</system-out>`, '    </testcase>');
    } else if (c.state === 'skipped') {
      lines.push(`${open}>`, `      <skipped message="${xmlEscape(c.message)}"/>`, '    </testcase>');
    } else {
      lines.push(`${open}>`, `      <failure message="${xmlEscape(c.message)}" type="${xmlEscape(c.type)}">${xmlEscape(c.message)}</failure>`, '    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
