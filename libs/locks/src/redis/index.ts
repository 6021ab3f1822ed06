export type { RedisLockOptions } from './redis-lock.js';
export { RedisLock } from './redis-lock.js';
export type { RedisLockTuning } from './redis-lock-tuning.js';
export type { RedlockOptions } from './redlock.js';
export { RedlockLock } from './redlock.js';
export type { RedisLockKeys } from './scripts.js';
export { DEFAULT_KEY_PREFIX, redisLockKeys } from './scripts.js';
