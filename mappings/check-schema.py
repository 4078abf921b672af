"""Validates every mapping file against mappings/schema.json and the generated unified-resources.schema.json (JSON Schema 2020-12).

Usage: python mappings/check-schema.py [DIR]   (needs the `jsonschema` package; .ci/run uses the fuzz venv)
The server's own loader (`unified-crm check-mappings`) is stricter; this keeps schema.json honest.
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource

directory = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent)
# schema.json plus the per-resource part generated from schema/ (unified-resources.schema.json);
# each refers to the other by its $id.
schemas = [json.loads(path.read_text()) for path in sorted(directory.glob("*schema.json"))]
registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
schema = json.loads((directory / "schema.json").read_text())
for s in schemas:
    jsonschema.Draft202012Validator.check_schema(s)
validator = jsonschema.Draft202012Validator(schema, registry=registry)
problems = 0
for path in sorted(directory.glob("*.json")):
    if path.name.endswith("schema.json"):
        continue
    for error in validator.iter_errors(json.loads(path.read_text())):
        problems += 1
        print(f"{path.name}: $.{'.'.join(str(p) for p in error.absolute_path)}: {error.message}")
print(f"{problems} problems in {directory}")
sys.exit(1 if problems else 0)
