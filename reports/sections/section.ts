// The content model of a report: sections made of plain-text blocks, tables and figures. Sections
// hold text and specs only, never markup; html.ts escapes every string when it writes the page.

import type { TopLevelSpec } from 'vega-lite';
import type { WhatIfPanel } from '../whatif/html.js';

export interface Column {
  readonly label: string;
  /** Right-aligned, tabular figures. */
  readonly numeric: boolean;
}

export interface TableData {
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
}

export interface FigureDraft {
  readonly id: string;
  readonly title: string;
  /** The takeaway and how the chart was made, in a sentence or two. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
  readonly table: TableData;
  /** Put the table below the chart (wide charts, wide tables); by default it goes beside a narrow one. */
  readonly tableBelow?: boolean;
}

export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'facts'; readonly facts: readonly (readonly [string, string])[] }
  | { readonly kind: 'verdict'; readonly level: 'ok' | 'warn' | 'fail'; readonly headline: string; readonly details: readonly string[] }
  | { readonly kind: 'table'; readonly table: TableData }
  | { readonly kind: 'figure'; readonly figure: FigureDraft }
  /** The interactive what-if panel: the one block a page's script acts on (reports/whatif). */
  | { readonly kind: 'whatif'; readonly whatif: WhatIfPanel };

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export const col = (label: string, numeric = false): Column => ({ label, numeric });
