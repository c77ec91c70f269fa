"""
Fill a database with a realistic archive, fast: bulk inserts, then one
UPDATE per table for PostgreSQL's search vectors.

    python -m bench.fill --news 10000 --press 2000 --publications 2000
"""

import argparse
import random
import time
from datetime import date, timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from armcms.content import search  # noqa: E402
from armcms.content.models import (  # noqa: E402
    Country,
    Status,
    Topic,
)
from impact.models import ImpactMetric, ImpactValue  # noqa: E402
from news.models import NewsArticle, PressRelease  # noqa: E402
from publications.models import Kind, Publication, Series  # noqa: E402

WORDS = [
    "artisanal",
    "small-scale",
    "mining",
    "gold",
    "miners",
    "cooperative",
    "community",
    "formalisation",
    "mercury",
    "certification",
    "fairmined",
    "premium",
    "women",
    "gender",
    "supply",
    "chain",
    "refinery",
    "jewellery",
    "due",
    "diligence",
    "traceability",
    "environment",
    "water",
    "health",
    "safety",
    "training",
    "finance",
    "credit",
    "bank",
    "savings",
    "market",
    "export",
    "cooperative",
    "association",
    "Colombia",
    "Peru",
    "Bolivia",
    "Ecuador",
    "Ghana",
    "Burkina",
    "Faso",
    "Antioquia",
    "Arequipa",
    "government",
    "policy",
    "law",
    "rights",
    "workers",
    "children",
    "education",
    "project",
    "alliance",
    "responsible",
    "standard",
    "audit",
    "report",
    "study",
    "data",
    "pandemic",
    "covid",
    "support",
    "technical",
    "assistance",
    "equipment",
    "processing",
    "tailings",
    "restoration",
    "land",
]
# 500 made-up place names: each item names one, so a search for one finds
# about one item in 500, like a visitor's search for a place.
PLACES = [
    f"{prefix}ri{n:03d}"
    for prefix in ("Alto", "Bajo", "San", "Villa", "Puerto")
    for n in range(100)
]
TOPICS = ["COVID-19", "Fairmined", "Finance", "Formalisation", "Gender", "Mercury"]
COUNTRIES = [("Bolivia", "BO"), ("Colombia", "CO"), ("Ghana", "GH"), ("Peru", "PE")]
BATCH = 2000


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def body(rng: random.Random) -> str:
    paragraphs = [
        "<p>" + " ".join(sentence(rng, 14) for _ in range(4)) + "</p>" for _ in range(5)
    ]
    place = f"<p>Reported from {rng.choice(PLACES)}.</p>"
    return "<h2>" + sentence(rng, 4) + "</h2>" + "".join(paragraphs) + place


def create(model, count: int, rng: random.Random, topics, countries, **extra):
    now = timezone.now()
    through_topics = model.topics.through
    through_countries = model.countries.through
    fk = model._meta.model_name
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        items = []
        for n in range(made, made + size):
            published = now - timedelta(hours=3 + n * 2, minutes=rng.randint(0, 59))
            fields = {
                key: (value(n) if callable(value) else value)
                for key, value in extra.items()
            }
            items.append(
                model(
                    title=sentence(rng, 7)[:-1],
                    slug=f"{fk}-{n}",
                    summary=sentence(rng, 22),
                    body=body(rng),
                    status=Status.DRAFT if n % 50 == 7 else Status.PUBLISHED,
                    published_at=published,
                    is_featured=n % 200 == 0,
                    **fields,
                )
            )
        items = model.objects.bulk_create(items)
        through_topics.objects.bulk_create(
            through_topics(**{f"{fk}_id": item.pk, "topic_id": topic.pk})
            for item in items
            for topic in rng.sample(topics, 2)
        )
        through_countries.objects.bulk_create(
            through_countries(**{f"{fk}_id": item.pk, "country_id": country.pk})
            for item in items
            for country in rng.sample(countries, 1)
        )
        made += size
    # What saving each item would do to the search index, for the whole table.
    search.rebuild_model(
        model, model._meta.label_lower, model.search_weights, connection.alias
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--news", type=int, default=10_000)
    parser.add_argument("--press", type=int, default=2_000)
    parser.add_argument("--publications", type=int, default=2_000)
    options = parser.parse_args()
    rng = random.Random(2026)
    started = time.perf_counter()
    with transaction.atomic():
        topics = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS]
        countries = [
            Country.objects.get_or_create(code=code, defaults={"name": name})[0]
            for name, code in COUNTRIES
        ]
        series = [
            Series.objects.get_or_create(title=f"Series {n}")[0] for n in range(50)
        ]
        create(NewsArticle, options.news, rng, topics, countries)
        create(PressRelease, options.press, rng, topics, countries, dateline="Medellín")
        kinds = list(Kind.values)
        create(
            Publication,
            options.publications,
            rng,
            topics,
            countries,
            kind=lambda n: kinds[n % len(kinds)],
            authors="A. Author, B. Writer",
            year=lambda n: 2026 - n % 20,
            series=lambda n: series[n % 50] if n < 1000 else None,
            part_number=lambda n: n // 50 + 1 if n < 1000 else None,
        )
        for order, (label, unit) in enumerate(
            [
                ("countries", ""),
                ("organisations", ""),
                ("certified", ""),
                ("premium", "USD"),
            ]
        ):
            metric = ImpactMetric.objects.create(
                label=label, value=1000 * (order + 1), unit=unit, display_order=order
            )
            ImpactValue.objects.bulk_create(
                ImpactValue(
                    metric=metric,
                    value=10 * month * (order + 1),
                    measured_on=date(2016, 1, 1) + timedelta(days=30 * month),
                )
                for month in range(120)
            )
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have made after a real import.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    print(
        f"Filled {options.news} news, {options.press} press releases, "
        f"{options.publications} publications in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
