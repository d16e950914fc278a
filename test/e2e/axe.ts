// axe-core (from npm) run inside a webview's frame, the way an accessibility audit of the real
// workbench does it: injected into the frame's page, with the WCAG 2.1 A/AA rules, the 2.5.3
// "label in name" rule (turned on by name), and the heading rules: the best-practice ones (order,
// one h1, none empty) and the experimental paragraph-as-heading check.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { screenshotDir } from './workbench';

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  rules: {
    'label-content-name-mismatch': { enabled: true },
    'heading-order': { enabled: true },
    'page-has-heading-one': { enabled: true },
    'empty-heading': { enabled: true },
    // WCAG 1.3.1, experimental in axe: a bold or large paragraph standing in for a heading.
    'p-as-heading': { enabled: true },
  },
  resultTypes: ['violations'],
};

export interface AxeViolation {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

/**
 * Runs axe in `frame` (the evaluation goes through the debugging protocol, so the webview's CSP
 * does not stop it) and returns the violations in a readable shape.
 */
export async function runAxe(frame: Frame): Promise<AxeViolation[]> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await frame.evaluate(axeSource);
  const results = await frame.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<unknown> } }).axe;
    return (await axe.run(document, options)) as unknown;
  }, AXE_OPTIONS as unknown as Record<string, unknown>);
  return (results as AxeResults).violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? '',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' >>> '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
  }));
}

/** Violating nodes, counted: the figure an audit reports per view and theme. */
export function violationCount(violations: readonly AxeViolation[]): number {
  return violations.reduce((sum, v) => sum + v.nodes.length, 0);
}

export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.rule} (${v.impact}, ${v.nodes.length}): ${v.help}\n${v.nodes.map((n) => `    ${n.target}: ${n.summary}`).join('\n')}`).join('\n');
}

/** Keeps each scan's result beside the screenshots, so a run leaves its counts per view and theme. */
export function recordScan(name: string, violations: readonly AxeViolation[]): void {
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(path.join(screenshotDir, `axe-${name}.json`), JSON.stringify(violations, null, 2));
  console.log(`      axe ${name}: ${violationCount(violations)} violating nodes in ${violations.length} rules${violations.length ? ` (${violations.map((v) => `${v.rule}×${v.nodes.length}`).join(', ')})` : ''}`);
}
