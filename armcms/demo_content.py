"""
The demo site's content, drawn from the Alliance for Responsible Mining's
homepage: its titles, dates, places and figures, with summaries and bodies
written afresh. Where the page gives no date, the items keep the page's order
with dates chosen to match it (noted beside each).
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BOGOTA)


TOPICS = [
    "COVID-19",
    "Fairmined",
    "Finance",
    "Formalisation",
    "Gender",
    "Mercury",
    "Responsible supply chains",
]

COUNTRIES = [
    ("Bolivia", "BO"),
    ("Brazil", "BR"),
    ("Colombia", "CO"),
    ("France", "FR"),
    ("Peru", "PE"),
]

HOMEPAGE = {
    "intro": (
        "We work alongside artisanal and small-scale miners so that their "
        "trade becomes formal, safe and fair to people and the environment."
    ),
    "our_work": (
        "<p>The Alliance for Responsible Mining supports artisanal and "
        "small-scale mining organisations in Latin America and Africa on the "
        "road to formal, responsible production.</p>"
        "<ul>"
        "<li><strong>Formalisation and improvement:</strong> technical "
        "assistance, improvement plans built with the miners, and work with "
        "governments on fair rules.</li>"
        "<li><strong>Fairmined Certification:</strong> a standard that lets "
        "miners sell certified gold and earn a Premium for their communities.</li>"
        "<li><strong>Responsible supply chains:</strong> helping refiners, "
        "jewellers and mints buy from small-scale mines with confidence.</li>"
        "</ul>"
    ),
}

# The seed page lists these news items without dates; the first one's study
# started on 11 May 2020, and the others get earlier dates in page order.
NEWS = [
    {
        "title": "Impacts study of COVID-19 in artisanal mining communities: "
        "The Alliance for Responsible Mining is mobilizing!",
        "published_at": at(2020, 5, 11),
        "is_featured": True,
        "summary": "From 11 May to 31 July 2020, ARM takes part in a worldwide "
        "effort to gather data on what the coronavirus pandemic is doing to "
        "artisanal mining communities.",
        "body": "<p>Between 11 May and 31 July 2020 the Alliance for Responsible "
        "Mining joins a global data-collection exercise on the effects of the "
        "pandemic in artisanal mining communities.</p>"
        "<h2>Why the data matters</h2>"
        "<p>Lockdowns closed mines, markets and roads. Measuring how income, "
        "health and safety changed helps governments and buyers respond where "
        "it is most needed.</p>",
        "topics": ["COVID-19"],
        "countries": [],
    },
    {
        "title": "Artisanal and small-scale miners facing Covid-19",
        "published_at": at(2020, 5, 4),
        "summary": "An OECD multi-stakeholder group that includes ARM and "
        "Solidaridad calls for continued support to small-scale miners during "
        "the pandemic.",
        "body": "<p>The OECD multi-stakeholder steering group that guides the "
        "implementation of the Due Diligence Guidance for Responsible Mineral "
        "Supply Chains counts ARM and Solidaridad among its members. The group "
        "has issued a public call for action.</p>"
        "<p>It points to the sector's potential to drive development, to the "
        "vulnerable position of its workers, made worse by the pandemic, and "
        "asks for support to continue and grow so that miners can take part "
        "in formal markets.</p>",
        "topics": ["COVID-19", "Responsible supply chains"],
        "countries": [],
    },
    {
        "title": "Advances in participative improvement plans with miners "
        "from Paipa and San Roque, Colombia",
        "published_at": at(2020, 4, 27),
        "summary": "Fourteen mining units chosen in 2019 have been assessed "
        "against CRAFT risks, and the miners are now designing their "
        "improvement plans with ARM.",
        "body": "<p>In 2019 ARM chose 14 mining units and reviewed each one for "
        "the risks named in the CRAFT code: commercial practice, health and "
        "safety at work, the environment and management, among others.</p>"
        "<p>Building on that review, women and men miners of the municipality "
        "are designing improvement plans together with ARM, backed by key "
        "partners in the territory.</p>",
        "topics": ["Formalisation"],
        "countries": ["CO"],
    },
    {
        "title": "Pallaqueras in Peru receive support with food baskets",
        "published_at": at(2020, 4, 20),
        "summary": "Forty-two pallaqueras of MACDESA, a Fairmined certified "
        "organisation in Arequipa, received food baskets after the quarantine "
        "stopped their work.",
        "body": "<p>Pallaqueras are women who sort ore by hand, picking out the "
        "rocks that carry precious metal. Forty-two of them belong to MACDESA, "
        "a Fairmined certified mining organisation in Arequipa.</p>"
        "<p>Peru's quarantine began in March 2020 and forced them to stop "
        "working, cutting off their income. The food baskets help them through "
        "the months without work.</p>",
        "topics": ["COVID-19", "Gender", "Fairmined"],
        "countries": ["PE"],
    },
    {
        "title": "MIT and ARM join forces to address gender violence in the "
        "artisanal and small-scale mining sector",
        "published_at": at(2020, 4, 13),
        "summary": "A two-year programme of MIT D-Lab and ARM tackles "
        "gender-based violence against women gold miners in Antioquia, "
        "Colombia.",
        "body": "<p>MIT D-Lab's Inclusive Economies programme and ARM in "
        "Colombia are starting a two-year programme against the gender-based "
        "violence that women in artisanal and small-scale gold mining face in "
        "Antioquia.</p>"
        "<p>The project builds a movement: it strengthens women miners' "
        "associations and advocacy from within the communities of Andes, "
        "Zaragoza, Nechí and El Bagre, to confront social and economic "
        "violence.</p>",
        "topics": ["Gender"],
        "countries": ["CO"],
    },
]

# The first release's date has no year on the seed page; it sits above the
# July 2019 release, so 2019 is used.
PRESS_RELEASES = [
    {
        "title": "New interactive report highlights efforts of small-scale "
        "miners in Latin America to formalise",
        "published_at": at(2019, 9, 30),
        "summary": "Civil society organisations from Latin America and the UK "
        "gather the stories of small-scale miners from Brazil, Colombia and "
        "Peru who are working to formalise.",
        "body": "<p>An alliance of civil society organisations from Latin "
        "America and the United Kingdom has put together an interactive "
        "report with the stories of artisanal and small-scale miners from "
        "Brazil, Colombia and Peru and the steps they have taken towards "
        "formalisation.</p>",
        "topics": ["Formalisation"],
        "countries": ["BR", "CO", "PE"],
    },
    {
        "title": "Open letter to the attention of the Executive Directorate of Metalor",
        "published_at": at(2019, 7, 4),
        "summary": "ARM voices its concern at Metalor's decision to suspend "
        "business with artisanal and small-scale gold producers.",
        "body": "<p>The Alliance for Responsible Mining writes to Metalor's "
        "executive directorate about its recent decision to suspend commercial "
        "relations with artisanal and small-scale producers, and about what "
        "that decision means for miners working to meet responsible "
        "standards.</p>",
        "topics": ["Responsible supply chains"],
        "countries": [],
    },
    {
        "title": "Proposals on mercury after COP2",
        "published_at": at(2018, 11, 26),
        "summary": "After the second Conference of the Parties to the Minamata "
        "Convention in Geneva, ARM sets out its proposals on mercury.",
        "body": "<p>The second meeting of the Conference of the Parties to the "
        "Minamata Convention on Mercury (COP2) was held in Geneva this week. "
        "ARM shares its proposals for reducing mercury use in artisanal and "
        "small-scale gold mining.</p>",
        "topics": ["Mercury"],
        "countries": [],
    },
    {
        "title": "Monnaie de Paris launches the first coin made of Fairmined "
        "gold in France",
        "dateline": "Medellín / París",
        "published_at": at(2018, 5, 14),
        "summary": "To mark the centenary of the First World War, Monnaie de "
        "Paris strikes France's first coin in Fairmined gold.",
        "body": "<p>For the centenary of the First World War, Monnaie de Paris, "
        "the oldest institution in France, issues the country's first coin "
        "made of Fairmined certified gold.</p>",
        "topics": ["Fairmined"],
        "countries": ["FR"],
    },
    {
        "title": "Second Responsible Gold mine certified in Bolivia: the Mining "
        "Association of Yani R.L.",
        "published_at": at(2017, 3, 23),
        "summary": "The Yani R.L. cooperative earns Fairmined Certification in "
        "March 2017, the second in Bolivia.",
        "body": "<p>In March 2017 the Bolivian mining cooperative Yani R.L. "
        "obtained Fairmined Certification, and every member shares in the "
        "recognition of their commitment to high standards.</p>",
        "topics": ["Fairmined"],
        "countries": ["BO"],
    },
]

SERIES = {"title": "A world without financial services"}

# The seed page gives publications no dates or years; dates follow its order.
PUBLICATIONS = [
    {
        "title": "Artisanal and Small-Scale Mining: Addressing Challenges in "
        "Global Supply Chains",
        "kind": "paper",
        "published_at": at(2020, 3, 2),
        "summary": "Working conditions in artisanal and small-scale mining, the "
        "human-rights risks they carry, and what they mean for companies.",
        "abstract": "This paper describes the often inhumane working conditions "
        "in artisanal and small-scale mining, sets out the human-rights risks "
        "and the responsibilities of businesses that follow from them, and "
        "discusses the challenges the sector poses for companies.",
        "with_pdf": True,
        "topics": ["Responsible supply chains"],
        "countries": [],
    },
    {
        "title": "Mining by profession, criminal by social prejudice",
        "kind": "article",
        "published_at": at(2020, 2, 17),
        "summary": "A small-scale gold miner on saving as the only way to "
        "invest when banks will not lend to the sector.",
        "body": "<p>For many small-scale gold miners, savings are the only "
        "means of buying equipment and machinery, because credit from banks "
        "is out of reach in practice.</p>"
        "<p>Access to credit would let them grow and manage their cash better, "
        "but the stigma attached to mining, and to small-scale gold above all, "
        "keeps that door closed.</p>",
        "topics": ["Finance"],
        "countries": ["CO"],
    },
    {
        "title": "Is recycled gold an ethical choice?",
        "kind": "article",
        "published_at": at(2020, 1, 27),
        "summary": "Jewellers have long been told recycled gold is the "
        "responsible choice. Is it?",
        "body": "<p>For over ten years the jewellery industry has presented "
        "recycled gold as the answer to responsible chains of custody and to "
        "questions of provenance and traceability.</p>"
        "<p>Is using only recycled gold enough to call a jewel responsible? "
        "This piece looks for an answer.</p>",
        "topics": ["Responsible supply chains", "Fairmined"],
        "countries": [],
    },
    {
        "title": "A world without financial services (2)",
        "kind": "article",
        "published_at": at(2019, 12, 9),
        "part_number": 2,
        "summary": "Are the reasons banks give for refusing gold miners really "
        "objective?",
        "body": "<p>Banks most often turn gold miners away because they find "
        "it hard to carry out the due diligence needed to assess the risk.</p>"
        "<p>But is that reason objective when the compliance department's "
        "inability to manage the risk is blamed on the miner being "
        "assessed?</p>",
        "topics": ["Finance"],
        "countries": ["CO"],
    },
    {
        "title": "A world without financial services (1)",
        "kind": "article",
        "published_at": at(2019, 11, 25),
        "part_number": 1,
        "summary": "Colombia's financial-inclusion policies seem to overlook "
        "artisanal and small-scale miners.",
        "body": "<p>Colombia's financial-inclusion policies appear not to see "
        "the artisanal and small-scale mining sector at all.</p>"
        "<p>As a result, miners struggle to reach formal markets and have no "
        "financial services through which to channel what they earn.</p>",
        "topics": ["Finance"],
        "countries": ["CO"],
    },
]

# The seed page is undated; its latest date (31 July 2020) is used as "as of".
IMPACT_AS_OF = date(2020, 7, 31)
IMPACT_METRICS = [
    {
        "label": "countries",
        "value": Decimal(15),
        "context": "in Latin America and Africa where ARM has taken part in "
        "efforts to formalise and improve artisanal and small-scale mining.",
    },
    {
        "label": "mining organisations supported",
        "value": Decimal(150),
        "suffix": "+",
        "context": "More than 150 mining organisations have had our support.",
    },
    {
        "label": "certified organisations",
        "value": Decimal(8),
        "context": "of the organisations we support currently hold Fairmined "
        "Certification.",
    },
    {
        "label": "of Fairmined Premium paid",
        "value": Decimal(1_530_000),
        "unit": "USD",
        "context": "paid to certified mining organisations to invest in their "
        "development and in community projects.",
    },
]
