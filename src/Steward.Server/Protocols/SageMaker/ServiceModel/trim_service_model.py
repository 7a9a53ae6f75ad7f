#!/usr/bin/env python3
"""Writes sagemaker-service.json: the botocore shapes the SageMaker adapter validates against.

Sources (both botocore 1.43.11, Apache-2.0, see LICENSE.botocore and NOTICE.botocore):
  - shared/specs/sagemaker/service-subset.json: every operation and shape of it;
  - the installed botocore's data/sagemaker/2017-07-24/service-2.json.gz: the operations in EXTRA_OPERATIONS (the
    tag operations the subset lacks) and the shapes they reach. The script refuses another botocore version.
The output keeps metadata, operations and shapes without documentation strings, compact. Adding an operation to the
adapter needs no change here unless it is outside both lists.

    python3 trim_service_model.py [path/to/service-subset.json]   (default: $STEWARD_SHARED_SPECS or ../shared/specs)
"""
import gzip
import json
import os
import sys

import botocore

BOTOCORE_VERSION = "1.43.11"
EXTRA_OPERATIONS = ["AddTags", "ListTags", "DeleteTags"]
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


def reach(shapes, name, seen):
    if name in seen:
        return
    seen.add(name)
    shape = shapes[name]
    for member in shape.get("members", {}).values():
        reach(shapes, member["shape"], seen)
    for key in ("member", "key", "value"):
        if key in shape:
            reach(shapes, shape[key]["shape"], seen)


with open(source, encoding="utf-8") as f:
    model = json.load(f)
if botocore.__version__ != BOTOCORE_VERSION:
    sys.exit(f"botocore {botocore.__version__} is installed; the subset comes from {BOTOCORE_VERSION}")
with gzip.open(os.path.join(os.path.dirname(botocore.__file__), "data", "sagemaker", "2017-07-24", "service-2.json.gz"), "rt", encoding="utf-8") as f:
    full = json.load(f)
operations, shapes = dict(model["operations"]), dict(model["shapes"])
for name in EXTRA_OPERATIONS:
    op = full["operations"][name]
    operations[name] = op
    seen = set()
    for ref in [op.get("input"), op.get("output"), *op.get("errors", [])]:
        if ref:
            reach(full["shapes"], ref["shape"], seen)
    for shape in seen:
        shapes.setdefault(shape, full["shapes"][shape])

out = {"version": model["version"], "metadata": model["metadata"], "operations": strip(operations), "shapes": strip(shapes)}
with open(os.path.join(here, "sagemaker-service.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, separators=(",", ":"), sort_keys=False)
    f.write("\n")
print(f"{len(out['operations'])} operations, {len(out['shapes'])} shapes")
