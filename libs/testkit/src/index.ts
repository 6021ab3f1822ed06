/** A check that an admin route refuses callers without the admin token. */
export type { AdminRequest } from './admin-only-check.js';
export { expectAdminOnly } from './admin-only-check.js';
/** A JSON HTTP call with a customer's or partner's bearer token. */
export { bearerCall } from './bearer-call.js';
/** Dead letters one consumer group wrote on a dead-letter topic. */
export { DeadLetterWatch } from './dead-letter-watch.js';
/** Control characters and over-long values every string field must refuse. */
export type { HostileString } from './hostile-strings.js';
export { forEachHostile, hostilePathSegments, hostileStrings } from './hostile-strings.js';
/** A JSON HTTP call to a replica, and the stable code and named fields of an error response. */
export type { ApiResponse, ErrorBody } from './http-call.js';
export { adminCall, call, errorCode, errorFields, testAdminToken } from './http-call.js';
/** A signing key of a test's own identity provider. */
export type { IdentityProviderKey } from './identity-provider-key.js';
export { identityProviderKey } from './identity-provider-key.js';
/** The outbox rows of one event type. */
export { outboxCount } from './outbox-count.js';
/** A check that a customer's or partner's route answers its owner only. */
export type { MintToken, OwnerOnlyOptions, OwnerRequest } from './owner-only-check.js';
export { expectOwnerOnly } from './owner-only-check.js';
/** Payment results that differ from the recorded charge in one field, checked dead-lettered. */
export type {
  ChargeMismatch,
  MismatchCheckOptions,
  SagaCharge,
} from './payment-mismatch-check.js';
export { chargeMismatches, expectMismatchesDeadLettered } from './payment-mismatch-check.js';
/** Payment results played as the payment service would send them. */
export type { PaymentReferenceKind, PaymentResults } from './payment-results.js';
export { paymentResultsFor, publishResults } from './payment-results.js';
/** A committed position on every partition for a new consumer group. */
export type { PrimerOptions } from './prime-consumer-group.js';
export { primeConsumerGroup } from './prime-consumer-group.js';
/** A check that a request is refused with its status and code and writes nothing. */
export type { RefusalCheck } from './refusal-check.js';
export { refusalCheck } from './refusal-check.js';
/** The row count of every table, to prove a refused request wrote nothing. */
export { rowCounts } from './row-counts.js';
/** A database of a test suite's own on the local stack's Postgres. */
export type { TestDatabase, TestServer } from './test-database.js';
export { createTestDatabase } from './test-database.js';
/** N replicas of a service on a database of their own, in one consumer group. */
export type { ReplicaSlot, TestDeployment, TestDeploymentOptions } from './test-deployment.js';
export { startTestDeployment } from './test-deployment.js';
/** A quiet kafkajs client for the shared local broker. */
export { testKafka } from './test-kafka.js';
/** What is published to a topic, recorded through a consumer group of its own. */
export type { TopicRecorderOptions } from './topic-recorder.js';
export { TopicRecorder } from './topic-recorder.js';
/** A tsx child process driven through stdin and the JSON lines it prints. */
export type { TsxChild, TsxChildOptions } from './tsx-child.js';
export { startTsxChild } from './tsx-child.js';
/** The codes of a service's error table its README does not name. */
export type { DocumentedTable } from './undocumented-codes.js';
export { undocumentedCodes } from './undocumented-codes.js';
/** A name unique to this test run. */
export { uniqueName } from './unique-name.js';
/** Polling until a condition holds. */
export type { WaitOptions } from './wait-for.js';
export { waitFor } from './wait-for.js';
