#!/usr/bin/env bash
# Checks the OpenAPI documents apierror writes for the sample API of its tests (one
# from `apierror::openapi` alone, one through utoipa), the one the README's utoipa
# section builds, and the demo's `/openapi.json` and `/openapi-aide.json` (the same
# routes documented by aide) with tools no one here wrote:
#   1. openapi-spec-validator (PyPI): the document is valid OpenAPI 3.1, and its
#      rewrite by `openapi::downgrade_to_3_0` (written beside it, `x-3.0.json`) is
#      valid OpenAPI 3.0.3;
#   2. jsonschema (PyPI, Draft 2020-12): every example is valid against its schema;
#   3. Redocly CLI (npm): lint with the recommended rules and
#      `operation-4xx-problem-details-rfc7807` as an error (.ci/redocly.yaml).
# Needs python3 (with venv), node/npx, and network access to PyPI and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$PWD/target/openapi-check"
documents=("$work/openapi-sample.json" "$work/openapi-utoipa.json" "$work/openapi-demo.json"
    "$work/openapi-readme-utoipa.json" "$work/openapi-demo-aide.json")
# The 3.0.3 rewrite of each, written beside it by the same tests.
documents_3_0=("${documents[@]/%.json/-3.0.json}")
mkdir -p "$work"
rm -f "${documents[@]}" "${documents_3_0[@]}"

echo "== write the sample OpenAPI documents"
APIERROR_OPENAPI_OUT="${documents[0]}" \
    cargo test -p apierror-tests --test openapi -- --exact sample_document_is_complete
APIERROR_UTOIPA_OUT="${documents[1]}" \
    cargo test -p apierror-tests --test utoipa -- --exact a_utoipa_document_documents_every_code
APIERROR_DEMO_OPENAPI_OUT="${documents[2]}" \
    cargo test -p demo --test demo -- --exact the_openapi_document_lists_every_error_of_every_route
APIERROR_README_UTOIPA_OUT="${documents[3]}" \
    cargo test -p apierror-tests --test openapi_readme -- --exact the_readme_document_has_no_dangling_ref
APIERROR_DEMO_AIDE_OUT="${documents[4]}" \
    cargo test -p demo --test demo -- --exact the_aide_document_documents_the_same_errors_as_the_utoipa_one
for document in "${documents[@]}" "${documents_3_0[@]}"; do
    test -s "$document"
done

echo "== openapi-spec-validator"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "openapi-spec-validator>=0.7,<0.9"
"$work/venv/bin/openapi-spec-validator" "${documents[@]}" "${documents_3_0[@]}"
grep -L '"openapi": "3.0.3"' "${documents_3_0[@]}" | sed 's/^/not 3.0.3: /' | grep . && exit 1

echo "== examples against their schemas (jsonschema, Draft 2020-12)"
"$work/venv/bin/python" - "${documents[@]}" <<'PY'
import json
import sys

from jsonschema import Draft202012Validator

checked, failures = 0, []


def check(where, schema, value):
    global checked
    # `#/components/...` references resolve against the copy of the components.
    schema = dict(schema, components=document["components"])
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    checked += 1
    for error in validator.iter_errors(value):
        failures.append(f"{where}: {error.message} at {list(error.absolute_path)}")


for file in sys.argv[1:]:
    document = json.load(open(file, encoding="utf-8"))
    for name, schema in document["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            check(f"{file}: components.schemas.{name}.examples[{index}]", schema, example)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                for media, content in response.get("content", {}).items():
                    for name, example in content.get("examples", {}).items():
                        where = f"{file}: {method.upper()} {path} {status} {media} example {name}"
                        check(where, content["schema"], example["value"])

for failure in failures:
    print(failure)
print(f"{checked} examples checked, {len(failures)} invalid")
sys.exit(1 if failures else 0)
PY

echo "== Redocly CLI lint"
# Pinned: later releases need Node.js 22, and the machines have Node.js 20. Installed
# first, with retries, so that a registry hiccup is not mistaken for a lint failure.
redocly="$work/redocly/node_modules/.bin/redocly"
for attempt in 1 2 3; do
    [ -x "$redocly" ] && break
    npm install --silent --no-audit --no-fund --prefix "$work/redocly" @redocly/cli@2.77.0 ||
        { echo "npm install failed (attempt $attempt)"; sleep $((attempt * 5)); }
done
"$redocly" lint --config .ci/redocly.yaml --format stylish "${documents[@]:0:3}" "${documents_3_0[@]:0:3}" \
    "${documents[4]}" "${documents_3_0[4]}"
# The README's example documents its errors and nothing else: it declares no servers,
# no security and no license URL (utoipa names the crate's license without one),
# which are the application's to add.
"$redocly" lint --config .ci/redocly.yaml --format stylish \
    --skip-rule no-empty-servers --skip-rule security-defined --skip-rule info-license-strict \
    "${documents[3]}" "${documents_3_0[3]}"
