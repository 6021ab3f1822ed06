import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { createShow, getSeatMap, getShow } from '../use-cases/manage-shows.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { createShowBody, seatMapView, showParams, showSummaryView, showView } from './schemas.js';
import { toSeatMapView, toShowSummaryView, toShowView } from './views.js';

/** POST /shows, GET /shows/:showId, GET /shows/:showId/seats. */
export function mountShowRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps) {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/shows',
      summary: 'Create a show with all its seats free',
      description:
        "Seats are A1 .. <row><seatsPerRow>, one row per letter. The programme is the operator's: an admin route.",
      tags: ['shows'],
      admin: true,
      body: createShowBody,
      responses: {
        201: showView,
        400: 'VALIDATION_FAILED: a field is missing, unknown or out of range',
        409: 'SHOW_EXISTS: a show with this id exists',
      },
    },
    async ({ body }, _req, res) => {
      const show = await createShow(deps, { ...body, startsAt: new Date(body.startsAt) });
      res.status(201).json(toShowView(show));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/shows/:showId',
      summary: 'Read a show and how many seats are free, held and booked',
      tags: ['shows'],
      params: showParams,
      responses: { 200: showSummaryView, 404: 'SHOW_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      const { show, seats } = await getShow(deps, params.showId);
      res.json(toShowSummaryView(show, seats));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/shows/:showId/seats',
      summary: 'The seat map: every seat with its status',
      tags: ['shows'],
      params: showParams,
      responses: { 200: seatMapView, 404: 'SHOW_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      res.json(toSeatMapView(params.showId, await getSeatMap(deps, params.showId)));
    },
  );
}
