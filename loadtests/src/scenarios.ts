import { join } from 'node:path';
import { loadtestsRoot } from './paths.js';

/** The k6 scenarios under loadtests/scenarios/. */
export const scenarioNames = ['flash-sale', 'tatkal', 'peak-hour'] as const;

/** One of {@link scenarioNames}. */
export type ScenarioName = (typeof scenarioNames)[number];

/** Whether `name` is a scenario. */
export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as readonly string[]).includes(name);
}

/** The k6 script of a scenario. */
export function scenarioScript(name: ScenarioName): string {
  return join(loadtestsRoot, 'scenarios', `${name}.js`);
}
