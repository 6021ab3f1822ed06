import type { Logger } from '@lockstep/service-kit';
import type pg from 'pg';
import type { DeliveryConfig } from '../config.js';
import type { CasSettings } from '../db/partner-cas.js';
import type { RetrySchedule } from '../domain/retry-schedule.js';
import type { DeliveryStats } from '../telemetry/delivery-stats.js';

/** The tunables of assignment, read from config once. */
export interface AssignmentSettings {
  /** Nearest free partners tried per order. */
  candidateLimit: number;
  /** Farthest a partner may be from the order, km. */
  serviceRadiusKm: number;
  /** Compare-and-swap retries on one partner. */
  cas: CasSettings;
  /** Backoff between retries of a pending order. */
  retry: RetrySchedule;
}

/** What the use cases need from the running service; built once in service.ts. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /** The assignment tunables, read from config once. */
  readonly settings: AssignmentSettings;
  /** The replica's live counters. */
  readonly stats: DeliveryStats;
  /** The service's root logger. */
  readonly logger: Logger;
  /** Asks the outbox relay to publish now; call it after a commit that enqueued events. */
  readonly wakeRelay: () => void;
}

/** The assignment settings of a config. */
export function assignmentSettingsOf(config: DeliveryConfig): AssignmentSettings {
  return {
    candidateLimit: config.CANDIDATE_LIMIT,
    serviceRadiusKm: config.SERVICE_RADIUS_KM,
    cas: {
      maxAttempts: config.CAS_MAX_ATTEMPTS,
      baseDelayMs: config.CAS_BASE_DELAY_MS,
      maxDelayMs: config.CAS_MAX_DELAY_MS,
    },
    retry: { baseDelayMs: config.RETRY_BASE_DELAY_MS, maxDelayMs: config.RETRY_MAX_DELAY_MS },
  };
}
