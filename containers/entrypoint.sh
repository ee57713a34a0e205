#!/bin/bash
# The app image's entry point.
#   entrypoint.sh               runs the app (app.jar's Main-Class)
#   entrypoint.sh healthcheck   exits 0 when GET /health/ready answers 200 (bash only: no curl in the image)
set -euo pipefail

port="${PIPELINE_HTTP_PORT:-8080}"

if [ "${1:-}" = "healthcheck" ]; then
  exec 3<>"/dev/tcp/127.0.0.1/${port}"
  printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  read -r -t 5 _ status _ <&3
  [ "${status}" = "200" ]
  exit
fi

# Other instances reach this one (interactive queries are routed between instances) at the address it
# advertises: unless told otherwise, the container's own address on its network.
if [ -z "${PIPELINE_ADVERTISED_HOST:-}" ]; then
  PIPELINE_ADVERTISED_HOST="$(hostname -i 2>/dev/null | awk '{print $1}')"
  export PIPELINE_ADVERTISED_HOST="${PIPELINE_ADVERTISED_HOST:-$(hostname)}"
fi
export PIPELINE_INSTANCE_ID="${PIPELINE_INSTANCE_ID:-$(hostname)}"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS} -Dlogback.configurationFile="${LOGBACK_CONFIG:-/app/logback.xml}" -jar /app/app.jar "$@"
