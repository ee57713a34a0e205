#!/bin/bash
# Builds every image of compose.yaml that this project makes, where public images cannot be pulled:
#   localhost/event-pipeline/debian:bookworm   Debian minbase, from debootstrap (once)
#   localhost/event-pipeline/jre:17            + Debian's openjdk-17-jre-headless (once)
#   localhost/event-pipeline/kafka:4.3.1       the broker and tools from Maven Central, like apache/kafka
#   event-pipeline/<app>:0.1.0                 the app images (containers/Dockerfile) on that JRE
#
#   containers/local/build-images.sh           # after mvn -DskipTests package
#   podman-compose -f compose.yaml -f containers/local/compose.local.yaml up -d
#
# Needs podman (and debootstrap for the base) and root; CONTAINER_TOOL=docker works where Docker does.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOL="${CONTAINER_TOOL:-podman}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
VERSION=0.1.0
KAFKA_VERSION=4.3.1

log() { echo "build-images: $*" >&2; }
exists() { "$TOOL" image inspect "$1" > /dev/null 2>&1; }

if ! exists localhost/event-pipeline/debian:bookworm; then
  log "Debian bookworm minbase from $MIRROR (debootstrap)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" > "$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; exit 1; }
  tar -C "$rootfs" -c . | "$TOOL" import - localhost/event-pipeline/debian:bookworm > /dev/null
  rm -rf "$rootfs" "$rootfs.log"
  trap - EXIT
fi

if ! exists localhost/event-pipeline/jre:17; then
  log "JRE 17 image"
  "$TOOL" build --network=host -q -t localhost/event-pipeline/jre:17 -f "$ROOT/containers/local/jre.Dockerfile" \
    "$ROOT/containers/local" > /dev/null
fi

if ! exists "localhost/event-pipeline/kafka:$KAFKA_VERSION"; then
  log "Kafka $KAFKA_VERSION image from Maven Central jars"
  rm -rf "$ROOT/containers/local/kafka/libs"
  mvn -q -B -f "$ROOT/containers/local/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$ROOT/containers/local/kafka/libs"
  "$TOOL" build -q -t "localhost/event-pipeline/kafka:$KAFKA_VERSION" "$ROOT/containers/local/kafka" > /dev/null
  rm -rf "$ROOT/containers/local/kafka/libs"
fi

format=""
[ "$(basename "$TOOL")" = podman ] && format="--format docker" # OCI's image format has no HEALTHCHECK
for app in clickstream-app:8081 iot-app:8082 market-data-app:8083 pipeline-runner:8080; do
  name="${app%%:*}"
  [ -f "$ROOT/$name/target/$name.jar" ] || { log "$name/target/$name.jar missing: run mvn -DskipTests package first"; exit 1; }
  log "$name image"
  "$TOOL" build -q $format -t "event-pipeline/$name:$VERSION" -f "$ROOT/containers/Dockerfile" \
    --build-arg BASE_IMAGE=localhost/event-pipeline/jre:17 --build-arg APP="$name" --build-arg HTTP_PORT="${app##*:}" \
    "$ROOT" > /dev/null
done
log "done"
