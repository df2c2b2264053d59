#!/usr/bin/env bash
# Proves that the README's `make test` sets up everything it needs on a fresh machine: it runs `make test` in a
# fresh clone of this checkout's commit on a copy of this machine made fresh, and fails unless it passes with no
# test skipped and leaves nothing running. The copy, in namespaces of its own (the real machine is never changed):
#   - files: /usr, /etc, /var and /root are overlays whose changes go to a temporary folder, and /run is empty;
#     in them Chromium, its CJK fonts and Redis are purged with the packages only they needed, and pip's cache
#     is gone, so `make test` must install them from Debian's packages;
#   - network: its own, reaching outside through slirp4netns (user-mode, no change to the real network) but not
#     this machine's services, so nothing answers on Redis's port (nor on PostgreSQL's: the run is on SQLite);
#   - processes: its own, so nothing in it can touch the real ones, and whatever it leaves running ends with it.
# Needs root, unshare, ip, and slirp4netns (installed from Debian's packages if missing). Takes a few minutes and
# both CPUs: usage `nice -n 15 scripts/fresh_machine.sh`. The log is kept in var/fresh_machine.log.
# shellcheck disable=SC2317  # functions called from traps and through check()
set -euo pipefail

FRESH_PACKAGES=(chromium chromium-common chromium-driver fonts-noto-cjk fonts-noto-color-emoji redis-server redis-tools)

inside() {  # in the namespaces, as process 1: the machine made fresh, then `make test`
    local work=$1
    for folder in usr etc var root; do
        mkdir -p "$work/layers/$folder/changes" "$work/layers/$folder/work"
        mount -t overlay overlay -o "lowerdir=/$folder,upperdir=$work/layers/$folder/changes,workdir=$work/layers/$folder/work" "/$folder"
    done
    mount -t tmpfs tmpfs /run
    mkdir -p /run/lock
    rm -rf /root/.cache
    ip link set lo up
    for _ in $(seq 100); do
        ip -4 -o address show dev tap0 2>/dev/null | grep -q inet && break
        sleep 0.1
    done
    ip -4 -o address show dev tap0 | grep -q inet || { echo "slirp4netns gave no network" >&2; return 1; }

    step "make the machine fresh: purge ${FRESH_PACKAGES[*]} and the packages only they needed"
    local before installed=() theirs=()
    before=$(orphans)
    mapfile -t installed < <(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' "${FRESH_PACKAGES[@]}" 2>/dev/null |
        awk '/^ii/ {print $2}')
    purge "${installed[@]}"
    mapfile -t theirs < <(comm -13 <(echo "$before") <(orphans))
    purge "${theirs[@]}"
    echo "purged ${#installed[@]} packages and ${#theirs[@]} that only they needed: ${installed[*]} ${theirs[*]}"
    check "no /usr/bin/chromium" test ! -e /usr/bin/chromium
    check "no CJK font" test -z "$(fc-list :lang=zh 2>/dev/null)"
    check "no redis-server" test -z "$(command -v redis-server)"
    check "nothing answers on 127.0.0.1:6379" not_answering 6379
    check "the clone has no virtualenv" test ! -e "$work/daigou/.venv"

    step "make test in the fresh clone (SQLite)"
    mkdir -p "$work/tmp"
    local status=0
    (cd "$work/daigou" && env -u DATABASE_URL -u REDIS_URL -u REDIS_TEST_URL -u VIRTUAL_ENV TMPDIR="$work/tmp" \
        make --no-print-directory test </dev/null) || status=$?
    echo "make test exited $status"

    step "after the run"
    check "/usr/bin/chromium installed" test -x /usr/bin/chromium
    check "a CJK font installed" test -n "$(fc-list :lang=zh 2>/dev/null)"
    check "redis-server installed" test -n "$(command -v redis-server)"
    check "no Redis left running" test -z "$(pgrep -x redis-server || true)"
    return "$status"
}

purge() { [[ $# == 0 ]] || DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$@" >/dev/null; }
orphans() { apt-get -s autoremove 2>/dev/null | awk '/^Remv / {print $2}' | sort; }
not_answering() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
step() { printf '\n=== %s (%ss)\n' "$1" "$SECONDS"; }
check() {
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; return 1; fi
}

if [[ ${1:-} == --inside ]]; then
    inside "$2"
    exit
fi

[[ $(id -u) == 0 ]] || { echo "Run as root: it makes namespaces and mounts" >&2; exit 1; }
repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
if ! command -v slirp4netns >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slirp4netns >/dev/null
fi

work=$(mktemp -d /tmp/fresh-machine.XXXXXX)
namespaces='' network=''
finish() {
    [[ -z $network ]] || kill "$network" 2>/dev/null || true
    [[ -z $namespaces ]] || kill "$namespaces" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

step "a fresh clone of $commit in $work"
git clone --quiet --no-checkout "$repo" "$work/daigou"
git -C "$work/daigou" checkout --quiet --detach "$commit"

mkdir -p "$repo/var"
log="$repo/var/fresh_machine.log"
: >"$log"
unshare --mount --net --pid --fork --kill-child --mount-proc "$(realpath "${BASH_SOURCE[0]}")" --inside "$work" \
    >"$log" 2>&1 &
namespaces=$!
tail -n +1 --follow --pid="$namespaces" "$log" &
# slirp4netns joins the network of the process it is given: only once unshare has left this one.
for _ in $(seq 100); do
    [[ $(readlink "/proc/$namespaces/ns/net") != $(readlink /proc/self/ns/net) ]] && break
    sleep 0.05
done
[[ $(readlink "/proc/$namespaces/ns/net") != $(readlink /proc/self/ns/net) ]] || { echo "no network namespace" >&2; exit 1; }
slirp4netns --configure --mtu=65520 --disable-host-loopback "$namespaces" tap0 >"$work/slirp4netns.log" 2>&1 &
network=$!

status=0
wait "$namespaces" || status=$?
namespaces=
sleep 1  # tail's last look at the log
summary=$(grep -E '^[0-9]+ (passed|failed)|(passed|failed|error).* in [0-9.]+s' "$log" | tail -1 || true)
step "done: make test exited $status; pytest: ${summary:-no summary}"
if [[ $status == 0 && ($summary == *skipped* || $summary != *passed*) ]]; then
    echo "FAILED: make test passed, but not every test ran" >&2
    status=1
fi
exit "$status"
