# syntax=docker/dockerfile:1.7
# Hearth's API with the web app it serves and the mediasoup worker, for Debian 12 (bookworm).
# Build from the repository root:
#   docker build -f docker/api.Dockerfile -t hearth-api .
#
# The worker is built by the project's own helper (tools/mediasoup-worker/ensure-worker.mjs, run
# by `npm ci` as the root postinstall) against Debian's libraries, so the runtime stage must be
# the same Debian release and carry those libraries' runtime packages.

ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim
# The npm the lock file and package.json's `allowScripts` were written for (older npm 11 releases
# ignore allowScripts and would run mediasoup's own download-or-pip postinstall).
ARG NPM_VERSION=11.19.1

# ── build: dependencies, the mediasoup worker, the API and the web app ─────────────────────────
FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
ENV DEBIAN_FRONTEND=noninteractive
# What ensure-worker installs on Debian 12 when missing; here once, in a cached layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates g++ pkg-config patch libuv1-dev libssl-dev libsrtp2-dev libabsl-dev \
      python3 python3-venv dpkg-dev cmake \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g "npm@${NPM_VERSION}"
WORKDIR /src
# Always the source build with Debian's libraries, so the runtime packages below are the right ones.
ENV HEARTH_MEDIASOUP_NO_PREBUILT=1 \
    HEARTH_CACHE_DIR=/cache/hearth \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY package.json package-lock.json ./
COPY tools/mediasoup-worker tools/mediasoup-worker
# The helper caches the finished worker by mediasoup version and recipe; a cache mount keeps it
# across builds, so only the first build pays the ~11 minutes.
RUN --mount=type=cache,target=/cache/hearth npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Production dependencies only, and the worker copied back where mediasoup looks for it.
RUN cp node_modules/mediasoup/worker/out/Release/mediasoup-worker .mediasoup-worker \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p node_modules/mediasoup/worker/out/Release \
 && mv .mediasoup-worker node_modules/mediasoup/worker/out/Release/mediasoup-worker

# ── runtime: Node 24 from node_modules (as `npm start` runs it), the build output, no compilers ─
FROM ${RUNTIME_IMAGE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# The worker's shared libraries (libuv, OpenSSL, libsrtp2 with NSS, abseil), and tini to pass
# signals on, so SIGTERM reaches Hearth's graceful shutdown.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates tini libuv1 libssl3 libsrtp2-1 libnss3 libnspr4 libabsl20220623 \
      libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system hearth \
 && useradd --system --gid hearth --home-dir /var/lib/hearth --shell /usr/sbin/nologin hearth \
 && mkdir -p /var/lib/hearth \
 && chown hearth:hearth /var/lib/hearth
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/api ./dist/api
COPY --from=build /src/dist/apps/web ./dist/apps/web
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HEARTH_DATA_DIR=/var/lib/hearth \
    WEB_DIST_DIR=/app/dist/apps/web \
    SFU_LISTEN_IP=0.0.0.0 \
    SFU_PORT=44444
USER hearth
VOLUME ["/var/lib/hearth"]
# HTTP, and the WebRTC port of worker 0 (worker i uses SFU_PORT + i; publish one per worker).
EXPOSE 3000 44444/udp 44444/tcp
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/app/node_modules/.bin/node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/node_modules/.bin/node", "dist/api/apps/api/src/main.js"]
