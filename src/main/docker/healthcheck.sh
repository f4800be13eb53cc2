#!/usr/bin/env bash
# Docker HEALTHCHECK for a Mezzo container: 0 if GET /q/health/live answers 200, else 1.
# Plain bash (/dev/tcp) because a JRE base image need not have curl or wget. The port follows the
# same settings as the node: QUARKUS_HTTP_PORT if set, else the role's default (agent 5051, else 5050).
set -u
port=${QUARKUS_HTTP_PORT:-}
if [[ -z $port ]]; then
  case ${QUARKUS_PROFILE:-} in
    *agent*) port=5051 ;;
    *) port=5050 ;;
  esac
fi
host=${QUARKUS_HTTP_HOST:-127.0.0.1}
if [[ $host == 0.0.0.0 || $host == "::" || $host == "[::]" ]]; then
  host=127.0.0.1
fi
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /q/health/live HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status == *" 200 "* ]]
