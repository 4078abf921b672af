"""Schemathesis hooks for fuzz/run.

The unified routes need a real `integrated_account_id` to get past the account lookup, so the
sandbox's account ids (env FUZZ_ACCOUNT_IDS, comma-separated, set by fuzz/run) become the `enum` of
that parameter: positive cases use a real account (one per emulated provider), negative cases still
get UUIDs no account has and strings that are not UUIDs. The YAML file on disk is not changed.
"""
import os

import schemathesis


@schemathesis.hook
def before_load_schema(context, raw_schema):
    ids = [i for i in os.environ.get("FUZZ_ACCOUNT_IDS", "").split(",") if i]
    if not ids:
        return
    parameter = raw_schema["components"]["parameters"]["IntegratedAccountId"]
    parameter["schema"] = {"type": "string", "format": "uuid", "enum": ids}
