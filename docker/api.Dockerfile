# Hearth's API with the web app it serves and the mediasoup worker, for Debian 12 (bookworm).
# Build from the repository root:
#   docker build -f docker/api.Dockerfile -t hearth-api .
#
# The worker is built by the project's own helper (tools/mediasoup-worker/ensure-worker.mjs, run
# by `npm ci` as the root postinstall) against Debian's libraries, so the runtime stage must be
# the same Debian release and carry those libraries' runtime packages.
#
# A worker that `npm ci` already built on this machine is reused instead of compiled again (~15
# minutes): `node docker/seed-worker.mjs` copies it from the helper's cache, under the same key,
# into docker/worker-cache/ before the build (docker/worker-cache/README.md).
#
# Behind a TLS-inspecting proxy, hand the build the CA bundle npm must trust (never stored in a
# layer): --secret id=ca-certificates,src=/etc/ssl/certs/ca-certificates.crt

ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim
# The npm the lock file and package.json's `allowScripts` were written for (older npm 11 releases
# ignore allowScripts and would run mediasoup's own download-or-pip postinstall).
ARG NPM_VERSION=11.19.1
# The worker's shared libraries (libuv, OpenSSL, libsrtp2 with NSS, abseil): the build stage needs
# them too, to check that a reused worker runs.
ARG WORKER_LIBRARIES="libuv1 libssl3 libsrtp2-1 libnss3 libnspr4 libabsl20220623 libstdc++6"

# ── build: dependencies, the mediasoup worker, the API and the web app ─────────────────────────
FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
ARG WORKER_LIBRARIES
ENV DEBIAN_FRONTEND=noninteractive
# Compilers are not installed here: ensure-worker installs them itself when it has no worker to
# reuse and must build one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ${WORKER_LIBRARIES} \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=secret,id=ca-certificates \
    NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates npm install -g "npm@${NPM_VERSION}" --no-audit --no-fund
WORKDIR /src
# Always the source build with Debian's libraries, so the runtime packages below are the right ones.
ENV HEARTH_MEDIASOUP_NO_PREBUILT=1 \
    HEARTH_CACHE_DIR=/cache/hearth \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY package.json package-lock.json ./
COPY tools/mediasoup-worker tools/mediasoup-worker
# The helper keys its cache by mediasoup version, recipe, Debian release and CPU; a seeded worker
# of the same key is restored in under a second, any other key is built (once: the cache mount
# keeps it across builds).
RUN --mount=type=cache,target=/cache/hearth \
    --mount=type=cache,target=/root/.npm \
    --mount=type=bind,source=docker/worker-cache,target=/seed \
    --mount=type=secret,id=ca-certificates \
    mkdir -p /cache/hearth/mediasoup-worker \
 && cp -R /seed/. /cache/hearth/mediasoup-worker/ \
 && NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Production dependencies only, by a fresh install from the cache (measured faster here than
# `npm prune`). It runs no install scripts, so the two binaries that scripts fetched or built are
# set aside first: the project's pinned Node (the `node` package's preinstall fetched it; the image
# carries it once, at /usr/local/bin/node) and the mediasoup worker, put back where mediasoup
# looks for it.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca-certificates \
    mkdir -p /opt/hearth/bin \
 && cp "$(readlink -f node_modules/node/bin/node)" /opt/hearth/bin/node \
 && cp node_modules/mediasoup/worker/out/Release/mediasoup-worker .mediasoup-worker \
 && NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p node_modules/mediasoup/worker/out/Release \
 && mv .mediasoup-worker node_modules/mediasoup/worker/out/Release/mediasoup-worker \
 && /opt/hearth/bin/node --version

# ── runtime: the project's pinned Node 24, the build output, no compilers ───────────────────────
FROM ${RUNTIME_IMAGE} AS runtime
ARG WORKER_LIBRARIES
ENV DEBIAN_FRONTEND=noninteractive
# tini passes signals on, so SIGTERM reaches Hearth's graceful shutdown.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini ${WORKER_LIBRARIES} \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system hearth \
 && useradd --system --gid hearth --home-dir /var/lib/hearth --shell /usr/sbin/nologin hearth \
 && mkdir -p /var/lib/hearth \
 && chown hearth:hearth /var/lib/hearth
COPY --from=build /opt/hearth/bin/node /usr/local/bin/node
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
  CMD ["/usr/local/bin/node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/usr/local/bin/node", "dist/api/apps/api/src/main.js"]
