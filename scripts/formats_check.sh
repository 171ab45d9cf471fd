#!/usr/bin/env bash
# Checks the wire-format snapshots (tests/snapshots/formats) with outside tools:
# scripts/formats_check.py says which. Installs them in a venv under target/; the
# two schemas it needs are downloaded at pinned commits (the JSON:API one checked
# against its SHA-256). APIERROR_JSONAPI_SCHEMA and APIERROR_AZURE_TYPES name local
# copies instead, for a machine without network access to GitHub.
# Needs python3 (with venv) and network access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$PWD/target/formats-check"
mkdir -p "$work"

# JSON:API 1.1's schema (CC0), from https://github.com/json-api/json-api
jsonapi_url="https://raw.githubusercontent.com/json-api/json-api/5916f19833847df8fb05fdd42641bd4b111be178/_schemas/1.1/schema.json"
jsonapi_sha256="1946df6169c8debc72784240330f5cf5ee9958655b7dc1d47eb21aa6beb9fa4b"
# Azure's data-plane common types (ErrorResponse), from https://github.com/Azure/azure-rest-api-specs
azure_url="https://raw.githubusercontent.com/Azure/azure-rest-api-specs/0ba0b382ad5cb33d6f6621a43a29b6f24f3384d5/specification/common-types/data-plane/v1/types.json"

jsonapi="${APIERROR_JSONAPI_SCHEMA:-$work/jsonapi-1.1-schema.json}"
azure="${APIERROR_AZURE_TYPES:-$work/azure-data-plane-types.json}"
[ -s "$jsonapi" ] || curl -fsSL "$jsonapi_url" -o "$jsonapi"
[ -s "$azure" ] || curl -fsSL "$azure_url" -o "$azure"
echo "$jsonapi_sha256  $jsonapi" | sha256sum --check --quiet

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jsonschema>=4.18,<5" "protobuf>=5,<8" "googleapis-common-protos>=1.63,<2" "fastapi>=0.110,<1"
"$work/venv/bin/python" scripts/formats_check.py tests/snapshots/formats "$jsonapi" "$azure"
