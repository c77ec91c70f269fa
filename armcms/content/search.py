"""
Search on either database, accents and case ignored, whole words matched.

PostgreSQL keeps a ``tsvector`` per language in each item's row
(``search_vector_<language>``), made with the language's text-search
configuration (``settings.SEARCH_CONFIGS``) twice: as it is, and as its
``armcms_`` copy, which takes accents off (``unaccent``) before stemming. A
query matches either way: "mineria" finds "minería" through the second
(stemmed as written, "minería" becomes "min" but "mineria" "mineri"), and
"capacitación" finds "capacitaciones" through the first (the Spanish
stemmer knows "-ación" but not "-acion").

SQLite keeps the same text in one FTS5 table, ``armcms_search_text``: a row
per item and language, its weighted fields' text in the columns ``a`` to
``d`` (PostgreSQL's weights A to D), folded by the ``unicode61`` tokenizer
(case and accents removed) and stemmed by ``porter``. Its rowid is worked
out from the item (``index_key``), so the rank of one item is looked up
without scanning the others.

Both are written where an item is saved (``PublishableModel.save`` and raw
writes), forgotten when it is deleted, and rebuilt whole by
``rebuild_index()`` (the migration that made them, a restore, the
``rebuild_search_index`` command).

In a language an item is not translated into, its fields are searched in
the default language's text, which is what its page shows there.
"""

import re
import unicodedata
import zlib
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, F, FloatField, Q, When
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Left

from .locale import (
    default_language,
    field_name,
    language_codes,
    localized,
    untranslated,
)
from .migration_operations import ACCENTLESS_CONFIGURATIONS
from .richtext import RichTextField, plain_text

TABLE = "armcms_search_text"
# PostgreSQL's weights, and the same ones for SQLite's bm25 (0.1, 0.2, 0.4
# and 1.0 are PostgreSQL's defaults for D, C, B and A).
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
COLUMNS = {"A": "a", "B": "b", "C": "c", "D": "d"}
MAX_SEARCH_WORDS = 12
# Characters of each field that go into the index: PostgreSQL caps a search
# vector at 1 MB; enough for any article or report.
SEARCH_FIELD_LIMIT = 100_000
# The bits of an FTS5 rowid below the item's key: the model's and the
# language's (see index_key).
KEY_SHIFT = 24
SUGGESTION_SIMILARITY = 0.3
SUGGESTION_MIN_LENGTH = 3


def search_config(language: str) -> str:
    """PostgreSQL's text-search configuration for ``language``."""
    return settings.SEARCH_CONFIGS.get(language, "simple")


def accentless_config(language: str) -> str:
    """
    The same without accents, where the migration armcms 0012 made such a
    copy; a configuration added to SEARCH_CONFIGS since, without its copy,
    is used as it is (words stemmed, accents kept) rather than failing.
    """
    config = search_config(language)
    copy = f"armcms_{config}"
    return copy if copy in ACCENTLESS_CONFIGURATIONS else config


