#!/usr/bin/env python3
"""Runs one referee tool and fails on any finding outside an allow-list.

Usage: referee_rules.py TOOLS TOOL FILE ALLOWED [TOOL-FLAGS...]
  TOOL     gbt9704_check.py or docx_check.py
  ALLOWED  comma-separated RULE, PREFIX.* or RULE:substring entries ('' for none):
           the findings the referee reports for a documented reason (README, "Referee").
"""
import json, subprocess, sys, tempfile

tools, tool, path, allowed, *flags = sys.argv[1:]
out = tempfile.mktemp(suffix=".json")
subprocess.run([sys.executable, f"{tools}/{tool}", path, "--json", out, *flags],
               check=False, stdout=subprocess.DEVNULL)
data = json.load(open(out))


def walk(d):
    """Every finding, except the referee's notes (FONT.FALLBACK: a character no face of
    the wanted family has), which never change its verdict either."""
    if isinstance(d, dict):
        if "rule" in d and "message" in d:
            yield d
        for k, v in d.items():
            if k != "notes":
                yield from walk(v)
    elif isinstance(d, list):
        for v in d:
            yield from walk(v)


def ok(v):
    for a in filter(None, allowed.split(",")):
        rule, _, text = a.partition(":")
        same = v["rule"] == rule or (rule.endswith(".*") and v["rule"].startswith(rule[:-1]))
        if same and text in json.dumps(v, ensure_ascii=False):
            return True
    return False


found = {json.dumps(v, sort_keys=True, ensure_ascii=False): v for v in walk(data)}.values()
unexpected = [v for v in found if not ok(v)]
print(f"{len(found)} finding(s), {len(unexpected)} unexpected")
for v in unexpected:
    print(v["rule"], v.get("message"), v.get("measured", ""), v.get("text", ""))
sys.exit(1 if unexpected else 0)
