import { randomBytes } from 'node:crypto';

const IDS_PER_BATCH = 256;
const ID_BYTES = 16;
let batch = Buffer.alloc(0);
let offset = 0;

/**
 * A fresh 128-bit crypto-random owner id (base64url). Random bytes are drawn in batches: one
 * randomBytes call per id costs as much as the rest of an uncontended acquire's client work.
 */
export function randomOwnerId(): string {
  if (offset + ID_BYTES > batch.length) {
    batch = randomBytes(ID_BYTES * IDS_PER_BATCH);
    offset = 0;
  }
  const id = batch.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
