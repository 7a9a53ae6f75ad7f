#!/usr/bin/env python3
"""Writes sagemaker-service.json: the botocore shapes the SageMaker adapter validates against.

Input is shared/specs/sagemaker/service-subset.json (botocore 1.43.11, Apache-2.0). The output keeps the
metadata, every operation and every shape of that file, minus the documentation strings, compact.
Adding an operation to the adapter needs no change here unless the subset itself grows.

    python3 trim_service_model.py [path/to/service-subset.json]   (default: $STEWARD_SHARED_SPECS or ../shared/specs)
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
specs = os.environ.get("STEWARD_SHARED_SPECS") or os.path.join(here, *[".."] * 5, "..", "shared", "specs")
source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(specs, "sagemaker", "service-subset.json")
DROP = {"documentation", "deprecatedMessage", "documentationUrl"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


with open(source, encoding="utf-8") as f:
    model = json.load(f)
out = {"version": model["version"], "metadata": model["metadata"],
       "operations": strip(model["operations"]), "shapes": strip(model["shapes"])}
with open(os.path.join(here, "sagemaker-service.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, separators=(",", ":"), sort_keys=False)
    f.write("\n")
print(f"{len(out['operations'])} operations, {len(out['shapes'])} shapes")
