import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@lockstep/infra-local';
import { parse } from 'yaml';

/** The alert rules both stacks' Prometheus loads (`rule_files: alerts/*.rules.yml`). */
export const alertRulesDir = join(repoRoot, 'infra', 'observability', 'alerts');

/** Every alert's name and PromQL expression, from every `*.rules.yml` there. */
export function alertExpressions(
  dir: string = alertRulesDir,
): Array<{ alert: string; expr: string }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.rules.yml'))
    .sort()
    .flatMap((name) => {
      const { groups } = parse(readFileSync(join(dir, name), 'utf8')) as {
        groups: Array<{ rules: Array<{ alert?: string; expr: string }> }>;
      };
      return groups.flatMap((group) => group.rules);
    })
    .flatMap((rule) => (rule.alert === undefined ? [] : [{ alert: rule.alert, expr: rule.expr }]));
}
