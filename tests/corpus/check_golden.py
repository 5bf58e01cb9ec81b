#!/usr/bin/env python3
"""Check tests/corpus/golden.toml against the documents it was read from.

For every figure ({wan, printed, line, page}):
  - `printed` occurs on `line` of the document's .txt as a whole number (not inside a longer one);
  - `page` is the PDF page of that line (1 + form feeds before it; Beijing: per PDF, see golden.toml);
  - `wan` equals `printed` converted from the figure's unit (元 -> 万元 keeps all digits).
Then, as information only, it prints where a total differs from the sum of its class rows.

This script checks the hand-read values; it is not where they came from.
Run: python3 tests/corpus/check_golden.py
"""
import re
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIG_KEYS = {"wan", "printed"}


def is_figure(v):
    return isinstance(v, dict) and FIG_KEYS <= v.keys()


def page_of(lines, n):
    return 1 + sum(1 for l in lines[:n] if l.startswith("\f"))


def walk(node, path, unit, out, at=None):
    """Collect (path, figure, unit) for every figure below node. A figure without `line`/`page`
    (the compact rows of `items`) takes them from the row that holds it."""
    if is_figure(node):
        f = dict(at or {}, **node)
        if "line" not in f or "page" not in f:
            raise SystemExit(f"{path}: figure without line/page")
        out.append((path, f, node.get("unit", unit)))
        return
    if isinstance(node, dict):
        unit = node.get("unit", unit)
        if "line" in node and "page" in node:
            at = {"line": node["line"], "page": node["page"]}
        for k, v in node.items():
            walk(v, f"{path}.{k}" if path else k, unit, out, at)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            label = (v.get("code") or v.get("implied_code") or v.get("of") or str(i)) if isinstance(v, dict) else str(i)
            walk(v, f"{path}[{label}]", unit, out, at)


def decimals(s):
    return len(s.split(".")[1]) if "." in s else 0


def main():
    data = tomllib.load(open(HERE / "golden.toml", "rb"))
    errors, count = [], 0
    for doc in data["document"]:
        slug = doc["slug"]
        lines = (HERE / doc["file"]).read_text(encoding="utf-8").split("\n")
        for f in [doc["pdf"]] + ([doc["pdf_notes"]] if "pdf_notes" in doc else []):
            if not (HERE / f).exists():
                errors.append(f"{slug}: missing {f}")
        notes_lines = doc.get("pdf_notes_lines", 0)
        notes_pages = doc.get("pdf_notes_pages", 0)
        figs = []
        for sec in ("summary", "general", "basic_economic", "general_economic", "project_economic", "sanggong", "narrative", "also"):
            if sec in doc:
                walk(doc[sec], sec, doc["unit_printed"], figs)
        for path, f, unit in figs:
            count += 1
            where = f"{slug} {path} (line {f['line']})"
            n = f["line"]
            if not 1 <= n <= len(lines):
                errors.append(f"{where}: no such line")
                continue
            text = lines[n - 1]
            pat = r"(?<![\d.,])" + re.escape(f["printed"]) + r"(?![\d.,]*\d)"
            if not re.search(pat, text):
                errors.append(f"{where}: {f['printed']!r} not on the line: {text.strip()[:120]!r}")
            page = page_of(lines, n)
            if notes_lines and n > notes_lines:
                page -= notes_pages
            if page != f["page"]:
                errors.append(f"{where}: page {f['page']} but the line is on page {page}")
            try:
                p = Decimal(f["printed"].replace(",", ""))
                w = Decimal(f["wan"])
            except Exception as e:  # noqa: BLE001
                errors.append(f"{where}: bad number: {e}")
                continue
            if unit == "元":
                want = p / Decimal(10000)
                if p != 0 and decimals(f["wan"]) != decimals(f["printed"]) + 4:
                    errors.append(f"{where}: wan {f['wan']} should keep all digits of {f['printed']} 元")
            elif unit == "万元":
                want = p
            else:
                errors.append(f"{where}: unknown unit {unit!r}")
                continue
            if w != want:
                errors.append(f"{where}: wan {f['wan']} != {f['printed']} {unit} = {want} 万元")
        # a figure printed again in another table must be the same amount (within 0.01 万元 where marked approx)
        for a in doc.get("also", []):
            node = doc
            for k in a["of"].split("."):
                node = node.get(k) if isinstance(node, dict) else None
            if not is_figure(node):
                errors.append(f"{slug} also: {a['of']} names no figure")
                continue
            gap = abs(Decimal(a["wan"]) - Decimal(node["wan"]))
            if gap > (Decimal("0.01") if a.get("approx") else 0):
                errors.append(f"{slug} also {a['of']} (line {a['line']}): {a['wan']} vs {node['wan']}")
        # information: totals vs the sum of their class rows
        for sec, identities in (("general", (("total", "basic", "project"), ("basic", "personnel", "public"),
                                             ("total", "personnel", "public", "project"))),
                                ("basic_economic", (("total", "personnel", "public"),)),
                                ("general_economic", (("total", "personnel", "public", "project"),)),
                                ("project_economic", ())):
            parts = ("total", "basic", "project", "personnel", "public", "prior_year")
            s = doc.get(sec)
            if s and "items" in s:  # rows below the class level, where a document prints no class rows
                for part in set(k for it in s["items"] for k in it) & {"total", "basic", "project", "personnel", "public"}:
                    summed = sum((Decimal(it[part]["wan"]) for it in s["items"] if part in it), Decimal(0))
                    if part in s and Decimal(s[part]["wan"]) != summed:
                        print(f"  note {slug} {sec}.{part}: 合计 {s[part]['wan']}, items sum to {summed}")
                for c in s.get("classes", []):
                    code = c.get("code") or c.get("implied_code")
                    summed = sum((Decimal(it["total"]["wan"]) for it in s["items"] if it["code"].startswith(code)), Decimal(0))
                    if Decimal(c["total"]["wan"]) != summed:
                        print(f"  note {slug} {sec}[{code}]: class total {c['total']['wan']}, its items sum to {summed}")
            if not s or "classes" not in s:
                continue
            for part in parts:
                if part not in s or not any(part in c for c in s["classes"]):
                    continue
                total = Decimal(s[part]["wan"])
                summed = sum((Decimal(c[part]["wan"]) for c in s["classes"] if part in c), Decimal(0))
                if total != summed:
                    print(f"  note {slug} {sec}.{part}: 合计 {total} 万元, classes sum to {summed} (gap {total - summed})")
            for row in [s] + s["classes"]:
                for whole, *pieces in identities:
                    if whole in row and all(p in row for p in pieces):
                        a = Decimal(row[whole]["wan"])
                        b = sum(Decimal(row[p]["wan"]) for p in pieces)
                        if a != b:
                            name = row.get("code") or row.get("implied_code") or "合计"
                            print(f"  note {slug} {sec}[{name}]: {whole} {a} != {' + '.join(pieces)} = {b}")
    for e in errors:
        print("ERROR", e)
    print(f"{count} figures in {len(data['document'])} documents, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
