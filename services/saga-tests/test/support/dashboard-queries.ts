import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@lockstep/infra-local';

/** The provisioned Grafana dashboard of lock contention. */
export const lockDashboardPath = join(
  repoRoot,
  'infra',
  'compose',
  'grafana',
  'dashboards',
  'lock-contention.json',
);

/** Every PromQL expression in a dashboard (panel targets, template variables), in order. */
export function dashboardExpressions(path: string = lockDashboardPath): string[] {
  const expressions: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'expr' || key === 'query') && typeof value === 'string') {
          expressions.push(value);
        } else {
          visit(value);
        }
      }
    }
  };
  visit(JSON.parse(readFileSync(path, 'utf8')));
  return expressions;
}

/**
 * The metric names an expression selects. The dashboard writes every selector with braces
 * (`name{...}`), which is what this reads; a test checks each expression has at least one.
 */
export function selectedMetrics(expression: string): string[] {
  const withoutLabels = expression.replace(/\{[^}]*\}/g, '{}');
  return [...withoutLabels.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{\}/g)].map((m) => m[1] ?? '');
}
