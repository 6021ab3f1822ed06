/**
 * The alert rules of infra/observability/alerts, as both stacks' Prometheus loads them: each
 * file passes `promtool check rules`, the unit tests in alerts/tests pass `promtool test
 * rules`, every rule has a case there that fires and one that stays quiet, and every rule
 * carries what an on-call engineer needs (a severity, a summary and description, a runbook
 * section that exists in docs/observability.md). promtool ships with Debian's prometheus
 * package, which `npm run infra:install` installs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const alertsDir = join(repoRoot, 'infra', 'observability', 'alerts');
const testsDir = join(alertsDir, 'tests');
const runbookDoc = 'docs/observability.md';

const ruleFiles = filesEndingWith(alertsDir, '.rules.yml');
const testFiles = filesEndingWith(testsDir, '.test.yml');

function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}

/** Runs promtool; the result carries everything it printed, for a failure to show. */
function promtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: alertsDir, encoding: 'utf8' });
  if (result.error !== undefined) {
    return {
      status: null,
      output: `promtool could not run (${result.error.message}); npm run infra:install installs it`,
    };
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function alertRules(): AlertRule[] {
  return ruleFiles.flatMap((file) => {
    const { groups } = parse(readFileSync(file, 'utf8')) as { groups: Array<{ rules: unknown[] }> };
    return groups.flatMap((group) => group.rules as AlertRule[]).filter((rule) => rule.alert);
  });
}

interface AlertCase {
  alertname: string;
  exp_alerts?: unknown[];
}

/** Per alert name, how many evaluations expect it firing and how many expect it quiet. */
function testedOutcomes(): Map<string, { fires: number; quiet: number }> {
  const outcomes = new Map<string, { fires: number; quiet: number }>();
  for (const file of testFiles) {
    const { tests } = parse(readFileSync(file, 'utf8')) as {
      tests: Array<{ alert_rule_test?: AlertCase[] }>;
    };
    for (const evaluation of tests.flatMap((test) => test.alert_rule_test ?? [])) {
      const counts = outcomes.get(evaluation.alertname) ?? { fires: 0, quiet: 0 };
      if ((evaluation.exp_alerts ?? []).length > 0) counts.fires += 1;
      else counts.quiet += 1;
      outcomes.set(evaluation.alertname, counts);
    }
  }
  return outcomes;
}

describe('alert rules: infra/observability/alerts', () => {
  it('there are rule files and unit-test files to check', () => {
    expect(ruleFiles.map((file) => relative(alertsDir, file))).toEqual([
      'locks.rules.yml',
      'sagas.rules.yml',
    ]);
    expect(testFiles.length).toBeGreaterThan(0);
  });

  it('every rule file passes promtool check rules', () => {
    const { status, output } = promtool(['check', 'rules', ...ruleFiles]);
    expect(status, output).toBe(0);
  });

  it('the unit tests in alerts/tests pass promtool test rules', () => {
    const { status, output } = promtool(['test', 'rules', ...testFiles]);
    expect(status, output).toBe(0);
  });

  it('every rule has a tested case that fires and one that stays quiet', () => {
    const outcomes = testedOutcomes();
    const untested = alertRules()
      .map((rule) => ({
        alert: rule.alert,
        ...(outcomes.get(rule.alert) ?? { fires: 0, quiet: 0 }),
      }))
      .filter(({ fires, quiet }) => fires === 0 || quiet === 0);
    expect(untested, 'rules without a firing and a quiet case').toEqual([]);
    const known = new Set(alertRules().map((rule) => rule.alert));
    expect(
      [...outcomes.keys()].filter((name) => !known.has(name)),
      'tests of no rule',
    ).toEqual([]);
  });

  it('every rule has a severity, a summary, a description and a runbook section that exists', () => {
    const doc = readFileSync(join(repoRoot, runbookDoc), 'utf8');
    const headings = new Set([...doc.matchAll(/^### (\S+)\s*$/gm)].map((match) => match[1]));
    for (const rule of alertRules()) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toMatch(/\{\{ \$labels\.service \}\}/);
      expect(rule.annotations?.description, rule.alert).toMatch(/\{\{ \$labels\.service \}\}/);
      expect(rule.annotations?.runbook_url, rule.alert).toBe(
        `${runbookDoc}#${rule.alert.toLowerCase()}`,
      );
      expect(headings.has(rule.alert), `${runbookDoc} has no "### ${rule.alert}"`).toBe(true);
    }
  });
});
