#!/usr/bin/env bash
# Rebuilds the two restore-only stand-in packages into build/packages (committed; run only when changing them).
set -euo pipefail
cd "$(dirname "$0")"
for p in Patched.DistributedLock.Postgres IdentityModel; do
  dotnet pack "$p/$p.csproj" -c Release -o ../packages
  rm -rf "$p/bin" "$p/obj"
done
