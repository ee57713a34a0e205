#!/bin/bash
exec /opt/kafka/bin/tool.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