def is_postgresql(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def is_sqlite(using: str) -> bool:
    return connections[using].vendor == "sqlite"


def model_key(label: str) -> int:
    """16 bits standing for a model (a test checks they differ)."""
    return zlib.crc32(label.encode()) & 0xFFFF


def index_suffix(label: str, language: str) -> int:
    """The low bits of the rowids of ``label``'s items in ``language``."""
    return (model_key(label) << 8) | language_codes().index(language)


def index_key(label: str, pk: int, language: str) -> int:
    """The FTS5 rowid of an item's text in ``language``."""
    return (pk << KEY_SHIFT) | index_suffix(label, language)


def column(model, name: str, language: str) -> str:
    """``name``'s column in ``language``, or its only one if not translated."""
    translated = field_name(name, language)
    names = {field.name for field in model._meta.get_fields()}
    return translated if translated in names else name


def weighted_fields(model, weights: dict[str, str]) -> dict[str, str]:
    """The fields of ``weights`` that ``model`` (maybe a migration's) has."""
    names = {field.name for field in model._meta.get_fields()}
    return {
        name: weight
        for name, weight in weights.items()
        if name in names or field_name(name, default_language()) in names
    }


# PostgreSQL


def field_vector(model, name: str, weight: str, language: str):
    """
    ``name``'s vector for ``language``'s index: its translation with that
    language's configuration, or the default language's text with its own
    where the field has none.
    """
    default = default_language()

    def vector(code):
        text = Left(column(model, name, code), SEARCH_FIELD_LIMIT)
        return concatenated(
            SearchVector(text, weight=weight, config=accentless_config(code)),
            SearchVector(text, weight=weight, config=search_config(code)),
        )

    own = column(model, name, language)
    if own == column(model, name, default):
        return vector(default)
    return Case(
        When(Q(**{f"{own}__gt": ""}), then=vector(language)),
        default=vector(default),
        output_field=SearchVectorField(),
    )


def vector_expression(model, weights: dict[str, str], language: str):
    """The expression of ``search_vector_<language>`` for ``model``'s rows."""
    vectors = [
        field_vector(model, name, weight, language)
        for name, weight in weighted_fields(model, weights).items()
    ]
    return concatenated(*vectors)


def concatenated(*vectors):
    return reduce(
        lambda left, right: CombinedExpression(
            left, "||", right, output_field=SearchVectorField()
        ),
        vectors,
    )


def tsquery(query: str, language: str) -> SearchQuery:
    """``query`` stemmed as ``language``'s text was, either way."""
    return SearchQuery(
        query, search_type="websearch", config=accentless_config(language)
    ) | SearchQuery(query, search_type="websearch", config=search_config(language))


def postgresql_search(queryset, query: str, language: str):
    """
    The words stemmed as the item's text was: in the visitor's language for
    items translated into it, in the default language for the others (which
    show its text).
    """
    vector = F(field_name("search_vector", language))
    own = tsquery(query, language)
    if language == default_language():
        return queryset.filter(**{vector.name: own}).annotate(
            rank=SearchRank(vector, own)
        )
    default = tsquery(query, default_language())
    fallback = untranslated(language)
    return queryset.filter(
        (~fallback & Q(**{vector.name: own})) | (fallback & Q(**{vector.name: default}))
    ).annotate(
        rank=Case(
            When(fallback, then=SearchRank(vector, default)),
            default=SearchRank(vector, own),
            output_field=FloatField(),
        )
    )


def suggestion(query: str, language: str, using: str = "default") -> str | None:
    """
    The query with each word replaced by the closest word (by trigrams,
    accents aside) of the published titles and the topics in ``language``;
    None when that changes nothing. PostgreSQL only (``pg_trgm``): SQLite
    has no cheap measure of likeness, and makes no suggestion.

    The words are read from the published rows at the moment of asking, so
    no word of a draft or a scheduled item is ever suggested; it is asked
    only when a search finds nothing.
    """
    from . import registry
    from .models import Topic

    words = re.findall(r"\w+", query.lower())[:MAX_SEARCH_WORDS]
    if not is_postgresql(using) or not words:
        return None
    sources = [
        model.objects.using(using)
        .published()
        .annotate(text=localized("title", language))
        .values("text")
        .order_by()
        for model in registry.publishable_models()
    ]
    sources.append(
        Topic.objects.using(using)
        .annotate(text=localized("name", language))
        .values("text")
        .order_by()
    )
    parts, params = [], []
    for source in sources:
        sql, source_params = source.query.get_compiler(using).as_sql()
        parts.append(f"({sql})")
        params.extend(source_params)
    titles = " UNION ALL ".join(parts)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""
            WITH titles(text) AS ({titles}),
            vocabulary AS MATERIALIZED (
                SELECT DISTINCT word, unaccent(word) AS plain
                FROM titles,
                unnest(tsvector_to_array(to_tsvector('simple', titles.text))) AS word
                WHERE length(word) >= %s
            )
            SELECT (
                SELECT vocabulary.word FROM vocabulary
                WHERE similarity(vocabulary.plain, unaccent(asked.word)) >= %s
                ORDER BY similarity(vocabulary.plain, unaccent(asked.word)) DESC,
                    vocabulary.word
                LIMIT 1
            )
            FROM unnest(%s::text[]) WITH ORDINALITY AS asked(word, position)
            ORDER BY asked.position
            """,
            [*params, SUGGESTION_MIN_LENGTH, SUGGESTION_SIMILARITY, words],
        )
        closest = [row[0] for row in cursor.fetchall()]
    suggested = [found or word for word, found in zip(words, closest, strict=True)]
    if fold(" ".join(suggested)) == fold(" ".join(words)):
        return None
    return " ".join(suggested)


# SQLite


def create_sqlite_table(cursor) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "model UNINDEXED, language UNINDEXED, a, b, c, d, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def fts_query(query: str) -> str | None:
    """
    FTS5's query for what a person typed: each word a quoted string, so
    nothing typed (quotes, ``*``, ``NEAR(``, ``-``, ``AND``, ``OR``) is read
    as FTS5's syntax; every word must match. None when nothing is left.
    """
    words = query.replace("\x00", "").split()[:MAX_SEARCH_WORDS]
    if not words:
        return None
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)


def sqlite_search(queryset, query: str, language: str):
    match = fts_query(query)
    if match is None:
        return queryset.none()
    model = queryset.model
    label = model._meta.label_lower
    weights = ", ".join(str(WEIGHTS[weight]) for weight in COLUMNS)
    key = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    matching = RawSQL(
        f"SELECT rowid >> {KEY_SHIFT} FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND model = %s AND language = %s",
        [match, label, language],
    )
    # bm25 is lower for better matches; the model's and language's columns
    # weigh nothing.
    rank = RawSQL(
        f"SELECT -bm25({TABLE}, 0, 0, {weights}) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s AND rowid = ({key} << {KEY_SHIFT}) + %s",
        [match, index_suffix(label, language)],
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=matching).annotate(rank=rank)


def row_texts(model, weights: dict[str, str], row: dict, language: str) -> list[str]:
    """The text of each weight's column for ``row`` (field values by column)."""
    texts = {weight: [] for weight in COLUMNS}
    for name, weight in weighted_fields(model, weights).items():
        own = column(model, name, language)
        default = column(model, name, default_language())
        value = row.get(own) or row.get(default) or ""
        if isinstance(model._meta.get_field(default), RichTextField):
            value = plain_text(value)
        texts[weight].append(value[:SEARCH_FIELD_LIMIT])
    return ["\n".join(filter(None, texts[weight])) for weight in COLUMNS]


def index_columns(model, weights: dict[str, str]) -> list[str]:
    return list(
        dict.fromkeys(
            column(model, name, language)
            for name in weighted_fields(model, weights)
            for language in language_codes()
        )
    )


def write_sqlite_rows(cursor, model, label: str, weights, rows) -> None:
    cursor.executemany(
        f"INSERT OR REPLACE INTO {TABLE} (rowid, model, language, a, b, c, d) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (
                index_key(label, row["pk"], language),
                label,
                language,
                *row_texts(model, weights, row, language),
            )
            for row in rows
            for language in language_codes()
        ],
    )


