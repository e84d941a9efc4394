#!/usr/bin/env python3
"""Writes a SYNTHETIC IATI file of about SIZE megabytes by repeating the bundled real USAID activities.

Every copy gets a new identifier prefixed `SYNTHETIC-<n>-` so that the import treats each as a new activity.
The output is synthetic and says so in its name and in a comment at its top; it is never presented as real data.
Usage: make_synthetic_iati.py SIZE_MB OUT.xml
"""
import glob
import os
import re
import sys

size_mb, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
sources = sorted(glob.glob(os.path.join(here, "..", "Sources", "AtalayaBundledData", "Resources", "iati", "usaid-*.xml")))
activities = []
for path in sources:
    text = open(path, encoding="utf-8").read()
    activities += re.findall(r"<iati-activity .*?</iati-activity>", text, flags=re.S)
target = size_mb * 1024 * 1024
written = 0
with open(out, "w", encoding="utf-8") as f:
    head = ('<iati-activities xmlns:usg="https://explorer.usaid.gov" generated-datetime="2025-04-03T20:52:13.509Z" '
            'version="2.03">\n<!-- SYNTHETIC benchmark file: real USAID activities repeated with new identifiers -->\n')
    f.write(head)
    written += len(head)
    n = 0
    while written < target:
        for activity in activities:
            copy = activity.replace("<iati-identifier>", f"<iati-identifier>SYNTHETIC-{n}-", 1)
            f.write(copy + "\n")
            written += len(copy.encode("utf-8")) + 1
            if written >= target:
                break
        n += 1
    f.write("</iati-activities>\n")
print(f"wrote {out}: {written / 1e6:.1f} MB, {n + 1} passes over {len(activities)} real activities")
