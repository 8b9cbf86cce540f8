"""Generate a deterministic synthetic industry-year of flow reports.

Default: 100 fictional enterprises x 12 months (2025) x 80 lines = 96,000 lines, with
imported and domestic feed, several products, and some breaches planted on purpose
(late reports, balances that do not close, quota overruns). Every enterprise, USCC and
figure is fictional.

Usage: python benchmarks/generate.py [--enterprises N] [--lines N] [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from stdnum.cn import uscc

BEIJING = timezone(timedelta(hours=8))
YEAR = 2025

PRODUCTS = {
    "imported-concentrate": {
        "name": "Imported mixed rare earth concentrate",
        "product_class": "mineral_product",
        "form": "concentrate",
        "elements": ["La", "Ce", "Pr", "Nd"],
        "reo_fraction": "0.60",
    },
    "bastnaesite": {
        "name": "Bastnaesite concentrate",
        "product_class": "mineral_product",
        "form": "concentrate",
        "elements": ["La", "Ce", "Pr", "Nd"],
        "reo_fraction": "0.50",
    },
    "monazite": {
        "name": "Monazite concentrate",
        "product_class": "mineral_product",
        "form": "concentrate",
        "elements": ["La", "Ce", "Nd"],
        "reo_fraction": "0.55",
    },
    "prnd-oxide": {
        "name": "PrNd oxide",
        "product_class": "compound",
        "form": "oxide",
        "elements": ["Pr", "Nd"],
        "reo_fraction": "1",
    },
    "la-oxide": {
        "name": "Lanthanum oxide",
        "product_class": "compound",
        "form": "oxide",
        "elements": ["La"],
        "reo_fraction": "1",
    },
    "ce-carbonate": {
        "name": "Cerium carbonate",
        "product_class": "compound",
        "form": "carbonate",
        "elements": ["Ce"],
        "reo_fraction": "0.45",
    },
}
FEEDS = [
    ("imported-concentrate", "imported"),
    ("bastnaesite", "domestic_mined"),
    ("monazite", "other_minerals"),
]
OUTPUTS = ["prnd-oxide", "la-oxide", "ce-carbonate"]


def make_uscc(rng: random.Random, index: int) -> str:
    body = f"9136{rng.randint(1000, 9999)}MA{index:07d}"
    return body + uscc.calc_check_digit(body)


def tonnes(grams: int) -> str:
    whole, rest = divmod(grams, 1_000_000)
    return f"{whole} t" if rest == 0 else f"{whole}.{rest:06d}".rstrip("0") + " t"


def body_line(
    rng: random.Random, enterprise: dict[str, object], month: int, index: int, day: date
) -> tuple[dict[str, object], str, int]:
    """One movement line, its product and its signed effect on stock in grams."""
    kind = index % 4
    if kind == 0:
        feed, origin = FEEDS[rng.randrange(len(FEEDS))]
        grams = rng.randint(1, 40_000) * 1000
        line: dict[str, object] = {
            "direction": "imported" if origin == "imported" else "purchased",
            "product": feed,
            "quantity": tonnes(grams),
            "origin": origin,
            "date": day.isoformat(),
        }
        if origin == "imported":
            line["counterparty"] = {"name": "Overseas Minerals Ltd (fictional)", "country": "AU"}
            line["customs_declaration"] = f"53012025{rng.randint(10**9, 10**10 - 1)}"
        else:
            line["counterparty"] = {"uscc": str(enterprise["supplier"])}
            line["invoice_number"] = f"INV-{month:02d}-{index:04d}"
        return line, feed, grams
    if kind == 1:
        feed, origin = FEEDS[rng.randrange(len(FEEDS))]
        grams = rng.randint(1, 20_000) * 1000
        line = {
            "direction": "consumed",
            "product": feed,
            "quantity": tonnes(grams),
            "origin": origin,
            "date": day.isoformat(),
        }
        return line, feed, -grams
    product = OUTPUTS[rng.randrange(len(OUTPUTS))]
    if kind == 2:
        _, origin = FEEDS[rng.randrange(len(FEEDS))]
        grams = rng.randint(1, 4_000) * 1000 + rng.randint(0, 999)
        line = {
            "direction": "produced",
            "product": product,
            "quantity": tonnes(grams),
            "origin": origin,
            "date": day.isoformat(),
        }
        return line, product, grams
    grams = rng.randint(1, 3_000) * 1000
    line = {
        "direction": "sold",
        "product": product,
        "quantity": tonnes(grams),
        "counterparty": {"uscc": str(enterprise["customer"])},
        "invoice_number": f"S-{month:02d}-{index:04d}",
        "date": day.isoformat(),
    }
    return line, product, -grams


def month_report(
    rng: random.Random,
    enterprise: dict[str, object],
    month: int,
    *,
    stock: dict[str, int],
    lines_per_report: int,
    breaches: dict[str, set[tuple[str, int]]],
) -> dict[str, object]:
    uscc_code = str(enterprise["uscc"])
    lines: list[dict[str, object]] = []
    used = sorted(stock)
    movement: dict[str, int] = dict.fromkeys(used, 0)
    body_lines = lines_per_report - 2 * len(used)
    last_day = (date(YEAR + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    for index in range(body_lines):
        day = date(YEAR, month, rng.randint(1, last_day))
        line, product, change = body_line(rng, enterprise, month, index, day)
        movement[product] += change
        lines.append(line)
    opening = [
        {"direction": "opening_stock", "product": p, "quantity": tonnes(stock[p])} for p in used
    ]
    closing = []
    unbalanced = rng.random() < 0.02
    for position, product in enumerate(used):
        stock[product] += movement[product]
        if stock[product] < 0:  # top the stock up with a purchase so it never goes negative
            top_up = -stock[product] + 1_000_000
            feed_origin = dict(FEEDS).get(product, "domestic_mined")
            lines.append(
                {
                    "direction": "purchased",
                    "product": product,
                    "quantity": tonnes(top_up),
                    "origin": feed_origin,
                    "counterparty": {"uscc": str(enterprise["supplier"])},
                    "invoice_number": f"T-{month:02d}-{position}",
                }
            )
            stock[product] += top_up
        reported = stock[product] + (1000 if unbalanced and position == 0 else 0)
        closing.append(
            {"direction": "closing_stock", "product": product, "quantity": tonnes(reported)}
        )
    if unbalanced:
        breaches["RPT003"].add((uscc_code, month))
    due = date(YEAR + (month == 12), month % 12 + 1, 10)
    late = rng.random() < 0.05
    submitted_day = (
        due + timedelta(days=rng.randint(1, 5)) if late else due - timedelta(days=rng.randint(0, 8))
    )
    if late:
        breaches["RPT001"].add((uscc_code, month))
    submitted = datetime.combine(submitted_day, datetime.min.time(), BEIJING) + timedelta(
        hours=rng.randint(8, 20)
    )
    return {
        "format": "rare_earth_regs/flow-report",
        "version": 1,
        "enterprise": {
            "uscc": uscc_code,
            "name": enterprise["name"],
            "activities": ["smelting_separation"],
            "group": None,
        },
        "month": f"{YEAR}-{month:02d}",
        "submitted_at": submitted.isoformat(),
        "products": {key: PRODUCTS[key] for key in used},
        "lines": opening + lines + closing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100)
    parser.add_argument("--lines", type=int, default=80)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--seed", type=int, default=785)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.json"):
        old.unlink()
    breaches: dict[str, set[tuple[str, int]]] = {"RPT001": set(), "RPT003": set()}
    allocations = []
    designations = []
    for index in range(args.enterprises):
        enterprise = {
            "uscc": make_uscc(rng, index),
            "name": f"Synthetic Separation No. {index} (fictional)",
            "supplier": make_uscc(rng, 10_000 + index),
            "customer": make_uscc(rng, 20_000 + index),
        }
        stock = {key: rng.randint(100, 2000) * 1_000_000 for key in (*dict(FEEDS), *OUTPUTS)}
        for month in range(1, 13):
            report = month_report(
                rng, enterprise, month, stock=stock, lines_per_report=args.lines, breaches=breaches
            )
            path = args.out / f"{enterprise['uscc']}-{YEAR}-{month:02d}.json"
            path.write_text(json.dumps(report), encoding="utf-8")
        designations.append(
            {
                "uscc": enterprise["uscc"],
                "activity": "smelting_separation",
                "valid_from": "2024-10-01",
                "source": "synthetic (fictional)",
            }
        )
        designations.append(
            {
                "uscc": enterprise["supplier"],
                "activity": "mining",
                "valid_from": "2024-10-01",
                "source": "synthetic (fictional)",
            }
        )
        # about one in ten gets a quota it will exceed
        quota_t = rng.choice([200, 20_000]) if index % 10 == 0 else 20_000
        allocations.append(
            {
                "year": YEAR,
                "batch": 1,
                "activity": "smelting_separation",
                "holder": enterprise["name"],
                "holder_uscc": enterprise["uscc"],
                "amount": f"{quota_t} t REO",
                "basis": "increment",
                "source": "synthetic (fictional)",
            }
        )
    (args.out / "allocations.json.alloc").write_text(
        json.dumps(
            {
                "format": "rare_earth_regs/quota-allocations",
                "version": 1,
                "allocations": allocations,
            }
        ),
        encoding="utf-8",
    )
    (args.out / "designations.json.des").write_text(
        json.dumps(
            {"format": "rare_earth_regs/designations", "version": 1, "designations": designations}
        ),
        encoding="utf-8",
    )
    files = len(list(args.out.glob("*.json")))
    print(
        f"wrote {files} reports x {args.lines} lines to {args.out} "
        f"(planted: {len(breaches['RPT001'])} late, {len(breaches['RPT003'])} unbalanced)"
    )


if __name__ == "__main__":
    main()
