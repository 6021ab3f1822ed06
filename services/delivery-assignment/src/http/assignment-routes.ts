import {
  type Caller,
  callerOf,
  mountRoute,
  type OpenApiRegistry,
  requireOwner,
} from '@lockstep/service-kit';
import type { Router } from 'express';
import type { StoredAssignment } from '../db/assignments.js';
import type { AssignmentEnding } from '../domain/assignment-status.js';
import { customerOf } from '../domain/order-to-deliver.js';
import { endDelivery } from '../use-cases/end-assignment.js';
import { readAssignment } from '../use-cases/read-assignment.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { AssignmentView, assignmentView, OrderParams } from './schemas.js';

const tags = ['assignments'];

const endings: Array<{
  ending: AssignmentEnding;
  verb: string;
  summary: string;
  description: string;
}> = [
  {
    ending: 'completed',
    verb: 'complete',
    summary: 'Mark an order delivered; frees a slot of its partner',
    description:
      "The partner's active count drops by one (CAS on its version) in the same transaction.",
  },
  {
    ending: 'released',
    verb: 'release',
    summary: 'Give an order back; it is pending again and goes to another partner',
    description:
      "The partner's slot is freed (CAS), the order is parked for the retry loop with this partner excluded, and delivery.unassigned is emitted.",
  },
];

/** Who may read an assignment: the partner carrying the order, or the customer who ordered it. */
function requireReader(caller: Caller, assignment: StoredAssignment): void {
  const owner =
    caller.role === 'partner' ? assignment.partnerId : customerOf(assignment.orderPayload);
  requireOwner(caller, owner);
}

/** GET /assignments/:orderId, POST /assignments/:orderId/complete and /release. */
export function assignmentRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: ServiceDeps,
): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/assignments/:orderId',
      summary: "Read an order's assignment",
      description:
        'An order still waiting for a partner has no assignment yet (404). The partner carrying ' +
        'the order (partner token) or the customer who ordered it (customer token) only.',
      tags,
      roles: ['partner', 'customer'],
      params: OrderParams,
      responses: { 200: AssignmentView, 404: 'ASSIGNMENT_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const assignment = await readAssignment(deps, params.orderId);
      requireReader(callerOf(req), assignment);
      res.json(assignmentView(assignment));
    },
  );

  for (const { ending, verb, summary, description } of endings) {
    mountRoute(
      router,
      openapi,
      {
        method: 'post',
        path: `/assignments/:orderId/${verb}`,
        summary,
        description: `${description} The partner carrying the order only (its partner token).`,
        tags,
        roles: ['partner'],
        params: OrderParams,
        responses: {
          200: AssignmentView,
          404: 'ASSIGNMENT_NOT_FOUND',
          409: "ASSIGNMENT_NOT_ACTIVE: the assignment is not 'assigned' (already completed or released)",
          429: 'PARTNER_CONTENDED: every compare-and-swap on the partner lost; retry after Retry-After',
        },
      },
      async ({ params }, req, res) => {
        const partner = callerOf(req).subject;
        res.json(assignmentView(await endDelivery(deps, params.orderId, ending, partner)));
      },
    );
  }
}
