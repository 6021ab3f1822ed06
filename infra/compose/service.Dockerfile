# One image per lockstep service, built from the whole monorepo (the service needs its
# workspace libraries built too). docker-compose.yml builds it once per service:
#
#   docker build -f infra/compose/service.Dockerfile --build-arg SERVICE=inventory -t lockstep/inventory .
#
# SERVICE is a folder under services/: inventory, payment, booking or delivery-assignment.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: install everything, compile the service and the libraries it uses --------------------
FROM ${NODE_IMAGE} AS build
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<folder under services/>"; exit 1; }
WORKDIR /repo
COPY . .
# npm install, not npm ci: npm 11 writes lockfiles without other platforms' optional packages
# (biome, turbo), and npm ci refuses such a lockfile; npm install keeps the pinned versions.
RUN npm install --no-audit --no-fund --loglevel=error
RUN npx turbo run build --filter="@lockstep/${SERVICE}..."
# Drop build tools and test dependencies from the tree the runtime stage copies.
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=error

# --- runtime: production dependencies, the libraries' dist and this one service ------------------
FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /repo
COPY --from=build /repo/package.json ./
COPY --from=build /repo/node_modules ./node_modules
# Whole library folders: each has its dist, package.json (exports) and possibly node_modules of
# its own. The service keeps src/ because migrations are read from src/db/migrations.
COPY --from=build /repo/libs ./libs
COPY --from=build /repo/services/${SERVICE} ./services/${SERVICE}
WORKDIR /repo/services/${SERVICE}
USER node
EXPOSE 8080
# What `npm start` runs, without npm in between (signals reach node directly). The telemetry
# loader hook must be imported before main.js; see libs/telemetry/README.md.
CMD ["node", "--import", "@lockstep/telemetry/register", "dist/main.js"]
