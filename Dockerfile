# One image for every app; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
COPY test ./test
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/tools/runtime ./tools/runtime
COPY --from=build /app/apps/admin-dashboard/public ./apps/admin-dashboard/public
COPY package.json ./
USER node
# Liveness of the app the container runs: the API's /health/live by default; docker-compose.yml
# points each worker at its METRICS_PORT and the sandbox at its own page. (Kubernetes ignores
# HEALTHCHECK: deploy/k8s declares liveness and readiness probes instead.)
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "tools/runtime/healthcheck.js"]
