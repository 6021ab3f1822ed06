export { type CliArguments, parseCliArguments } from './cli-arguments.js';
export { ensureLocalStack } from './ensure-stack.js';
export { k6Binary } from './k6-binary.js';
export { meetsTarget, type SweepStep, sweepHeader, sweepRates, sweepRow } from './rate-sweep.js';
export { type LoadRunOptions, runLoad } from './run-load.js';
export type { Percentiles, RunResult } from './run-result.js';
export { runScenario, type ScenarioOptions, type ScenarioRun } from './run-scenario.js';
export { isScenarioName, type ScenarioName, scenarioNames, scenarioScript } from './scenarios.js';
