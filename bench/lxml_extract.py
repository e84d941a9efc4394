#!/usr/bin/env python3
"""The anchor: Python lxml iterparse extracting the same fields Atalaya imports (the way IATI tools read files)."""
import sys

from lxml import etree

USG = "{https://explorer.usaid.gov}"
activities = transactions = 0
total = 0.0
for _, activity in etree.iterparse(sys.argv[1], tag="iati-activity", resolve_entities=False, no_network=True):
    activities += 1
    ident = activity.findtext("iati-identifier")
    titles = [n.text for n in activity.iterfind("title/narrative")]
    descriptions = [n.text for n in activity.iterfind("description/narrative")]
    orgs = [(o.get("ref"), o.get("role"), o.get("type"), [n.text for n in o.iterfind("narrative")])
            for o in activity.iterfind("participating-org")]
    for t in activity.iterfind("transaction"):
        transactions += 1
        record = (t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"),
                  t.findtext("value"), t.find("value").get("currency"), t.find("value").get("value-date"),
                  [(s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in t.iterfind("sector")],
                  [c.get("code") for c in t.iterfind("recipient-country")],
                  [(a.get("code")) for a in t.iter(USG + "main-account")])
        total += float(record[2] or 0)
    activity.clear()
    while activity.getprevious() is not None:
        del activity.getparent()[0]
print(f"lxml: {activities} activities, {transactions} transactions")
