/** An invariant audit's result and its terminal rendering. */
export type { AuditCheck, AuditCounts, AuditReport } from './audit/audit-report.js';
export { formatAuditReport } from './audit/audit-report.js';
export { auditReportSchema } from './audit/audit-report-schema.js';
export type { AuditRouteOptions } from './audit/mount-audit-route.js';
export { mountAuditRoute } from './audit/mount-audit-route.js';
export type { AuditCliIo, AuditCliOptions } from './audit/run-audit-cli.js';
export { auditCouldNotRunExitCode, runAuditCli } from './audit/run-audit-cli.js';
export type { SqlInvariant } from './audit/run-sql-invariants.js';
export { runSqlInvariants } from './audit/run-sql-invariants.js';
/** Customer and partner bearer tokens: verification, ownership, the development issuer. */
export type { AuthConfig } from './auth/auth-config.js';
export { authKeySet, authServiceConfig, tokenAlgorithms } from './auth/auth-config.js';
export { authInvalid, authRequired, forbidden } from './auth/auth-errors.js';
export {
  authenticate,
  callerOf,
  requireOwner,
  setTokenVerifier,
} from './auth/authenticate.js';
export { bearerTokenOf } from './auth/bearer-token.js';
export type { Caller, CallerRole } from './auth/caller.js';
export { callerRoles } from './auth/caller.js';
export {
  defaultAudience,
  developmentIssuer,
  developmentKeySet,
  developmentSigningKey,
  isDevelopmentKey,
} from './auth/development-keys.js';
export { mountDevelopmentTokenRoute } from './auth/development-token-route.js';
export { publicKeySet, publicKeySetJson } from './auth/key-set.js';
export type { DevelopmentTokenRequest } from './auth/mint-development-token.js';
export { mintDevelopmentToken } from './auth/mint-development-token.js';
export type { TokenVerifierOptions } from './auth/token-verifier.js';
export { TokenVerifier } from './auth/token-verifier.js';
export type { LogLevel } from './config/base-service-config.js';
export {
  baseServiceConfig,
  developmentAdminToken,
  developmentOnlyDefaults,
  logLevels,
} from './config/base-service-config.js';
export { developmentRedisNodes } from './config/development-redis.js';
export { envBoolean, envInteger, envList, envRatio, envUrl } from './config/env-schemas.js';
export { eventServiceConfig } from './config/event-service-config.js';
export type { ExitIo } from './config/exit-on-config-error.js';
export { configErrorExitCode, exitOnConfigError } from './config/exit-on-config-error.js';
export {
  developmentKafkaPassword,
  kafkaLoginConfig,
  kafkaSaslMechanisms,
  kafkaSaslOf,
} from './config/kafka-login-config.js';
export { loadConfig } from './config/load-config.js';
export type { HoldSweepOptions } from './coordination/add-hold-sweep.js';
export { addHoldSweep } from './coordination/add-hold-sweep.js';
export { addLockRunner } from './coordination/add-lock-runner.js';
export { CasRowGuard } from './coordination/cas-row-guard.js';
export type { RowGuardWiring } from './coordination/create-row-guard.js';
export { createRowGuard } from './coordination/create-row-guard.js';
export type { ElectedLoopOptions, ElectedLoopStats } from './coordination/elected-loop.js';
export { ElectedLoop } from './coordination/elected-loop.js';
export type { GuardConfig } from './coordination/guard-settings.js';
export { guardSettings, guardStrategies } from './coordination/guard-settings.js';
export type { LockBackendOptions } from './coordination/lock-backend-component.js';
export { LockBackendComponent } from './coordination/lock-backend-component.js';
export type { HeldLocks, LockRunnerOptions, LockRunOptions } from './coordination/lock-runner.js';
export { LockRunner } from './coordination/lock-runner.js';
export { LockedRowGuard } from './coordination/locked-row-guard.js';
export type { FencedRow, GuardedRows, GuardedWork, RowGuard } from './coordination/row-guard.js';
export { fenceRejected, fenceRejectedCode } from './coordination/row-guard.js';
export { sweepEach } from './coordination/sweep-each.js';
export type { DatabaseOptions } from './db/database.js';
export { createDatabase, Database } from './db/database.js';
export { ensureDatabaseExists } from './db/ensure-database-exists.js';
export type { MigrationOptions } from './db/run-migrations.js';
export { outboxMigrationsTable, runMigrations } from './db/run-migrations.js';
export type { Sql } from './db/sql.js';
export type { IsolationLevel } from './db/with-transaction.js';
export { withTransaction } from './db/with-transaction.js';
export * from './errors/index.js';
export { adminTokenHeader, isAdminToken, requireAdmin } from './http/admin-token.js';
export type { HttpAppOptions, MetricsHandler } from './http/create-http-app.js';
export { createHttpApp } from './http/create-http-app.js';
export type {
  EarlyAnswerOptions,
  EarlyAnswerRoute,
  EarlyErrorAnswer,
} from './http/early-answers.js';
export { withEarlyAnswers } from './http/early-answers.js';
export type { ErrorBody } from './http/error-middleware.js';
export { errorMiddleware, notFoundHandler } from './http/error-middleware.js';
export type { HttpServerOptions } from './http/http-server-component.js';
export {
  defaultKeepAliveTimeoutMs,
  HttpServerComponent,
  httpServerComponent,
} from './http/http-server-component.js';
export type { IdentifierOptions, TextOptions } from './http/safe-strings.js';
export { identifier, text, unsafeStringProblems } from './http/safe-strings.js';
export type { ErrorTranslation } from './http/translate-errors.js';
export { translateErrors } from './http/translate-errors.js';
export type { RequestSchemas, ValidatedHandler, ValidatedInput } from './http/validate.js';
export { validate, validateBody } from './http/validate.js';
export type { Component, StopContext } from './lifecycle/component.js';
export {
  createServiceRuntime,
  type ServiceRuntimeConfig,
  type ServiceStartOptions,
} from './lifecycle/create-service-runtime.js';
export type {
  EventServiceBase,
  EventServiceBaseOptions,
  EventServiceConfig,
} from './lifecycle/event-service-base.js';
export { createEventServiceBase } from './lifecycle/event-service-base.js';
export type {
  CheckResult,
  ReadinessPhase,
  ReadinessProbe,
  ReadinessReport,
} from './lifecycle/readiness.js';
export { Readiness } from './lifecycle/readiness.js';
export { runServiceMain, type ServiceMainDeps } from './lifecycle/run-service-main.js';
export type { ServiceRuntimeOptions, ShutdownReport } from './lifecycle/service-runtime.js';
export { ServiceRuntime } from './lifecycle/service-runtime.js';
export type { ProcessLike, SignalHandlerOptions } from './lifecycle/signal-handlers.js';
export type {
  EventServiceDefinition,
  EventServiceOptions,
  RunningService,
  StartEventService,
} from './lifecycle/start-event-service.js';
export { defineEventService, startEventService } from './lifecycle/start-event-service.js';
export type { Logger, LoggerOptions } from './logging/create-logger.js';
export { createLogger, traceFields } from './logging/create-logger.js';
export { defineRoute, mountRoute } from './openapi/define-route.js';
export { errorResponseSchema } from './openapi/error-response-schema.js';
export type { OpenApiInfo } from './openapi/openapi-registry.js';
export { OpenApiRegistry } from './openapi/openapi-registry.js';
export type { HttpMethod, RouteDefinition, RouteResponse } from './openapi/route-definition.js';
export { unboundedRequestStrings } from './openapi/unbounded-request-strings.js';
/** OpenTelemetry started from the base config's telemetry keys. */
export type { TelemetryConfig } from './telemetry/start-service-telemetry.js';
export { startServiceTelemetry } from './telemetry/start-service-telemetry.js';
