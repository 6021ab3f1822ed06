// Tatkal: the booking window opens at one instant and the whole crowd arrives at once, each
// buyer asking for 1 to 4 adjacent seats in the front rows, so seat sets overlap. Every
// booking holds all its seats under etcd locks taken in one canonical order, all or nothing;
// the audit then proves no seat was sold twice and no wallet went negative.
import { settleAndAudit } from '../lib/audit.js';
import { sendJson } from '../lib/http-json.js';
import { scenarioOptions } from '../lib/options.js';
import { classify, expectRefusals, reasonsOf } from '../lib/outcomes.js';
import { summaryWriter } from '../lib/report.js';
import { pickOne, seedShow, seedWallets } from '../lib/seed.js';
import { durationSeconds, envNumber, settings, vusFor } from '../lib/settings.js';

const rows = envNumber('ROWS', 10);
const seatsPerRow = envNumber('SEATS_PER_ROW', 20);
/** Buyers aim at the first HOT_ROWS rows, where everyone wants to sit. */
const hotRows = Math.min(rows, envNumber('HOT_ROWS', 4));
const priceCents = 800;
const walletCount = envNumber('WALLETS', 100);
/** What POST /bookings may refuse with, by status: seats gone, or their locks or admission busy. */
const bookingRefusals = { 409: ['SEATS_TAKEN'], 429: ['SEATS_BUSY', 'ADMISSION_FULL'] };
const refusals = reasonsOf(bookingRefusals);
const expectedStatuses = expectRefusals(bookingRefusals);

// Full rate from the first second (the window opens), then the crowd thins out over the
// second half as buyers find the hall sold out.
const total = durationSeconds(settings.duration);
const half = Math.max(1, Math.round(total / 2));

export const options = scenarioOptions(
  {
    rush: {
      executor: 'ramping-arrival-rate',
      startRate: settings.rate,
      timeUnit: '1s',
      stages: [
        { target: settings.rate, duration: `${half}s` },
        {
          target: Math.max(1, Math.ceil(settings.rate / 10)),
          duration: `${Math.max(1, total - half)}s`,
        },
      ],
      ...vusFor(settings.rate),
    },
  },
  refusals,
);

export function setup() {
  const tag = `${settings.runTag}-tk`;
  return {
    shows: [seedShow(tag, 0, rows, seatsPerRow, priceCents)],
    // Enough for every seat of the hall several times over.
    wallets: seedWallets(tag, walletCount, priceCents * rows * seatsPerRow),
  };
}

/** 1 to 4 adjacent seats in one of the hot rows, e.g. ["B7", "B8", "B9"]. */
function wantedSeats() {
  const count = 1 + Math.floor(Math.random() * Math.min(4, seatsPerRow));
  const row = String.fromCharCode(65 + Math.floor(Math.random() * hotRows));
  const first = 1 + Math.floor(Math.random() * (seatsPerRow - count + 1));
  return Array.from({ length: count }, (_, i) => `${row}${first + i}`);
}

export default function book(seeded) {
  const traveller = pickOne(seeded.wallets);
  const response = sendJson(
    'booking',
    'POST',
    '/bookings',
    'POST /bookings',
    { showId: seeded.shows[0], seats: wantedSeats(), walletId: traveller.walletId },
    { token: traveller.token },
  );
  classify('POST /bookings', response, bookingRefusals);
}

export function teardown(seeded) {
  settleAndAudit(seeded);
}

export const handleSummary = summaryWriter(refusals, expectedStatuses);
