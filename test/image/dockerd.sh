#!/usr/bin/env bash
# Starts (or stops) a Docker daemon for `npm run test:image`, as root. A daemon that is already
# answering is used and left alone; one started here is recorded in a pid file and stopped by
# `stop`. It touches no host networking: no bridge, no iptables rules (the test builds and runs
# with --network host, so everything stays on loopback).
#   test/image/dockerd.sh start | stop
set -euo pipefail

pidfile=/run/hearth-test-dockerd.pid
logfile=/var/log/hearth-test-dockerd.log
client=/usr/bin/docker

case "${1:-}" in
  start)
    if "$client" version >/dev/null 2>&1; then
      echo "dockerd: already running; using it"
      exit 0
    fi
    setsid dockerd --storage-driver overlay2 --bridge=none --iptables=false --ip6tables=false \
      --pidfile "$pidfile" >"$logfile" 2>&1 </dev/null &
    for _ in $(seq 1 60); do
      "$client" version >/dev/null 2>&1 && break
      sleep 1
    done
    if ! "$client" version --format 'dockerd {{.Server.Version}} started' 2>/dev/null; then
      tail -n 30 "$logfile" >&2
      exit 1
    fi
    ;;
  stop)
    [ -f "$pidfile" ] || exit 0
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$pidfile"
    echo "dockerd: stopped"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
