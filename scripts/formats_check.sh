#!/usr/bin/env bash
# Checks the wire-format snapshots (tests/snapshots/formats) with outside tools:
# scripts/formats_check.py says which. Installs them in a venv under target/; the
# JSON:API schema comes from npm (APIERROR_JSONAPI_SCHEMA names a local copy instead).
# Needs python3 (with venv) and network access to PyPI and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$PWD/target/formats-check"
mkdir -p "$work"

# JSON:API's schema as the jsonapi-validator package (MIT) ships it on npm: the
# registry is reachable where GitHub and jsonapi.org may not be. Pinned by the
# tarball's SHA-256.
tarball_url="https://registry.npmjs.org/jsonapi-validator/-/jsonapi-validator-3.0.5.tgz"
tarball_sha256="f2cada81c0e2b265e6a6bd1088599fe41241a66d88d09f3e09dad4e268a254f5"
jsonapi="${APIERROR_JSONAPI_SCHEMA:-$work/jsonapi-schema.json}"
if [ ! -s "$jsonapi" ]; then
    curl -fsSL "$tarball_url" -o "$work/jsonapi-validator.tgz"
    echo "$tarball_sha256  $work/jsonapi-validator.tgz" | sha256sum --check --quiet
    tar -xzf "$work/jsonapi-validator.tgz" -C "$work" package/lib/schema.json
    mv "$work/package/lib/schema.json" "$jsonapi"
fi

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jsonschema>=4.18,<5" "protobuf>=5,<8" "googleapis-common-protos>=1.63,<2" "fastapi>=0.110,<1" "azure-core>=1.30,<2"
"$work/venv/bin/python" scripts/formats_check.py tests/snapshots/formats "$jsonapi"
