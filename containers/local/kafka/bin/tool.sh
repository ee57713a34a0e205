#!/bin/bash
# Runs one of Kafka's command-line tools by class name: the bin/kafka-*.sh scripts of apache/kafka call it.
set -euo pipefail
class="$1"; shift
exec java -Xmx256m -cp "/opt/kafka/libs/*" "$class" "$@"
