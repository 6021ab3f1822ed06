/**
 * The observability config both stacks share (infra/observability): docker-compose.yml mounts
 * jaeger.yaml and prometheus.yml, and the native stack's server scripts run the same files. These
 * checks hold each file against both stacks; they need no server. promtool (from Debian's
 * prometheus package, which infra:install installs) loads prometheus.yml the way Prometheus does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/fleet/replica-process.ts';
import { ScrapeTargets } from '../src/fleet/scrape-targets.ts';
import { portDefaults } from '../src/topology.ts';

const observability = join(repoRoot, 'infra', 'observability');
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true });
const jaegerService = compose.services.jaeger;
const prometheusService = compose.services.prometheus;
const jaegerYaml = readFileSync(join(observability, 'jaeger.yaml'), 'utf8');
const defaults = portDefaults();

/** `${env:NAME:-default}` uses in jaeger.yaml, by name. */
const jaegerEnvDefaults = new Map(
  [...jaegerYaml.matchAll(/\$\{env:([A-Z0-9_]+):-([^}]*)\}/g)].map(([, name = '', value = '']) => [
    name,
    value,
  ]),
);

/** Runs promtool check config; returns its status and output. */
function promtoolCheck(config: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'config', config], { encoding: 'utf8' });
  if (run.error) throw new Error(`promtool did not run (npm run infra:install): ${run.error}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'observability-config-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('observability config', () => {
  it('observability: compose runs the Jaeger v2 release of the v1 tag the native stack builds', () => {
    const goMod = readFileSync(
      join(repoRoot, 'infra', 'local', 'tools', 'jaeger', 'go.mod'),
      'utf8',
    );
    const tag = /github\.com\/jaegertracing\/jaeger v1\.(\d+)\.(\d+)/.exec(goMod);
    expect(tag, 'go.mod requires a v1 tag of github.com/jaegertracing/jaeger').not.toBeNull();
    // Jaeger releases v1.N.p together with v2.(N-63).p (v1.63.0 was v2.0.0; CHANGELOG.md).
    const v2 = `2.${Number(tag?.[1]) - 63}.${tag?.[2]}`;
    expect(jaegerService.image).toBe(`jaegertracing/jaeger:${v2}`);
  });

  it('observability: compose starts Jaeger with the shared jaeger.yaml', () => {
    const [flag, path] = jaegerService.command as string[];
    expect(flag).toBe('--config');
    expect(jaegerService.volumes).toContain(`./infra/observability/jaeger.yaml:${path}:ro`);
  });

  it("observability: jaeger.yaml's port defaults are ports.env's and the container ports compose publishes", () => {
    const portNames = [...jaegerEnvDefaults.keys()].filter((name) => name.endsWith('_PORT'));
    expect(portNames.length).toBeGreaterThanOrEqual(6);
    for (const name of portNames) {
      expect(jaegerEnvDefaults.get(name), `${name} in ports.env`).toBe(defaults[name]);
    }
    for (const published of jaegerService.ports as string[]) {
      const [, key = '', target = ''] = /^\$\{([A-Z0-9_]+):-\d+\}:(\d+)$/.exec(published) ?? [];
      expect(jaegerEnvDefaults.get(key), `jaeger.yaml listens on ${key}'s ${target}`).toBe(target);
    }
  });

  it('observability: compose mounts prometheus.yml with its alerts/ and targets/ beside it', () => {
    expect(prometheusService.volumes).toEqual(
      expect.arrayContaining([
        './infra/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './infra/observability/alerts:/etc/prometheus/alerts:ro',
        './infra/observability/targets-compose:/etc/prometheus/targets:ro',
      ]),
    );
    const config = parse(readFileSync(join(observability, 'prometheus.yml'), 'utf8'));
    expect(config.rule_files).toEqual(['alerts/*.rules.yml']);
    const lockstep = config.scrape_configs.find((job: { job_name: string }) => {
      return job.job_name === 'lockstep';
    });
    expect(lockstep.file_sd_configs[0].files).toEqual(['targets/*.json']);
  });

  it('observability: promtool accepts prometheus.yml as compose lays it out, with no alert rules', () => {
    const etc = join(scratch, 'etc-prometheus');
    mkdirSync(join(etc, 'alerts'), { recursive: true });
    cpSync(join(observability, 'prometheus.yml'), join(etc, 'prometheus.yml'));
    cpSync(join(observability, 'targets-compose'), join(etc, 'targets'), { recursive: true });
    const { status, output } = promtoolCheck(join(etc, 'prometheus.yml'));
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
    expect(output).not.toContain('WARNING');
  });

  it("observability: the native layout passes promtool, reads the fleet's files and scrapes ports.env's addresses", () => {
    const conf = join(scratch, 'conf');
    const targets = join(scratch, 'targets');
    execFileSync('bash', [
      '-c',
      'source "$1/infra/local/bin/lib.sh"; prometheus_configure "$2" "$3"',
      '_',
      repoRoot,
      conf,
      targets,
    ]);
    new ScrapeTargets(targets, '1_abcdef').publish('inventory', [
      { replica: 'inventory-a', address: '127.0.0.1:40001' },
    ]);
    const { status, output } = promtoolCheck(join(conf, 'prometheus.yml'));
    expect(status, output).toBe(0);
    expect(output).not.toContain('WARNING');
    const text = readFileSync(join(conf, 'prometheus.yml'), 'utf8');
    const host = defaults.LOCKSTEP_HOST;
    expect(text).toContain(`"${host}:${defaults.LOCKSTEP_PROMETHEUS_PORT}"`);
    expect(text).toContain(`"${host}:${defaults.LOCKSTEP_SPANMETRICS_PORT}"`);
    expect(text).not.toMatch(/"(localhost:9090|jaeger:8889)"/);
  });

  it('observability: promtool rejects a targets file that is not file_sd JSON', () => {
    const etc = join(scratch, 'etc-prometheus');
    mkdirSync(join(etc, 'targets'), { recursive: true });
    cpSync(join(observability, 'prometheus.yml'), join(etc, 'prometheus.yml'));
    writeFileSync(join(etc, 'targets', 'broken.json'), '{"targets": "inventory-1:8080"}\n');
    expect(promtoolCheck(join(etc, 'prometheus.yml')).status).not.toBe(0);
  });
});
