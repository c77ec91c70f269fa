from armcms.content import registry
from armcms.content.sections import item_key
from impact.models import ImpactMetric
from news.models import PressRelease
from pages.models import Page, Person, Section
from publications.models import Publication
from tests.armcms.factories import PublishableFactory, library_document, library_image
from tests.conftest import image_bytes, pdf_with_text


class PageFactory(PublishableFactory):
    """A page at the top level, or below ``parent``."""

    class Meta:
        model = Page

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        if parent is None:
            return Page.objects.add_root(instance=page)
        return Page.objects.add_child(parent, instance=page)


def person(name="Ana Restrepo", **fields) -> Person:
    return Person.objects.create(
        name=name,
        role_en=fields.pop("role_en", "Director"),
        role_es=fields.pop("role_es", "Directora"),
        bio_en=fields.pop("bio_en", "Twenty years with mining cooperatives."),
        **fields,
    )


def document(title="Annual letter", **fields):
    return library_document(
        "letter.pdf",
        pdf_with_text("letter"),
        title_en=title,
        title_es=f"{title} (es)",
        **fields,
    )


def every_section_fields() -> dict[str, dict]:
    """
    For each kind of section the site has, the fields of a filled-in one
    (both languages where it has texts), choosing what exists: impact
    figures, published publications with a PDF, people and documents.
    """
    pdf_items = [
        item_key(item)
        for model in (Publication, PressRelease)
        for item in model.objects.published().exclude(pdf=None)
    ]
    return {
        "text": {
            "heading_en": "Our story",
            "heading_es": "Nuestra historia",
            "text_en": "<p>Founded by miners and partners.</p>",
            "text_es": "<p>Fundada por mineros y aliados.</p>",
        },
        "image": {
            "image": "miners.jpg",
            "image_alt_en": "Miners sorting ore by a river",
            "image_alt_es": "Mineros separando mineral junto a un río",
            "caption_en": "Sorting ore in Antioquia.",
            "credit": "Jane Doe",
        },
        "call_to_action": {
            "heading_en": "Work with us",
            "heading_es": "Trabaje con nosotros",
            "text_en": "<p>Tell us what you are working on.</p>",
            "button_label_en": "Write to us",
            "button_label_es": "Escríbanos",
            "link_url_en": "https://example.org/contact",
        },
        "quote": {
            "text_en": "<p>Mining can be formal, safe and fair.</p>",
            "text_es": "<p>La minería puede ser formal, segura y justa.</p>",
            "source_en": "A cooperative leader",
        },
        "impact_figures": {
            "heading_en": "In figures",
            "items": [item_key(m) for m in ImpactMetric.objects.active()],
        },
        "latest": {"heading_en": "News", "listing": "news.newsarticle", "count": 3},
        "documents": {"heading_en": "Reports", "items": pdf_items},
        "people": {"heading_en": "Our team", "heading_es": "Nuestro equipo"},
        "child_pages": {"heading_en": "Programmes", "heading_es": "Programas"},
        "video": {
            "heading_en": "Our film",
            "heading_es": "Nuestra película",
            "video_url": "https://www.youtube.com/watch?v=Ab3_-xYz789",
            "video_title_en": "Women miners in Antioquia",
            "video_title_es": "Mujeres mineras en Antioquia",
            "transcript_url_en": "https://example.org/transcript",
        },
    }


def add_every_section(page, people=(), documents=()) -> list[Section]:
    """A section of every kind on ``page``, in the registry's order."""
    fields = every_section_fields()
    missing = set(registry.section_kinds()) - set(fields)
    assert not missing, f"add a filled-in section of each new kind: {missing}"
    sections = []
    for position, (kind, values) in enumerate(fields.items()):
        image = values.pop("image", None)
        section = Section(page=page, kind=kind, position=position, **values)
        if image is not None:
            section.image = library_image(image, image_bytes("JPEG", (800, 450)))
        section.save()
        if kind == "people":
            section.people.set(people)
        if kind == "documents":
            section.files.set(documents)
        sections.append(section)
    return sections
