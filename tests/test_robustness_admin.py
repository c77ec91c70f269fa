"""
The back office, given hostile input: every add and change form of our apps,
filled in by a superuser, answers 200 with its errors, or 302 after a save
whose content then renders on the public site; the change list of every
registered model, with the filters, date drill-down and search it offers,
and every autocomplete lookup survive random query strings from a
superuser, an editor and a publisher. Never a server error or an exception.
"""

import io
from contextlib import contextmanager
from datetime import timedelta
from itertools import cycle
from urllib.parse import parse_qsl, quote
from xml.etree import ElementTree

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import event, given
from hypothesis import strategies as st

from armcms.content import forms as armcms_forms
from armcms.content.library import Document, Image
from armcms.content.models import (
    Country,
    HomePage,
    PublishableModel,
    Singleton,
    SiteIdentity,
    Topic,
)
from impact.models import ImpactMetric
from news.models import NewsArticle
from pages.models import MenuItem, Page, Person
from publications.models import Publication, Series
from tests.armcms.admin_helpers import form_data
from tests.armcms.factories import CountryFactory, TopicFactory
from tests.client import Client
from tests.conftest import image_bytes, pdf_with_text
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.pages.factories import PageFactory, add_every_section, document, person
from tests.publications.factories import PublicationFactory, SeriesFactory
from tests.strategies import (
    dates,
    encoded,
    garbage,
    long_text,
    numbers,
    query_strings,
    robustness,
    times,
    uploads,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

OUR_APPS = {"armcms", "news", "publications", "impact", "pages"}
REGISTERED = [model for model in apps.get_models() if admin.site.is_registered(model)]
ADMINS = [model for model in REGISTERED if model._meta.app_label in OUR_APPS]
ROLES = ["Editor", "Publisher"]
# The one row of each settings object exists, so its add page is refused
# (403) by design.
FORMS = [
    (model, action)
    for model in ADMINS
    for action in ("add", "change")
    if not (issubclass(model, Singleton) and action == "add")
]
MISSING_PK = 2**31 - 1
# Form counts for inline formsets. Django builds up to 2,000 forms for a
# count that asks for more, which takes seconds to render: valid (no error),
# but too slow for every example.
FORM_COUNTS = ["", "0", "1", "2", "5", "-1", "1.5", "abc", "\x00", "\uff11"]
MULTIPLE_CHOICE_FIELDS = forms.MultipleChoiceField | forms.ModelMultipleChoiceField
TAXONOMY = {Topic: ("topics", "topic"), Country: ("countries", "country")}
FEEDS = {"/news/": "news", "/press/": "press", "/publications/": "publications"}


def admin_url(model, action, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo whatever it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# What an editor types into each add form, in the default language; the
# rest, translations included, keeps its defaults.
ADD_FORM_INPUT = {
    Topic: {"name_en": "Gold"},
    Country: {"name_en": "Peru", "code": "PE"},
    Series: {"title_en": "Mining notes"},
    ImpactMetric: {"label_en": "people trained", "value": "12"},
    MenuItem: {"menu": "main", "section": "home"},
    Person: {"name": "Ana Restrepo"},
    Document: {"title_en": "Annual letter", "file": "a PDF (see BackOffice.form)"},
    Image: {"title": "Mine gate", "file": "an image (see BackOffice.form)"},
}


class ReusableUpload(io.BytesIO):
    """A file the test client sends whole every time it is posted."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


class BackOffice:
    """
    A superuser's client (and an editor's and a publisher's), each admin form
    fetched once and filled in, and what each change list offers.
    """

    def __init__(self, client, user):
        self.client = client
        self.user = user
        self.clients = {"superuser": client}
        for role in ROLES:
            staff = get_user_model().objects.create_user(
                username=role.lower(), password="x" * 16, is_staff=True
            )
            staff.groups.add(Group.objects.get(name=role))
            self.clients[role] = Client()
            self.clients[role].force_login(staff)
        self.forms = {}
        self.parameters = {}

    def form(self, model, action) -> tuple[str, object, dict]:
        """
        The form's URL, its page, and POST data that saves it: the page's
        values, plus for an add form what an editor would type.
        """
        if (model, action) not in self.forms:
            args = [model._default_manager.earliest("pk").pk] * (action == "change")
            url = admin_url(model, action, *args)
            page = self.client.get(url)
            assert page.status_code == 200, url
            # A browser sends nothing for a multiple select left empty.
            data = {
                name: value
                for name, value in form_data(page).items()
                if value != ""
                or not isinstance(field_of(page, name), MULTIPLE_CHOICE_FIELDS)
            }
            if action == "add":
                data.update(ADD_FORM_INPUT.get(model, {"title_en": "Miners meet"}))
                if model is Document:
                    data["file"] = ReusableUpload("letter.pdf", pdf_with_text("x"))
                elif model is Image:
                    data["file"] = ReusableUpload(
                        "gate.png", image_bytes(size=(61, 37))
                    )
            with rolled_back():
                # Each example changes a valid submission: it must save as is.
                assert self.client.post(url, data).status_code == 302, url
            self.forms[model, action] = url, page, data
        return self.forms[model, action]

    def changelist_parameters(self, model) -> dict[str, list[str]]:
        """
        Each parameter ``model``'s change list offers (its filters' and date
        drill-down's, and the search), with the values its own links use.
        """
        if model not in self.parameters:
            model_admin = admin.site.get_model_admin(model)
            request = RequestFactory().get(admin_url(model, "changelist"))
            request.user = self.user
            changelist = model_admin.get_changelist_instance(request)
            parameters = {}
            for spec in changelist.filter_specs:
                names = spec.expected_parameters()
                for name in names:
                    parameters.setdefault(name, {""})
                for choice in spec.choices(changelist):
                    query = choice["query_string"].lstrip("?")
                    for name, value in parse_qsl(query, keep_blank_values=True):
                        if name in names:
                            parameters[name].add(value)
            if model_admin.date_hierarchy:
                for part, values in DRILL_DOWN.items():
                    parameters[f"{model_admin.date_hierarchy}__{part}"] = values
            if model_admin.get_search_fields(request):
                parameters[SEARCH_VAR] = {"gold", "mercury", "root"}
            self.parameters[model] = {
                name: sorted(values) for name, values in parameters.items()
            }
        return self.parameters[model]


@pytest.fixture
def back_office():
    """
    One saved object of each model (a publication in a series, a figure with
    history, topics and countries on content), made once per test.
    """
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(user)
    mercury, colombia = TopicFactory(name="Mercury"), CountryFactory(name="Colombia")
    series = SeriesFactory(title="Field notes")
    NewsArticleFactory(topics=[mercury], countries=[colombia])
    PressReleaseFactory(topics=[mercury])
    PublicationFactory(series=series, part_number=1, topics=[mercury])
    metric = ImpactMetricFactory()
    metric.history.create(measured_on=metric.measured_on - timedelta(days=400), value=1)
    HomePage.objects.create(intro="Welcome")
    SiteIdentity(name_en="Alliance").save()
    about = PageFactory(title="About us", topics=[mercury])
    # Its form holds a section of every kind, each field of them tried.
    add_every_section(about, people=[person()], documents=[document()])
    MenuItem.objects.create(menu="main", page=PageFactory(parent=about, title="Team"))
    return BackOffice(client, user)


def field_of(page, name: str) -> forms.Field | None:
    return form_fields(page).get(name)


def form_fields(response) -> dict:
    """Every field of an admin page's forms, inlines and their management forms
    included, by POST name."""
    forms_on_page = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms_on_page += [formset.management_form, *formset.forms, formset.empty_form]
    return {
        form[name].html_name: field
        for form in forms_on_page
        for name, field in form.fields.items()
    }


def forged_keys_are_safe(field: forms.Field) -> bool:
    """
    Whether the field and its widget cope with keys that no row can have
    ("abc", 2**64): Django's autocomplete widgets look them up and crash, and
    its multiple-choice field sends ids beyond 64 bits to the database. The
    replacements in armcms.content.forms do not (see test_forged_ids_are_form_errors).
    """
    widget = getattr(field.widget, "widget", field.widget)
    if isinstance(widget, AutocompleteMixin) and not isinstance(
        widget, armcms_forms.LookupValuesMixin
    ):
        return False
    return not isinstance(field, forms.ModelMultipleChoiceField) or isinstance(
        field, armcms_forms.ModelMultipleChoiceField
    )


def keys(field: forms.ModelChoiceField) -> st.SearchStrategy[str]:
    existing = list(field.queryset.values_list("pk", flat=True)) or [1]
    well_formed = st.one_of(
        st.sampled_from(existing).map(str),
        st.sampled_from(["0", "-1", str(MISSING_PK)]),
    )
    if not forged_keys_are_safe(field):
        return well_formed
    forged = st.sampled_from([str(2**63), str(2**64), "1.0", "1e3", "abc", "1\x00"])
    return st.one_of(well_formed, forged, garbage)


def entries(name: str, field: forms.Field) -> st.SearchStrategy[dict]:
    """POST entries for one form field, valid-looking or hostile."""
    absent = st.just({})
    if isinstance(field, forms.SplitDateTimeField):
        return st.fixed_dictionaries({f"{name}_0": dates, f"{name}_1": times})
    if isinstance(field, forms.FileField):
        return st.one_of(
            absent,
            uploads().map(lambda upload: {name: upload}),
            st.just({f"{name}-clear": "on"}),
        )
    if name.endswith("_FORMS"):  # a formset's management form
        return st.sampled_from(FORM_COUNTS).map(lambda value: {name: value})
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(keys(field), max_size=4).map(lambda chosen: {name: chosen})
    if isinstance(field, forms.ModelChoiceField):
        value = keys(field)
    elif isinstance(field, forms.BooleanField):
        value = st.sampled_from(["on", "false", "0", ""])
    elif isinstance(field, forms.ChoiceField):
        choices = [str(choice) for choice, _label in field.choices] or [""]
        value = st.one_of(st.sampled_from(choices), garbage)
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        value = st.one_of(numbers, garbage)
    elif isinstance(field, forms.DateField):
        value = dates
    else:
        value = garbage
    return st.one_of(absent, value.map(lambda value: {name: value}))


@st.composite
def hostile_changes(draw, fields: dict) -> dict:
    """Hostile values for a random subset (at least one) of ``fields``."""
    names = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, unique=True))
    changes = {}
    for name in names:
        changes.update(draw(entries(name, fields[name])))
    return changes


def public_pages(obj) -> list[str]:
    """
    The public pages showing ``obj``, just saved, in English and in Spanish
    (where the fuzzed translations show); a topic, country or series is
    first attached to published content so the pages show it.
    """
    if isinstance(obj, Page):
        with translation.override("es"):
            spanish = obj.get_absolute_url()
        return [obj.get_absolute_url(), "/sitemap-pages.xml", "/", spanish, "/es/"]
    if isinstance(obj, PublishableModel):
        section = obj.get_list_url()
        feed = FEEDS[section]
        with translation.override("es"):
            spanish = [obj.get_absolute_url(), obj.get_list_url()]
        return [
            obj.get_absolute_url(),
            section,
            f"/feeds/{feed}/",
            f"/feeds/{feed}/atom/",
            f"/sitemap-{feed}.xml",
            "/",
            *spanish,
            f"/es/feeds/{feed}/",
            "/es/",
        ]
    if isinstance(obj, Topic | Country):
        relation, name = TAXONOMY[type(obj)]
        for model in (NewsArticle, Publication):
            getattr(model.objects.published().earliest("pk"), relation).add(obj)
        return [
            f"/news/?{name}={obj.slug}",
            "/publications/",
            "/feeds/news/",
            "/feeds/publications/atom/",
            "/es/news/",
            "/es/publications/",
        ]
    if isinstance(obj, Series):
        Publication.objects.filter(series__isnull=False).update(series=obj)
        return [
            "/publications/",
            f"/publications/?series={obj.slug}",
            "/es/publications/",
        ]
    return ["/", "/impact/", "/es/", "/es/impact/"]


def check_public_pages(client, obj) -> None:
    # Staff see the item's own pages even as a draft (a preview).
    own_pages = set()
    if isinstance(obj, PublishableModel):
        for code in ("en", "es"):
            with translation.override(code):
                own_pages.add(obj.get_absolute_url())
    for path in public_pages(obj):
        response = (client if path in own_pages else Client()).get(path)
        assert response.status_code in (200, 404), path
        if response.status_code == 200 and "xml" in response["Content-Type"]:
            ElementTree.fromstring(response.content)


def has_errors(response) -> bool:
    if response.context["adminform"].form.errors:
        return True
    return any(
        any(inline.formset.errors) or inline.formset.non_form_errors()
        for inline in response.context["inline_admin_formsets"]
    )


@pytest.mark.parametrize(
    ("model", "action"),
    FORMS,
    ids=[f"{model._meta.model_name}-{action}" for model, action in FORMS],
)
@robustness(max_examples=12)
@given(data=st.data())
def test_admin_forms_survive_hostile_input(back_office, model, action, data):
    url, page, valid = back_office.form(model, action)
    changes = data.draw(hostile_changes(form_fields(page)), label="changes")
    client = back_office.client
    with rolled_back():
        response = client.post(url, {**valid, **changes})
        assert response.status_code in (200, 302)
        uploaded = any(hasattr(value, "read") for value in changes.values())
        event(f"answered {response.status_code}" + " with a file" * uploaded)
        if response.status_code == 200:
            assert has_errors(response), "the form came back without an error"
        else:
            manager = model._default_manager
            obj = manager.latest("pk") if action == "add" else manager.earliest("pk")
            check_public_pages(client, obj)


@pytest.mark.parametrize("forged", ["abc", "1.0", str(2**64)])
@pytest.mark.parametrize(
    ("model", "field"),
    [(NewsArticle, "topics"), (NewsArticle, "countries"), (Publication, "series")],
)
def test_forged_ids_are_form_errors(back_office, model, field, forged):
    url, _page, valid = back_office.form(model, "add")
    value = [forged] if field != "series" else forged
    response = back_office.client.post(url, {**valid, field: value})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "forged", ["abc", "1.0", str(2**64), "-" + str(2**64), "1\x00"]
)
def test_armcms_fields_and_widgets_refuse_forged_ids(back_office, forged):
    topic, series = Topic.objects.get(), Series.objects.get()
    topics = armcms_forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        widget=armcms_forms.AutocompleteSelectMultiple(
            Publication._meta.get_field("topics"), admin.site
        ),
    )
    with pytest.raises(forms.ValidationError):
        topics.clean([str(topic.pk), forged])
    html = topics.widget.render("topics", [str(topic.pk), forged])
    assert f'<option value="{topic.pk}" selected>{topic.name}</option>' in html
    series_field = forms.ModelChoiceField(
        Series.objects.all(),
        widget=armcms_forms.AutocompleteSelect(
            Publication._meta.get_field("series"), admin.site
        ),
    )
    assert series.title not in series_field.widget.render("series", forged)


@pytest.mark.parametrize("field", ["value", "history-0-value"])
def test_a_signalling_nan_is_a_form_error(back_office, field):
    url, _page, valid = back_office.form(ImpactMetric, "change")
    response = back_office.client.post(url, {**valid, field: "sNaN"})
    assert response.status_code == 200
    assert has_errors(response)


# Changelists and autocomplete lookups.

# The change list's own parameters (ordering, page, "show all", popups,
# facets, the error flag) and the date drill-down's values.
CHANGELIST_PARAMS = ["o", "p", "e", "all", "_popup", "_to_field", "_facets"]
DRILL_DOWN = {"year": {"2024", "9999"}, "month": {"1", "12"}, "day": {"1", "31"}}
# Numbers beyond every column's range, negative, or not numbers at all.
HOSTILE_NUMBERS = st.sampled_from(
    [
        *("-1", "0", str(2**31), str(2**63), str(2**64), "-" + str(2**70)),
        *("9" * 40, "1e999999", "NaN", "1.5", "0x10", "1,2", ",", "1,abc"),
    ]
)
# NUL first: PostgreSQL refuses it in text, SQLite takes it. Lone surrogates
# come from encoded() (a broken escape such as %ED%A0%80).
hostile_values = st.one_of(
    st.sampled_from(["\x00", "draft\x00", "1\x00", "\x00" * 3]),
    long_text,
    HOSTILE_NUMBERS,
    garbage,
)


@st.composite
def changelist_queries(draw, parameters: dict[str, list[str]]) -> str:
    """
    A raw query string for a change list: a few of its parameters with the
    values its own links use, one of them (or of its own parameters) given a
    hostile value, each in any of three encodings.
    """
    names = sorted(parameters)
    valid = st.sampled_from(names or [""]).flatmap(
        lambda name: st.tuples(
            st.just(name), st.sampled_from(parameters.get(name, [""]))
        )
    )
    pairs = draw(st.lists(valid, max_size=3 if names else 0))
    hostile = (draw(st.sampled_from(names + CHANGELIST_PARAMS)), draw(hostile_values))
    pairs.insert(draw(st.integers(0, len(pairs))), hostile)
    return "&".join(
        f"{draw(encoded(name))}={draw(encoded(value))}" for name, value in pairs
    )


@pytest.mark.parametrize(
    "model", REGISTERED, ids=[model._meta.label_lower for model in REGISTERED]
)
@robustness(max_examples=10)
@given(data=st.data())
def test_changelists_survive_hostile_query_strings(back_office, model, data):
    parameters = back_office.changelist_parameters(model)
    valid = sorted({value for values in parameters.values() for value in values})
    valid = valid or [""]
    names = sorted(parameters) + CHANGELIST_PARAMS
    query = data.draw(
        st.one_of(
            changelist_queries(parameters),
            query_strings(names, st.sampled_from(valid)),
        ),
        label="query",
    )
    role = data.draw(st.sampled_from(["superuser", *ROLES]), label="role")
    with rolled_back():
        response = back_office.clients[role].get(
            admin_url(model, "changelist"), QUERY_STRING=query
        )
    event(f"answered {response.status_code}")
    assert response.status_code < 500, query


# Every parameter of every change list, each hostile value in turn: NUL,
# very long, lone surrogates (broken escapes), numbers out of range, text
# where a number or a date belongs.
SWEEP_VALUES = [
    *(quote(value) for value in ["draft\x00", "x" * 5000, "abc"]),
    *(quote(value) for value in [str(2**64), "-" + str(2**70)]),
    "%ED%A0%80",
]


@pytest.mark.parametrize(
    "model", REGISTERED, ids=[model._meta.label_lower for model in REGISTERED]
)
def test_every_changelist_parameter_takes_hostile_values(back_office, model):
    url = admin_url(model, "changelist")
    # Each value goes to every parameter; the signed-in user takes turns.
    users = cycle(["superuser", *ROLES])
    for name in sorted(back_office.changelist_parameters(model)):
        for value in SWEEP_VALUES:
            role = next(users)
            query = f"{quote(name)}={value}"
            response = back_office.clients[role].get(url, QUERY_STRING=query)
            assert response.status_code < 500, (role, query)


# Once broken, or close to it, on the news change list.
KNOWN_HOSTILE_QUERIES = [
    "published_at__year=0",
    "published_at__year=1&published_at__month=1",
    "q=%00&o=99.-99&p=" + "9" * 30,
    "_to_field=password",
    "status__exact=%00",
    "visibility=%00",
    "translation=es-%00",
    "topics__id__exact=%00",
    "topics__id__exact=" + str(2**64),
    "published_at__year=%00",
    "published_at__year=-1",
    "published_at__year=" + "9" * 30,
    "q=" + "a" * 60_000,
    "q=%ED%A0%80",
]


@pytest.mark.parametrize("role", ["superuser", *ROLES])
def test_changelists_answer_known_hostile_queries(back_office, role):
    for query in KNOWN_HOSTILE_QUERIES:
        response = back_office.clients[role].get(
            admin_url(NewsArticle, "changelist"), QUERY_STRING=query
        )
        assert response.status_code in (200, 302, 400), query


@robustness(max_examples=30)
@given(
    query=query_strings(
        ["translation", "type", "page"],
        st.sampled_from(
            [
                "es-missing",
                "fr-outdated",
                "es-current",
                "news.newsarticle",
                "publications.publication",
                "auth.user",
                "2",
                "0",
                "9" * 30,
            ]
        ),
    )
)
def test_translation_overview_survives_hostile_query_strings(back_office, query):
    with rolled_back():
        response = back_office.client.get(
            reverse("admin:translation_overview"), QUERY_STRING=query
        )
    assert response.status_code == 200, query


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
    ],
)
def test_date_hierarchy_past_year_9999(back_office, query):
    response = back_office.client.get(
        admin_url(NewsArticle, "changelist"), QUERY_STRING=query
    )
    assert response.status_code in (200, 302)


def autocomplete_sources() -> list[tuple[str, str, str]]:
    """Each field of each registered admin (inlines included) that looks up
    its choices as the user types."""
    sources = []
    for model in REGISTERED:
        model_admin = admin.site.get_model_admin(model)
        for options in [model_admin, *model_admin.inlines]:
            opts = options.model._meta
            sources += [
                (opts.app_label, opts.model_name, name)
                for name in options.autocomplete_fields
            ]
    return sources


AUTOCOMPLETE_SOURCES = autocomplete_sources()


@robustness(max_examples=40)
@given(
    source=st.one_of(
        st.sampled_from(AUTOCOMPLETE_SOURCES),
        st.tuples(garbage, garbage, garbage),
    ),
    term=garbage,
    page=st.one_of(st.sampled_from(["1", "2", "0", str(2**64)]), hostile_values),
    role=st.sampled_from(["superuser", *ROLES]),
)
def test_autocomplete_survives_hostile_terms(back_office, source, term, page, role):
    app_label, model_name, field_name = source
    query = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
        "page": page,
    }
    with rolled_back():
        response = back_office.clients[role].get(reverse("admin:autocomplete"), query)
    assert response.status_code in (200, 403, 404), query


def test_every_autocomplete_field_is_fuzzed():
    assert {
        ("news", "newsarticle", "topics"),
        ("news", "pressrelease", "countries"),
        ("publications", "publication", "series"),
    } <= set(AUTOCOMPLETE_SOURCES)
