#!/usr/bin/env bash
# Runs a command (make test's pytest) with a Redis for the tests, which find it through REDIS_TEST_URL
# (tests/conftest.py). Already set, REDIS_TEST_URL is used as it is; else the Redis on 127.0.0.1:6379 when it
# answers; else a throwaway one started here on a free port, keeping nothing on disk, and stopped when the
# command ends (Debian's redis-server is installed first if the machine has none, through sudo unless root).
set -euo pipefail

answers() {  # whether a Redis on 127.0.0.1:$1 answers PING (bash's /dev/tcp: redis-cli may not be installed)
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ $reply == +PONG* ]]
    ) 2>/dev/null
}

if [[ -n ${REDIS_TEST_URL:-} ]]; then
    exec "$@"
fi
if answers 6379; then
    exec "$@"
fi

if ! command -v redis-server >/dev/null; then
    echo "No Redis answers on 127.0.0.1:6379 and redis-server is not installed: installing Debian's" >&2
    sudo=$([[ $(id -u) == 0 ]] || echo sudo)
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

folder=$(mktemp -d)
server=
stop_server() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=
    fi
}
trap 'stop_server; rm -rf "$folder"' EXIT
trap 'exit 130' INT TERM HUP

# A port another run took between the look and the bind makes redis-server exit: then the next one.
for port in $(shuf -i 20000-29999 -n 20); do
    answers "$port" && continue
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$folder" \
        --logfile "$folder/redis.log" &
    server=$!
    for _ in $(seq 50); do
        answers "$port" && break 2
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    stop_server
done
if [[ -z $server ]]; then
    echo "Could not start a Redis for the tests; its last log:" >&2
    cat "$folder/redis.log" >&2 2>/dev/null || true
    exit 1
fi

echo "No Redis answers on 127.0.0.1:6379: the tests use a throwaway one on port $port, stopped after them" >&2
REDIS_TEST_URL="redis://127.0.0.1:$port/13" "$@"
