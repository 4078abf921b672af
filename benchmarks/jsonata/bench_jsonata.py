#!/usr/bin/env python3
"""Times the opportunities mapping written as JSONata (hubspot.jsonata, pipedrive.jsonata) on the same
100-record provider pages the Swift benchmark maps, with two engines:

  jsonatapy       (Rust core; timed on its JSON-string-in, JSON-string-out path `evaluate_json`)
  jsonata-python  (pure-Python port of jsonata-js; json.loads -> evaluate -> json.dumps)

Both are timed end to end (page bytes in, unified list bytes out), like the Swift mapper.
Each engine's output is checked against unified-crm's own answer for the page
(fixtures/<provider>-unified-page.json, remote_data aside) and the mismatches are reported.
Prints one JSON object: {provider: {engine: {records_per_second, ...}}}.
"""
import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def definitions(provider, fixtures):
    """The custom-field catalog, as the mapping file selects it (spliced into the expression as $defs)."""
    if provider == "hubspot":
        records = json.load(open(os.path.join(fixtures, "hubspot-properties.json")))["results"]
        return [{"key": r["name"], "name": r["name"], "type": r["type"]} for r in records if r.get("hubspotDefined") is not True]
    records = json.load(open(os.path.join(fixtures, "pipedrive-dealfields.json")))["data"]
    out = []
    for r in records:
        if not re.fullmatch(r"[0-9a-f]{40}", str(r["key"])):
            continue
        item = {"key": r["key"], "name": r["name"], "type": r["field_type"]}
        if r.get("options"):
            item["options"] = {str(o["id"]): o["label"] for o in r["options"]}
        out.append(item)
    return out


def expression(provider, fixtures):
    text = open(os.path.join(HERE, f"{provider}.jsonata")).read()
    return text.replace("__DEFS__", json.dumps(definitions(provider, fixtures)))


def mismatches(output, expected):
    """Field-level differences between the JSONata result and unified-crm's (remote_data excluded)."""
    got, want = output["result"], expected["result"]
    problems = []
    if len(got) != len(want):
        problems.append(f"{len(got)} records, expected {len(want)}")
    for a, b in zip(got, want):
        keys = (set(a) | set(b)) - {"remote_data"}
        for key in sorted(keys):
            if a.get(key) != b.get(key):
                problems.append(f"id {b.get('id')}: {key}: {a.get(key)!r} != {b.get(key)!r}")
    return problems


def time_engine(run, seconds):
    run()  # warm-up
    iterations, start = 0, time.perf_counter()
    while True:
        run()
        iterations += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and iterations >= 3:
            return iterations, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", default=os.path.join(HERE, "..", "fixtures"))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    import jsonata  # jsonata-python
    import jsonatapy

    results = {}
    for provider in ("hubspot", "pipedrive"):
        page_text = open(os.path.join(args.fixtures, f"{provider}-deals-page.json")).read()
        expected = json.load(open(os.path.join(args.fixtures, f"{provider}-unified-page.json")))
        expr_text = expression(provider, args.fixtures)
        records = len(json.loads(page_text).get("results") or json.loads(page_text).get("data"))
        engines = {}

        compiled_py = jsonatapy.compile(expr_text)
        engines["jsonatapy"] = (
            lambda c=compiled_py: c.evaluate_json(page_text),
            lambda out: json.loads(out),
            f"jsonatapy {getattr(jsonatapy, '__version__', '')}".strip(),
        )
        compiled_jp = jsonata.Jsonata(expr_text)
        engines["jsonata-python"] = (
            lambda c=compiled_jp: json.dumps(c.evaluate(json.loads(page_text))),
            lambda out: json.loads(out),
            "jsonata-python",
        )

        results[provider] = {"records_per_page": records}
        for name, (run, decode, label) in engines.items():
            entry = {"engine": label}
            try:
                problems = mismatches(decode(run()), expected)
                iterations, elapsed = time_engine(run, args.seconds)
                entry.update({
                    "iterations": iterations,
                    "seconds": round(elapsed, 3),
                    "ms_per_page": round(elapsed / iterations * 1000, 3),
                    "records_per_second": round(records * iterations / elapsed),
                    "mismatched_fields": len(problems),
                    "mismatch_examples": problems[:5],
                })
            except Exception as error:  # an engine that cannot run the expression is reported, not fatal
                entry["error"] = f"{type(error).__name__}: {error}"[:500]
            results[provider][name] = entry
            print(f"   {provider} {name}: {entry.get('records_per_second', entry.get('error'))} records/s"
                  f" ({entry.get('mismatched_fields', '?')} mismatched fields)", file=sys.stderr)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
