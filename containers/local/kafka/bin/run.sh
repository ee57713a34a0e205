#!/bin/bash
# Starts a KRaft broker the way apache/kafka does: each KAFKA_* variable is a server property
# (KAFKA_LISTENER_SECURITY_PROTOCOL_MAP is listener.security.protocol.map; "___" is "-", "__" is "_"),
# and the storage is formatted on the first start with CLUSTER_ID.
set -euo pipefail
conf=/opt/kafka/config/server.properties
: > "$conf"
echo "log.dirs=/var/lib/kafka/data" >> "$conf"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS) ;;
    KAFKA_*)
      key=$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed 's/___/-/g; s/__/@/g; s/_/./g; s/@/_/g')
      echo "${key}=${value}" >> "$conf" ;;
  esac
done < <(env)
cp=/opt/kafka/libs/*
java ${KAFKA_HEAP_OPTS:--Xmx512m} -cp "$cp" kafka.tools.StorageTool format --ignore-formatted \
  --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --config "$conf"
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -cp "$cp" kafka.Kafka "$conf"
