"""Validates every mapping file against mappings/schema.json (JSON Schema 2020-12).

Usage: python mappings/check-schema.py [DIR]   (needs the `jsonschema` package; .ci/run uses the fuzz venv)
The server's own loader (`unified-crm check-mappings`) is stricter; this keeps schema.json honest.
"""
import json
import pathlib
import sys

import jsonschema

directory = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent)
schema = json.loads((directory / "schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
problems = 0
for path in sorted(directory.glob("*.json")):
    if path.name == "schema.json":
        continue
    for error in validator.iter_errors(json.loads(path.read_text())):
        problems += 1
        print(f"{path.name}: $.{'.'.join(str(p) for p in error.absolute_path)}: {error.message}")
print(f"{problems} problems in {directory}")
sys.exit(1 if problems else 0)
