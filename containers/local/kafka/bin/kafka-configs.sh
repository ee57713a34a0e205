#!/bin/bash
exec /opt/kafka/bin/tool.sh kafka.admin.ConfigCommand "$@"
