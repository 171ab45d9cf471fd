#!/usr/bin/env python3
"""Markdown tables from criterion's medians (target/criterion/*/*/new/estimates.json).

Usage: python3 benches/criterion_table.py   (after `cargo bench -p apierror-benches --bench render`)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median(group, function):
    path = root / group / function / "new" / "estimates.json"
    if not path.exists():
        return None
    estimates = json.loads(path.read_text())
    return estimates["median"]["point_estimate"], estimates["median"]["confidence_interval"]


def ns(value):
    return "—" if value is None else f"{value[0]:.0f}"


def ratio(a, b):
    return "—" if a is None or b is None else f"{a[0] / b[0]:.2f}x"


print("| case | format | apierror (ns) | hand | http-api-problem | problem_details | floor body | floor response "
      "| apierror / hand | http-api-problem / apierror | problem_details / apierror | apierror / floor response | apierror / floor body |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for case in ["unit", "interpolated", "opaque_5xx", "violations_header"]:
    for fmt in ["problem", "envelope"]:
        group = f"{fmt}_{case}"
        rows = [("apierror", case)]
        if case == "unit":
            rows.append(("apierror-unredacted", "unit, redaction off"))
        hand = median(group, "hand")
        hap = median(group, "http-api-problem")
        pd = median(group, "problem_details")
        floor = median(group, "floor")
        floor_response = median(group, "floor-response")
        for function, label in rows:
            ours = median(group, function)
            print(f"| {label} | {fmt} | {ns(ours)} | {ns(hand)} | {ns(hap)} | {ns(pd)} | {ns(floor)} | {ns(floor_response)} "
                  f"| {ratio(ours, hand)} | {ratio(hap, ours)} | {ratio(pd, ours)} | {ratio(ours, floor_response)} | {ratio(ours, floor)} |")
ours = median("generated_trace_id_unit", "apierror")
hand = median("generated_trace_id_unit", "hand")
print(f"| unit, generated trace id | problem | {ns(ours)} | {ns(hand)} | — | — | — | — | {ratio(ours, hand)} | — | — | — | — |")
if not root.exists():
    sys.exit("no criterion results: run `cargo bench -p apierror-benches --bench render` first")
