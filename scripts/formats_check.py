"""Checks every wire-format snapshot (tests/snapshots/formats/*.json) with tools
no one here wrote:

- JSON:API: the JSON:API JSON Schema as the jsonapi-validator npm package ships
  it (`lib/schema.json`, draft-06), with Python jsonschema;
- Google AIP-193: protobuf's own JSON mapping, `json_format.Parse` into
  `google.rpc.Status` (each `details` entry's `@type` resolved against
  `google.rpc.error_details_pb2`; an unknown field fails), and `status` a
  `google.rpc.Code` name;
- FastAPI: the `HTTPValidationError` schema FastAPI itself publishes for a route
  with a body, for violation lists; a string `detail` otherwise (HTTPException);
- Microsoft: the Azure SDK's own reader of this shape, azure-core's
  `ODataV4Format`, must read back the same code, message, target, details and
  innererror chain; plus the guidelines' `x-ms-error-code` header equal to
  `error.code`.

Usage: formats_check.py SNAPSHOT_DIR JSONAPI_SCHEMA
Exits non-zero, naming each failing snapshot, if any body disagrees.
"""

import json
import pathlib
import sys

import jsonschema
from azure.core.exceptions import ODataV4Format
from google.protobuf import json_format
from google.rpc import code_pb2, error_details_pb2, status_pb2  # noqa: F401 (registers the detail types)


def check_jsonapi(document, schema):
    jsonschema.validators.validator_for(schema)(schema).validate(document["body"])
    assert document["headers"]["content-type"] == "application/vnd.api+json"


def check_google(document, _schema):
    error = dict(document["body"]["error"])
    status = error.pop("status")
    code_pb2.Code.Value(status)  # raises on a name google.rpc.Code does not have
    # `code` is the HTTP status in AIP-193's HTTP mapping, an int32 in Status.
    json_format.Parse(json.dumps(error), status_pb2.Status(), ignore_unknown_fields=False)


def fastapi_schema():
    from fastapi import FastAPI
    from pydantic import BaseModel

    class Item(BaseModel):
        name: str

    app = FastAPI()

    @app.post("/items")
    def create(item: Item):  # pragma: no cover (never called)
        return item

    document = app.openapi()
    return {
        "$ref": "#/components/schemas/HTTPValidationError",
        "components": document["components"],
    }


def check_fastapi(document, schema):
    body = document["body"]
    if isinstance(body.get("detail"), str):
        return
    jsonschema.Draft202012Validator(schema).validate(body)
    assert isinstance(body["detail"], list) and body["detail"], "detail is a string or a list"


def check_microsoft(document, _schema):
    error = document["body"]["error"]
    assert set(document["body"]) == {"error"}, "one member, error"
    check_odata_error(ODataV4Format(document["body"]), error)
    assert document["headers"].get("x-ms-error-code") == error["code"], "x-ms-error-code"


def check_odata_error(parsed, error):
    """What azure-core read equals the error object, member by member; azure-core
    skips a detail it cannot read, so the counts must agree too."""
    assert isinstance(error["code"], str) and parsed.code == error["code"], "code"
    assert isinstance(error["message"], str) and parsed.message == error["message"], "message"
    assert parsed.target == error.get("target"), "target"
    assert set(error) <= {"code", "message", "target", "details", "innererror"}, "members"
    details = error.get("details", [])
    assert len(parsed.details) == len(details), "every detail readable"
    for parsed_detail, detail in zip(parsed.details, details):
        check_odata_error(parsed_detail, detail)
    inner = parsed.innererror
    # The guidelines' InnerError: an optional, more specific code, and nested
    # innererrors.
    while inner:
        assert isinstance(inner.get("code", ""), str), "innererror.code is a string"
        inner = inner.get("innererror")


def main():
    snapshots, jsonapi_path = map(pathlib.Path, sys.argv[1:3])
    schemas = {
        "jsonapi": (check_jsonapi, json.loads(jsonapi_path.read_text())),
        "google": (check_google, None),
        "fastapi": (check_fastapi, fastapi_schema()),
        "microsoft": (check_microsoft, None),
    }
    failures = []
    checked = {name: 0 for name in schemas}
    for path in sorted(snapshots.glob("*.json")):
        format_name = path.stem.rsplit(".", 1)[-1]
        check, schema = schemas[format_name]
        try:
            check(json.loads(path.read_text()), schema)
            checked[format_name] += 1
        except Exception as error:  # noqa: BLE001 (every failure is reported)
            failures.append(f"{path.name}: {type(error).__name__}: {str(error).splitlines()[0]}")
    print("checked:", ", ".join(f"{name} {count}" for name, count in checked.items()))
    if failures or not all(checked.values()):
        print("\n".join(failures) or "a format had no snapshot", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