# Both


def index_item(item) -> None:
    """Bring ``item``'s entry in the index up to date with its saved row."""
    model, using = type(item), item._state.db
    row = model._base_manager.using(using).filter(pk=item.pk)
    if is_postgresql(using):
        row.update(
            **{
                field_name("search_vector", language): vector_expression(
                    model, model.search_weights, language
                )
                for language in language_codes()
            }
        )
    elif is_sqlite(using):
        values = {
            name: getattr(item, name)
            for name in index_columns(model, model.search_weights)
        }
        with connections[using].cursor() as cursor:
            write_sqlite_rows(
                cursor,
                model,
                model._meta.label_lower,
                model.search_weights,
                [{"pk": item.pk, **values}],
            )


def forget_item(sender, instance, using, **kwargs) -> None:
    """A deleted item's text leaves SQLite's index (its row held PostgreSQL's)."""
    if not is_sqlite(using):
        return
    label = sender._meta.label_lower
    with connections[using].cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {TABLE} WHERE rowid = %s",
            [(index_key(label, instance.pk, code),) for code in language_codes()],
        )


def rebuild_index(apps=None, using: str = "default") -> None:
    """
    Every item's entry, made again from the stored rows: after a migration
    changes how text is indexed, or a restore. With ``apps`` (a
    migration's), the models as that migration sees them, with the fields
    they have then.
    """
    from . import registry

    for live in registry.publishable_models():
        model = live
        if apps is not None:
            try:
                model = apps.get_model(live._meta.label)
            except LookupError:
                continue  # Its app's tables come later; they start empty.
        rebuild_model(model, live._meta.label_lower, live.search_weights, using)


def rebuild_model(model, label: str, weights: dict[str, str], using: str) -> None:
    rows = model._base_manager.using(using)
    if is_postgresql(using):
        rows.update(
            **{
                field_name("search_vector", language): vector_expression(
                    model, weights, language
                )
                for language in language_codes()
            }
        )
        return
    if not is_sqlite(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE model = %s", [label])
        batch = []
        for row in rows.values("pk", *index_columns(model, weights)).iterator(
            chunk_size=200
        ):
            batch.append(row)
            if len(batch) == 200:
                write_sqlite_rows(cursor, model, label, weights, batch)
                batch = []
        write_sqlite_rows(cursor, model, label, weights, batch)


def search(queryset, query: str, language: str):
    """``queryset``'s items matching ``query``, annotated with ``rank``."""
    if language not in language_codes():  # a shell with no language active
        language = default_language()
    if is_postgresql(queryset.db):
        return postgresql_search(queryset, query, language)
    return sqlite_search(queryset, query, language)


# Excerpts and suggestions compare words as the index does.


def fold(text: str) -> str:
    """
    ``text`` without accents, one character for each of its own (so a match
    in it is a match at the same place in ``text``).
    """
    return "".join(map(fold_character, text))


def fold_character(character: str) -> str:
    base = unicodedata.normalize("NFD", character)[:1]
    return base or character
