"""
The demo site's content, drawn from the Alliance for Responsible Mining's
homepage: its titles, dates, places and figures, with summaries and bodies
written afresh. Where the page gives no date, the items keep the page's order
with dates chosen to match it (noted beside each).

Every text is in English, the site's default language, in Spanish and in
French: each item's ``"es"`` and ``"fr"`` hold its texts in that language
under the same keys. Facts, figures, dates and proper names are the same in
all three.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BOGOTA)


# English name: its name in the other languages. Items refer to topics by
# their English name.
TOPICS = {
    "COVID-19": {"es": "COVID-19", "fr": "COVID-19"},
    "Fairmined": {"es": "Fairmined", "fr": "Fairmined"},
    "Finance": {"es": "Finanzas", "fr": "Finance"},
    "Formalisation": {"es": "Formalización", "fr": "Formalisation"},
    "Gender": {"es": "Género", "fr": "Genre"},
    "Mercury": {"es": "Mercurio", "fr": "Mercure"},
    "Responsible supply chains": {
        "es": "Cadenas de suministro responsables",
        "fr": "Chaînes d'approvisionnement responsables",
    },
}

# ISO code: the country's name in each language. Items refer to countries by
# code.
COUNTRIES = {
    "BO": {"en": "Bolivia", "es": "Bolivia", "fr": "Bolivie"},
    "BR": {"en": "Brazil", "es": "Brasil", "fr": "Brésil"},
    "CO": {"en": "Colombia", "es": "Colombia", "fr": "Colombie"},
    "FR": {"en": "France", "es": "Francia", "fr": "France"},
    "PE": {"en": "Peru", "es": "Perú", "fr": "Pérou"},
}

IDENTITY = {
    "name": "Alliance for Responsible Mining",
    "tagline": "Artisanal and small-scale mining that is formal, safe and fair",
    "es": {
        "name": "Alianza por la Minería Responsable",
        "tagline": "Minería artesanal y de pequeña escala formal, segura y justa",
    },
    "fr": {
        "name": "Alliance pour une mine responsable",
        "tagline": (
            "Une exploitation minière artisanale et à petite échelle formelle, "
            "sûre et équitable"
        ),
    },
}

# The lead story opens the homepage: the study the first news item reports.
HOMEPAGE = {
    "lead_title": "How is the pandemic changing artisanal mining?",
    "lead_text": (
        "From 11 May to 31 July 2020 we are part of a global data collection on "
        "what COVID-19 means for artisanal mining communities."
    ),
    "lead_link": (
        "/news/impacts-study-of-covid-19-in-artisanal-mining-communities-"
        "the-alliance-for-responsible-mining-is-mobilizing/"
    ),
    "lead_link_label": "Read about the study",
    "our_work_link": "/our-work/",
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
    "es": {
        "lead_title": "¿Cómo cambia la pandemia la minería artesanal?",
        "lead_text": (
            "Del 11 de mayo al 31 de julio de 2020 participamos en una recolección "
            "mundial de datos sobre lo que significa el COVID-19 para las "
            "comunidades de minería artesanal."
        ),
        "lead_link": (
            "/es/news/estudio-de-impactos-del-covid-19-en-comunidades-de-mineria-"
            "artesanal-la-alianza-por-la-mineria-responsable-se-moviliza/"
        ),
        "lead_link_label": "Leer sobre el estudio",
        "our_work_link": "/es/nuestro-trabajo/",
        "intro": (
            "Trabajamos junto a mineros artesanales y de pequeña escala para que "
            "su oficio sea formal, seguro y justo con las personas y el medio "
            "ambiente."
        ),
        "our_work": (
            "<p>La Alianza por la Minería Responsable acompaña a organizaciones "
            "de minería artesanal y de pequeña escala de América Latina y África "
            "en el camino hacia una producción formal y responsable.</p>"
            "<ul>"
            "<li><strong>Formalización y mejora:</strong> asistencia técnica, "
            "planes de mejora construidos con los mineros y trabajo con los "
            "gobiernos por reglas justas.</li>"
            "<li><strong>Certificación Fairmined:</strong> un estándar que "
            "permite a los mineros vender oro certificado y recibir una Prima "
            "para sus comunidades.</li>"
            "<li><strong>Cadenas de suministro responsables:</strong> apoyamos a "
            "refinadoras, joyeros y casas de moneda para que compren con "
            "confianza a minas de pequeña escala.</li>"
            "</ul>"
        ),
    },
    "fr": {
        "lead_title": "Comment la pandémie change-t-elle la mine artisanale ?",
        "lead_text": (
            "Du 11 mai au 31 juillet 2020, nous participons à une collecte mondiale "
            "de données sur ce que la COVID-19 signifie pour les communautés "
            "minières artisanales."
        ),
        "lead_link": (
            "/fr/news/etude-des-impacts-de-la-covid-19-dans-les-communautes-"
            "minieres-artisanales-lalliance-pour-une-mine-responsable-se-mobili/"
        ),
        "lead_link_label": "En savoir plus sur l'étude",
        "our_work_link": "/fr/notre-travail/",
        "intro": (
            "Nous travaillons aux côtés des mineurs artisanaux et à petite échelle "
            "pour que leur métier devienne formel, sûr et équitable envers les "
            "personnes comme envers l'environnement."
        ),
        "our_work": (
            "<p>L'Alliance pour une mine responsable accompagne les organisations "
            "minières artisanales et à petite échelle d'Amérique latine et "
            "d'Afrique vers une production formelle et "
            "responsable.</p><ul><li><strong>Formalisation et amélioration "
            ":</strong> assistance technique, plans d'amélioration conçus avec les "
            "mineurs et dialogue avec les gouvernements pour des règles "
            "justes.</li><li><strong>Certification Fairmined :</strong> une norme "
            "qui permet aux mineurs de vendre de l'or certifié et de percevoir une "
            "Prime pour leurs communautés.</li><li><strong>Chaînes "
            "d'approvisionnement responsables :</strong> nous aidons affineurs, "
            "joailliers et hôtels des monnaies à s'approvisionner en toute "
            "confiance auprès de mines à petite échelle.</li></ul>"
        ),
    },
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
        "es": {
            "title": "Estudio de impactos del COVID-19 en comunidades de minería "
            "artesanal: ¡la Alianza por la Minería Responsable se moviliza!",
            "summary": "Del 11 de mayo al 31 de julio de 2020, ARM participa en un "
            "esfuerzo mundial para recopilar datos sobre los efectos de la pandemia "
            "del coronavirus en las comunidades de minería artesanal.",
            "body": "<p>Entre el 11 de mayo y el 31 de julio de 2020, la Alianza por "
            "la Minería Responsable se suma a una recolección mundial de datos "
            "sobre los efectos de la pandemia en las comunidades de minería "
            "artesanal.</p>"
            "<h2>Por qué importan los datos</h2>"
            "<p>Las cuarentenas cerraron minas, mercados y carreteras. Medir cómo "
            "cambiaron los ingresos, la salud y la seguridad ayuda a los gobiernos "
            "y a los compradores a responder donde más se necesita.</p>",
        },
        "fr": {
            "title": (
                "Étude des impacts de la COVID-19 dans les communautés minières "
                "artisanales : l'Alliance pour une mine responsable se mobilise !"
            ),
            "summary": (
                "Du 11 mai au 31 juillet 2020, ARM participe à un effort mondial "
                "de collecte de données sur les effets de la pandémie de "
                "coronavirus dans les communautés minières artisanales."
            ),
            "body": (
                "<p>Entre le 11 mai et le 31 juillet 2020, l'Alliance pour une "
                "mine responsable prend part à une collecte mondiale de données "
                "sur les conséquences de la pandémie dans les communautés minières "
                "artisanales.</p><h2>Pourquoi ces données comptent</h2><p>Les "
                "confinements ont fermé mines, marchés et routes. Mesurer "
                "l'évolution des revenus, de la santé et de la sécurité aide les "
                "gouvernements et les acheteurs à agir là où les besoins sont les "
                "plus grands.</p>"
            ),
        },
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
        "es": {
            "title": "Mineros artesanales y de pequeña escala frente al Covid-19",
            "summary": "Un grupo multiactor de la OCDE del que forman parte ARM y "
            "Solidaridad pide mantener el apoyo a los mineros de pequeña escala "
            "durante la pandemia.",
            "body": "<p>El grupo directivo multiactor de la OCDE que orienta la "
            "implementación de la Guía de Debida Diligencia para Cadenas de "
            "Suministro Responsables de Minerales cuenta entre sus miembros con ARM "
            "y Solidaridad. El grupo ha hecho un llamado público a la acción.</p>"
            "<p>Destaca el potencial del sector como motor de desarrollo y la "
            "vulnerabilidad de quienes trabajan en él, agravada por la pandemia, y "
            "pide que el apoyo continúe y se amplíe para que los mineros puedan "
            "participar en los mercados formales.</p>",
        },
        "fr": {
            "title": "Les mineurs artisanaux et à petite échelle face à la Covid-19",
            "summary": (
                "Un groupe multipartite de l'OCDE, dont font partie ARM et "
                "Solidaridad, demande que le soutien aux mineurs à petite échelle "
                "se poursuive pendant la pandémie."
            ),
            "body": (
                "<p>Le groupe directeur multipartite de l'OCDE qui oriente la mise "
                "en œuvre du Guide sur le devoir de diligence pour des chaînes "
                "d'approvisionnement responsables en minerais compte ARM et "
                "Solidaridad parmi ses membres. Il a lancé un appel public à "
                "l'action.</p><p>Il souligne le potentiel du secteur comme moteur "
                "de développement et la vulnérabilité de ses travailleurs, "
                "aggravée par la pandémie, et demande que le soutien se poursuive "
                "et s'amplifie pour que les mineurs puissent accéder aux marchés "
                "formels.</p>"
            ),
        },
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
        "es": {
            "title": "Avances en los planes de mejora participativos con mineros "
            "de Paipa y San Roque, Colombia",
            "summary": "Catorce unidades mineras seleccionadas en 2019 ya fueron "
            "evaluadas frente a los riesgos CRAFT, y ahora los mineros diseñan sus "
            "planes de mejora junto con ARM.",
            "body": "<p>En 2019, ARM seleccionó 14 unidades mineras y revisó en cada "
            "una los riesgos que señala el código CRAFT: prácticas comerciales, "
            "salud y seguridad en el trabajo, medio ambiente y gestión, entre "
            "otros.</p>"
            "<p>A partir de esa revisión, las mineras y los mineros del municipio "
            "diseñan sus planes de mejora junto con ARM, con el respaldo de aliados "
            "clave en el territorio.</p>",
        },
        "fr": {
            "title": (
                "Avancées des plans d'amélioration participatifs avec les mineurs "
                "de Paipa et San Roque, en Colombie"
            ),
            "summary": (
                "Quatorze unités minières sélectionnées en 2019 ont été évaluées "
                "au regard des risques CRAFT ; les mineurs conçoivent désormais "
                "leurs plans d'amélioration avec ARM."
            ),
            "body": (
                "<p>En 2019, ARM a sélectionné 14 unités minières et examiné pour "
                "chacune les risques recensés par le code CRAFT : pratiques "
                "commerciales, santé et sécurité au travail, environnement et "
                "gestion, entre autres.</p><p>À partir de cet examen, les mineuses "
                "et les mineurs de la commune élaborent leurs plans d'amélioration "
                "avec ARM, soutenus par des partenaires clés du territoire.</p>"
            ),
        },
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
        "es": {
            "title": "Pallaqueras en Perú reciben apoyo con canastas de víveres",
            "summary": "Cuarenta y dos pallaqueras de MACDESA, una organización "
            "certificada Fairmined en Arequipa, recibieron canastas de víveres "
            "cuando la cuarentena detuvo su trabajo.",
            "body": "<p>Las pallaqueras son mujeres que seleccionan el mineral a "
            "mano: escogen las rocas que contienen metal precioso. Cuarenta y dos "
            "de ellas pertenecen a MACDESA, una organización minera certificada "
            "Fairmined en Arequipa.</p>"
            "<p>La cuarentena en Perú comenzó en marzo de 2020 y las obligó a "
            "suspender su trabajo, con lo que se quedaron sin ingresos. Las "
            "canastas de víveres las ayudan a sobrellevar los meses sin "
            "trabajo.</p>",
        },
        "fr": {
            "title": "Au Pérou, les pallaqueras reçoivent des paniers alimentaires",
            "summary": (
                "Quarante-deux pallaqueras de MACDESA, une organisation certifiée "
                "Fairmined d'Arequipa, ont reçu des paniers alimentaires après que "
                "le confinement a interrompu leur travail."
            ),
            "body": (
                "<p>Les pallaqueras sont des femmes qui trient le minerai à la "
                "main et en retirent les roches porteuses de métal précieux. "
                "Quarante-deux d'entre elles font partie de MACDESA, une "
                "organisation minière certifiée Fairmined d'Arequipa.</p><p>Le "
                "confinement décrété au Pérou en mars 2020 les a contraintes à "
                "cesser le travail, et les a privées de revenus. Les paniers "
                "alimentaires les aident à traverser ces mois sans activité.</p>"
            ),
        },
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
        "es": {
            "title": "MIT y ARM unen fuerzas para enfrentar la violencia de género "
            "en el sector de la minería artesanal y de pequeña escala",
            "summary": "Un programa de dos años de MIT D-Lab y ARM enfrenta la "
            "violencia basada en género contra las mujeres mineras de oro en "
            "Antioquia, Colombia.",
            "body": "<p>MIT D-Lab, con su programa Inclusive Economies, y ARM en "
            "Colombia ponen en marcha un programa de dos años contra la violencia "
            "basada en género que enfrentan las mujeres en la minería de oro "
            "artesanal y de pequeña escala en Antioquia.</p>"
            "<p>El proyecto construye movimiento: fortalece las asociaciones de "
            "mujeres mineras y la incidencia que nace de las propias comunidades "
            "de Andes, Zaragoza, Nechí y El Bagre para enfrentar la violencia "
            "social y económica.</p>",
        },
        "fr": {
            "title": (
                "Le MIT et ARM unissent leurs forces contre la violence de genre "
                "dans l'exploitation minière artisanale et à petite échelle"
            ),
            "summary": (
                "Un programme de deux ans du MIT D-Lab et d'ARM s'attaque aux "
                "violences fondées sur le genre que subissent les orpailleuses "
                "d'Antioquia, en Colombie."
            ),
            "body": (
                "<p>Le programme Inclusive Economies du MIT D-Lab et ARM en "
                "Colombie lancent un programme de deux ans contre les violences "
                "fondées sur le genre auxquelles sont exposées les femmes de "
                "l'orpaillage artisanal et à petite échelle dans le département "
                "d'Antioquia.</p><p>Le projet fait naître un mouvement : il "
                "renforce les associations de femmes mineuses et leur plaidoyer, "
                "au sein même des communautés d'Andes, Zaragoza, Nechí et El "
                "Bagre, pour faire face aux violences sociales et économiques.</p>"
            ),
        },
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
        "es": {
            "title": "Nuevo informe interactivo destaca los esfuerzos de los "
            "mineros de pequeña escala de América Latina por formalizarse",
            "summary": "Organizaciones de la sociedad civil de América Latina y el "
            "Reino Unido reúnen las historias de mineros de pequeña escala de "
            "Brasil, Colombia y Perú que trabajan para formalizarse.",
            "body": "<p>Una alianza de organizaciones de la sociedad civil de "
            "América Latina y el Reino Unido reunió en un informe interactivo las "
            "historias de mineros artesanales y de pequeña escala de Brasil, "
            "Colombia y Perú, y los pasos que han dado hacia la "
            "formalización.</p>",
        },
        "fr": {
            "title": (
                "Un nouveau rapport interactif met en lumière les efforts de "
                "formalisation des mineurs à petite échelle d'Amérique latine"
            ),
            "summary": (
                "Des organisations de la société civile d'Amérique latine et du "
                "Royaume-Uni rassemblent les récits de mineurs à petite échelle du "
                "Brésil, de Colombie et du Pérou engagés dans la formalisation."
            ),
            "body": (
                "<p>Une alliance d'organisations de la société civile d'Amérique "
                "latine et du Royaume-Uni a réuni dans un rapport interactif les "
                "récits de mineurs artisanaux et à petite échelle du Brésil, de "
                "Colombie et du Pérou, et les étapes qu'ils ont franchies vers la "
                "formalisation.</p>"
            ),
        },
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
        "es": {
            "title": "Carta abierta a la atención de la Dirección Ejecutiva de Metalor",
            "summary": "ARM expresa su preocupación por la decisión de Metalor de "
            "suspender sus relaciones comerciales con productores de oro "
            "artesanales y de pequeña escala.",
            "body": "<p>La Alianza por la Minería Responsable se dirige a la "
            "Dirección Ejecutiva de Metalor a propósito de su reciente decisión de "
            "suspender las relaciones comerciales con productores artesanales y de "
            "pequeña escala, y de lo que esa decisión significa para los mineros "
            "que trabajan por cumplir estándares responsables.</p>",
        },
        "fr": {
            "title": (
                "Lettre ouverte à l'attention de la Direction exécutive de Metalor"
            ),
            "summary": (
                "ARM fait part de son inquiétude face à la décision de Metalor de "
                "suspendre ses relations commerciales avec les producteurs d'or "
                "artisanaux et à petite échelle."
            ),
            "body": (
                "<p>L'Alliance pour une mine responsable s'adresse à la Direction "
                "exécutive de Metalor au sujet de sa récente décision de suspendre "
                "ses relations commerciales avec les producteurs artisanaux et à "
                "petite échelle, et de ce que cette décision signifie pour les "
                "mineurs qui s'efforcent de respecter des normes responsables.</p>"
            ),
        },
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
        "es": {
            "title": "Propuestas sobre el mercurio después de la COP2",
            "summary": "Tras la segunda Conferencia de las Partes del Convenio de "
            "Minamata en Ginebra, ARM presenta sus propuestas sobre el mercurio.",
            "body": "<p>Esta semana se celebró en Ginebra la segunda reunión de la "
            "Conferencia de las Partes del Convenio de Minamata sobre el Mercurio "
            "(COP2). ARM comparte sus propuestas para reducir el uso de mercurio "
            "en la minería de oro artesanal y de pequeña escala.</p>",
        },
        "fr": {
            "title": "Nos propositions sur le mercure après la COP2",
            "summary": (
                "À l'issue de la deuxième Conférence des Parties à la Convention "
                "de Minamata, à Genève, ARM présente ses propositions sur le "
                "mercure."
            ),
            "body": (
                "<p>La deuxième réunion de la Conférence des Parties à la "
                "Convention de Minamata sur le mercure (COP2) s'est tenue cette "
                "semaine à Genève. ARM y présente ses propositions pour réduire "
                "l'usage du mercure dans l'orpaillage artisanal et à petite "
                "échelle.</p>"
            ),
        },
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
        "es": {
            "title": "Monnaie de Paris lanza la primera moneda de oro Fairmined "
            "en Francia",
            "dateline": "Medellín / París",
            "summary": "Para conmemorar el centenario de la Primera Guerra Mundial, "
            "Monnaie de Paris acuña la primera moneda de Francia en oro "
            "Fairmined.",
            "body": "<p>Con motivo del centenario de la Primera Guerra Mundial, "
            "Monnaie de Paris, la institución más antigua de Francia, emite la "
            "primera moneda del país hecha con oro certificado Fairmined.</p>",
        },
        "fr": {
            "title": (
                "La Monnaie de Paris lance la première pièce en or Fairmined de France"
            ),
            "dateline": "Medellín / Paris",
            "summary": (
                "Pour le centenaire de la Première Guerre mondiale, la Monnaie de "
                "Paris frappe la première pièce française en or Fairmined."
            ),
            "body": (
                "<p>À l'occasion du centenaire de la Première Guerre mondiale, la "
                "Monnaie de Paris, la plus ancienne institution de France, émet la "
                "première pièce du pays en or certifié Fairmined.</p>"
            ),
        },
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
        "es": {
            "title": "Segunda mina de oro responsable certificada en Bolivia: la "
            "Asociación Minera Yani R.L.",
            "summary": "La cooperativa Yani R.L. obtiene la Certificación Fairmined "
            "en marzo de 2017, la segunda en Bolivia.",
            "body": "<p>En marzo de 2017, la cooperativa minera boliviana Yani R.L. "
            "obtuvo la Certificación Fairmined, y cada uno de sus socios comparte "
            "el reconocimiento a su compromiso con altos estándares.</p>",
        },
        "fr": {
            "title": (
                "Deuxième mine d'or responsable certifiée en Bolivie : "
                "l'Association minière Yani R.L."
            ),
            "summary": (
                "La coopérative Yani R.L. obtient la certification Fairmined en "
                "mars 2017, la deuxième en Bolivie."
            ),
            "body": (
                "<p>En mars 2017, la coopérative minière bolivienne Yani R.L. a "
                "obtenu la certification Fairmined ; chacun de ses membres partage "
                "cette reconnaissance de son engagement envers des normes "
                "exigeantes.</p>"
            ),
        },
        "topics": ["Fairmined"],
        "countries": ["BO"],
    },
]

SERIES = {
    "title": "A world without financial services",
    "es": {"title": "Un mundo sin servicios financieros"},
    "fr": {
        "title": "Un monde sans services financiers",
    },
}

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
        "es": {
            "title": "Minería artesanal y de pequeña escala: cómo enfrentar los "
            "desafíos en las cadenas de suministro globales",
            "summary": "Las condiciones de trabajo en la minería artesanal y de "
            "pequeña escala, los riesgos para los derechos humanos que conllevan y "
            "lo que significan para las empresas.",
            "abstract": "Este documento describe las condiciones de trabajo, a "
            "menudo inhumanas, de la minería artesanal y de pequeña escala, expone "
            "los riesgos para los derechos humanos y las responsabilidades que de "
            "ellos se derivan para las empresas, y analiza los desafíos que el "
            "sector les plantea.",
        },
        "fr": {
            "title": (
                "L'exploitation minière artisanale et à petite échelle : relever "
                "les défis des chaînes d'approvisionnement mondiales"
            ),
            "summary": (
                "Les conditions de travail dans l'exploitation minière artisanale "
                "et à petite échelle, les risques qu'elles font peser sur les "
                "droits humains et ce qu'elles impliquent pour les entreprises."
            ),
            "abstract": (
                "Ce document décrit les conditions de travail, souvent inhumaines, "
                "de l'exploitation minière artisanale et à petite échelle, expose "
                "les risques pour les droits humains et les responsabilités qui en "
                "découlent pour les entreprises, et examine les défis que le "
                "secteur leur pose."
            ),
        },
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
        "es": {
            "title": "Mineros de profesión, criminales por prejuicio social",
            "summary": "Un minero de oro de pequeña escala cuenta por qué el ahorro "
            "es la única forma de invertir cuando los bancos no le prestan al "
            "sector.",
            "body": "<p>Para muchos mineros de oro de pequeña escala, el ahorro es "
            "el único medio para comprar equipos y maquinaria, porque en la "
            "práctica el crédito de los bancos está fuera de su alcance.</p>"
            "<p>Acceder al crédito les permitiría crecer y manejar mejor su flujo "
            "de caja, pero el estigma que pesa sobre la minería, y sobre todo "
            "sobre el oro de pequeña escala, mantiene esa puerta cerrada.</p>",
        },
        "fr": {
            "title": "Mineurs de métier, criminels par préjugé social",
            "summary": (
                "Un orpailleur à petite échelle explique pourquoi l'épargne est le "
                "seul moyen d'investir quand les banques refusent de prêter au "
                "secteur."
            ),
            "body": (
                "<p>Pour beaucoup d'orpailleurs à petite échelle, l'épargne est le "
                "seul moyen d'acheter du matériel et des machines, car le crédit "
                "bancaire leur est en pratique inaccessible.</p><p>L'accès au "
                "crédit leur permettrait de se développer et de mieux gérer leur "
                "trésorerie, mais la stigmatisation qui pèse sur l'activité "
                "minière, et plus encore sur l'or à petite échelle, leur ferme "
                "cette porte.</p>"
            ),
        },
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
        "es": {
            "title": "¿Es el oro reciclado una opción ética?",
            "summary": "Durante años se les ha dicho a los joyeros que el oro "
            "reciclado es la opción responsable. ¿Lo es?",
            "body": "<p>Desde hace más de diez años, la industria joyera presenta "
            "el oro reciclado como la respuesta a las cadenas de custodia "
            "responsables y a las preguntas sobre procedencia y trazabilidad.</p>"
            "<p>¿Basta con usar solo oro reciclado para decir que una joya es "
            "responsable? Este artículo busca una respuesta.</p>",
        },
        "fr": {
            "title": "L'or recyclé est-il un choix éthique ?",
            "summary": (
                "On répète depuis longtemps aux joailliers que l'or recyclé est le "
                "choix responsable. Est-ce vraiment le cas ?"
            ),
            "body": (
                "<p>Depuis plus de dix ans, l'industrie de la joaillerie présente "
                "l'or recyclé comme la réponse aux exigences de chaînes de "
                "traçabilité responsables et aux questions d'origine et de "
                "traçabilité.</p><p>Suffit-il d'utiliser uniquement de l'or "
                "recyclé pour qualifier un bijou de responsable ? Cet article "
                "cherche une réponse.</p>"
            ),
        },
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
        "es": {
            "title": "Un mundo sin servicios financieros (2)",
            "summary": "¿Son realmente objetivas las razones que dan los bancos "
            "para negar sus servicios a los mineros de oro?",
            "body": "<p>Los bancos suelen rechazar a los mineros de oro porque les "
            "resulta difícil llevar a cabo la debida diligencia necesaria para "
            "evaluar el riesgo.</p>"
            "<p>Pero ¿es objetiva esa razón cuando la incapacidad del área de "
            "cumplimiento para gestionar el riesgo se le atribuye al minero "
            "evaluado?</p>",
        },
        "fr": {
            "title": "Un monde sans services financiers (2)",
            "summary": (
                "Les raisons avancées par les banques pour refuser leurs services "
                "aux orpailleurs sont-elles vraiment objectives ?"
            ),
            "body": (
                "<p>Si les banques écartent le plus souvent les orpailleurs, c'est "
                "qu'elles peinent à mener le devoir de diligence nécessaire pour "
                "évaluer le risque.</p><p>Mais cette raison est-elle objective "
                "lorsque l'incapacité du service de conformité à gérer le risque "
                "est imputée au mineur évalué ?</p>"
            ),
        },
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
        "es": {
            "title": "Un mundo sin servicios financieros (1)",
            "summary": "Las políticas de inclusión financiera de Colombia parecen "
            "pasar por alto a los mineros artesanales y de pequeña escala.",
            "body": "<p>Las políticas de inclusión financiera de Colombia parecen no "
            "ver en absoluto al sector de la minería artesanal y de pequeña "
            "escala.</p>"
            "<p>Como resultado, a los mineros les cuesta llegar a los mercados "
            "formales y no cuentan con servicios financieros para canalizar lo que "
            "ganan.</p>",
        },
        "fr": {
            "title": "Un monde sans services financiers (1)",
            "summary": (
                "Les politiques d'inclusion financière de la Colombie semblent "
                "ignorer les mineurs artisanaux et à petite échelle."
            ),
            "body": (
                "<p>Les politiques d'inclusion financière de la Colombie semblent "
                "ne pas voir du tout le secteur de l'exploitation minière "
                "artisanale et à petite échelle.</p><p>Résultat : les mineurs "
                "peinent à accéder aux marchés formels et ne disposent d'aucun "
                "service financier pour faire fructifier ce qu'ils gagnent.</p>"
            ),
        },
        "topics": ["Finance"],
        "countries": ["CO"],
    },
]

# The seed page is undated; its latest date (31 July 2020) is used as "as of".
IMPACT_AS_OF = date(2020, 7, 31)


def year_ends(*values: int) -> list[tuple[date, Decimal]]:
    """``values`` as the figures at the end of 2014, 2015 and so on."""
    return [
        (date(2014 + offset, 12, 31), Decimal(value))
        for offset, value in enumerate(values)
    ]


# Each figure's "history" shows how it could have grown up to its value on
# IMPACT_AS_OF. These earlier values are illustrative, invented for the demo
# so that the impact page has growth to draw: they are not the Alliance's
# data, and the demo marks them as illustrative wherever they are shown.
IMPACT_METRICS = [
    {
        "label": "countries",
        "value": Decimal(15),
        "history": year_ends(7, 8, 10, 11, 13, 14),
        "context": "in Latin America and Africa where ARM has taken part in "
        "efforts to formalise and improve artisanal and small-scale mining.",
        "es": {
            "label": "países",
            "context": "de América Latina y África en los que ARM ha participado en "
            "iniciativas para formalizar y mejorar la minería artesanal y de "
            "pequeña escala.",
        },
        "fr": {
            "label": "pays",
            "context": (
                "d'Amérique latine et d'Afrique dans lesquels ARM a participé à "
                "des initiatives visant à formaliser et à améliorer l'exploitation "
                "minière artisanale et à petite échelle."
            ),
        },
    },
    {
        "label": "mining organisations supported",
        "value": Decimal(150),
        "history": year_ends(62, 78, 93, 109, 124, 138),
        "suffix": "+",
        "context": "More than 150 mining organisations have had our support.",
        "es": {
            "label": "organizaciones mineras apoyadas",
            "suffix": "+",
            "context": "Más de 150 organizaciones mineras han contado con nuestro "
            "apoyo.",
        },
        "fr": {
            "label": "organisations minières accompagnées",
            "suffix": "+",
            "context": (
                "Plus de 150 organisations minières ont bénéficié de notre "
                "accompagnement."
            ),
        },
    },
    {
        "label": "certified organisations",
        "value": Decimal(8),
        "history": year_ends(2, 3, 4, 5, 6, 7),
        "context": "of the organisations we support currently hold Fairmined "
        "Certification.",
        "es": {
            "label": "organizaciones certificadas",
            "context": "de las organizaciones que apoyamos cuentan hoy con la "
            "Certificación Fairmined.",
        },
        "fr": {
            "label": "organisations certifiées",
            "context": (
                "parmi les organisations que nous accompagnons détiennent "
                "aujourd'hui la certification Fairmined."
            ),
        },
    },
    {
        "label": "of Fairmined Premium paid",
        "value": Decimal(1_530_000),
        "history": year_ends(310_000, 455_000, 620_000, 810_000, 1_040_000, 1_310_000),
        "unit": "USD",
        "context": "paid to certified mining organisations to invest in their "
        "development and in community projects.",
        "es": {
            "label": "de Prima Fairmined pagados",
            "unit": "USD",
            "context": "pagados a organizaciones mineras certificadas para que "
            "inviertan en su desarrollo y en proyectos comunitarios.",
        },
        "fr": {
            "label": "de Prime Fairmined versés",
            "unit": "USD",
            "context": (
                "versés aux organisations minières certifiées pour qu'elles "
                "investissent dans leur développement et dans des projets "
                "communautaires."
            ),
        },
    },
]

# The site's own pages, a tree: each page's "children" are placed below it.
# The programmes under "Our work" are those of the homepage's "Our work" text.
PAGES = [
    {
        "title": "About us",
        "summary": (
            "An independent organisation working for artisanal and small-scale "
            "mining that is formal, safe and fair."
        ),
        "body": (
            "<p>The Alliance for Responsible Mining works with artisanal and "
            "small-scale mining organisations in Latin America and Africa, and "
            "with the governments, buyers and communities around them.</p>"
            "<p>From 11 May to 31 July 2020 it took part in a global "
            "collection of data on how the COVID-19 pandemic affected "
            "artisanal mining communities.</p>"
        ),
        "es": {
            "title": "Quiénes somos",
            "summary": (
                "Una organización independiente que trabaja por una minería "
                "artesanal y de pequeña escala formal, segura y justa."
            ),
            "body": (
                "<p>La Alianza por la Minería Responsable trabaja con "
                "organizaciones de minería artesanal y de pequeña escala de "
                "América Latina y África, y con los gobiernos, compradores y "
                "comunidades que las rodean.</p>"
                "<p>Del 11 de mayo al 31 de julio de 2020 participó en una "
                "recolección mundial de datos sobre cómo afectó la pandemia de "
                "COVID-19 a las comunidades mineras artesanales.</p>"
            ),
        },
        "fr": {
            "title": "Qui sommes-nous",
            "summary": (
                "Une organisation indépendante qui œuvre pour une exploitation "
                "minière artisanale et à petite échelle formelle, sûre et "
                "équitable."
            ),
            "body": (
                "<p>L'Alliance pour une mine responsable travaille avec les "
                "organisations minières artisanales et à petite échelle d'Amérique "
                "latine et d'Afrique, ainsi qu'avec les gouvernements, les "
                "acheteurs et les communautés qui les entourent.</p><p>Du 11 mai "
                "au 31 juillet 2020, elle a participé à une collecte mondiale de "
                "données sur les effets de la pandémie de COVID-19 dans les "
                "communautés minières artisanales.</p>"
            ),
        },
        "sections": [
            {
                "kind": "impact_figures",
                "heading": "Our impact in figures",
                "es": {"heading": "Nuestro impacto en cifras"},
                "fr": {
                    "heading": "Notre impact en chiffres",
                },
                "items": "every impact figure",
            },
            {
                "kind": "documents",
                "heading": "Key publications",
                "es": {"heading": "Publicaciones destacadas"},
                "fr": {
                    "heading": "Publications phares",
                },
                "items": "every publication with a PDF",
            },
            {
                "kind": "call_to_action",
                "heading": "Work with us",
                "text": (
                    "<p>Mining organisations, buyers, governments and donors: "
                    "tell us what you are working on.</p>"
                ),
                "button_label": "Contact the team",
                "es": {
                    "heading": "Trabaje con nosotros",
                    "text": (
                        "<p>Organizaciones mineras, compradores, gobiernos y "
                        "donantes: cuéntenos en qué están trabajando.</p>"
                    ),
                    "button_label": "Escribir al equipo",
                },
                "fr": {
                    "heading": "Travailler avec nous",
                    "text": (
                        "<p>Organisations minières, acheteurs, gouvernements et "
                        "bailleurs de fonds : parlez-nous de vos projets.</p>"
                    ),
                    "button_label": "Écrire à l'équipe",
                },
                "link_page": ["Contact"],
            },
        ],
    },
    {
        "title": "Our work",
        "summary": (
            "Three lines of work that take small-scale mining towards formal, "
            "responsible production."
        ),
        "body": (
            "<p>Each programme starts from the miners themselves: their "
            "organisations, their mines and the markets they sell to.</p>"
        ),
        "es": {
            "title": "Nuestro trabajo",
            "summary": (
                "Tres líneas de trabajo que llevan la minería de pequeña escala "
                "hacia una producción formal y responsable."
            ),
            "body": (
                "<p>Cada programa parte de los propios mineros: sus "
                "organizaciones, sus minas y los mercados a los que venden.</p>"
            ),
        },
        "fr": {
            "title": "Notre travail",
            "summary": (
                "Trois axes de travail pour mener l'exploitation minière à petite "
                "échelle vers une production formelle et responsable."
            ),
            "body": (
                "<p>Chaque programme part des mineurs eux-mêmes : leurs "
                "organisations, leurs mines et les marchés où ils vendent.</p>"
            ),
        },
        "sections": [
            {
                "kind": "child_pages",
                "heading": "Our programmes",
                "es": {"heading": "Nuestros programas"},
                "fr": {
                    "heading": "Nos programmes",
                },
            },
            {
                "kind": "latest",
                "heading": "News from the field",
                "es": {"heading": "Noticias del terreno"},
                "fr": {
                    "heading": "Nouvelles du terrain",
                },
                "listing": "news.newsarticle",
                "count": 3,
            },
        ],
        "children": [
            {
                "title": "Formalisation and improvement",
                "summary": (
                    "Technical assistance, improvement plans made with the "
                    "miners, and work with governments on fair rules."
                ),
                "body": (
                    "<p>In 2019 fourteen mining units were assessed for "
                    "commercial, occupational health and safety, environmental "
                    "and management risks under the CRAFT code; the miners of "
                    "the municipality and the Alliance then drew up improvement "
                    "plans together, with allies in the territory.</p>"
                ),
                "es": {
                    "title": "Formalización y mejora",
                    "summary": (
                        "Asistencia técnica, planes de mejora hechos con los "
                        "mineros y trabajo con los gobiernos por reglas justas."
                    ),
                    "body": (
                        "<p>En 2019 se evaluaron catorce unidades mineras según "
                        "los riesgos comerciales, de salud y seguridad en el "
                        "trabajo, ambientales y de gestión del código CRAFT; "
                        "luego los mineros del municipio y la Alianza "
                        "construyeron juntos los planes de mejora, con aliados "
                        "del territorio.</p>"
                    ),
                },
                "fr": {
                    "title": "Formalisation et amélioration",
                    "summary": (
                        "Assistance technique, plans d'amélioration conçus avec "
                        "les mineurs et dialogue avec les gouvernements pour des "
                        "règles justes."
                    ),
                    "body": (
                        "<p>En 2019, quatorze unités minières ont été évaluées au "
                        "regard des risques commerciaux, de santé et sécurité au "
                        "travail, environnementaux et de gestion définis par le "
                        "code CRAFT ; les mineurs de la commune et l'Alliance ont "
                        "ensuite élaboré ensemble des plans d'amélioration, avec "
                        "des partenaires du territoire.</p>"
                    ),
                },
            },
            {
                "title": "Fairmined certification",
                "summary": (
                    "A standard that lets miners sell certified gold and earn a "
                    "Premium for their communities."
                ),
                "body": (
                    "<p>Mining organisations that meet the Fairmined standard "
                    "sell their gold as certified, and the Premium it earns "
                    "goes to projects their communities choose.</p>"
                ),
                "es": {
                    "title": "Certificación Fairmined",
                    "summary": (
                        "Un estándar que permite a los mineros vender oro "
                        "certificado y recibir una Prima para sus comunidades."
                    ),
                    "body": (
                        "<p>Las organizaciones mineras que cumplen el estándar "
                        "Fairmined venden su oro como certificado, y la Prima "
                        "que reciben se destina a proyectos que eligen sus "
                        "comunidades.</p>"
                    ),
                },
                "fr": {
                    "title": "Certification Fairmined",
                    "summary": (
                        "Une norme qui permet aux mineurs de vendre de l'or "
                        "certifié et de percevoir une Prime pour leurs communautés."
                    ),
                    "body": (
                        "<p>Les organisations minières qui respectent la norme "
                        "Fairmined vendent leur or comme certifié, et la Prime "
                        "qu'elles perçoivent finance des projets choisis par leurs "
                        "communautés.</p>"
                    ),
                },
                "sections": [
                    {
                        "kind": "image",
                        "image": "fairmined-certification",
                        "image_alt": (
                            "A drawing of mountains above a valley at sunrise."
                        ),
                        "caption": "Mining regions are often remote and high.",
                        "credit": "Illustration made for the demo",
                        "es": {
                            "image_alt": (
                                "Un dibujo de montañas sobre un valle al amanecer."
                            ),
                            "caption": (
                                "Las regiones mineras suelen ser remotas y altas."
                            ),
                        },
                        "fr": {
                            "image_alt": (
                                "Un dessin de montagnes dominant une vallée au "
                                "lever du soleil."
                            ),
                            "caption": (
                                "Les régions minières sont souvent isolées et en "
                                "altitude."
                            ),
                        },
                    },
                ],
            },
            {
                "title": "Responsible supply chains",
                "summary": (
                    "Helping refiners, jewellers and mints buy from small-scale "
                    "mines with confidence."
                ),
                "body": (
                    "<p>The Alliance takes part in the OECD multi-stakeholder "
                    "group on due diligence for responsible mineral supply "
                    "chains, which has called for continued support to bring "
                    "the sector into formal markets.</p>"
                ),
                "es": {
                    "title": "Cadenas de suministro responsables",
                    "summary": (
                        "Apoyamos a refinadoras, joyeros y casas de moneda para "
                        "que compren con confianza a minas de pequeña escala."
                    ),
                    "body": (
                        "<p>La Alianza participa en el grupo de múltiples "
                        "partes interesadas de la OCDE sobre debida diligencia "
                        "para cadenas de suministro responsables de minerales, "
                        "que ha pedido seguir apoyando la entrada del sector en "
                        "los mercados formales.</p>"
                    ),
                },
                "fr": {
                    "title": "Chaînes d'approvisionnement responsables",
                    "summary": (
                        "Nous aidons affineurs, joailliers et hôtels des monnaies "
                        "à s'approvisionner en toute confiance auprès de mines à "
                        "petite échelle."
                    ),
                    "body": (
                        "<p>L'Alliance participe au groupe multipartite de l'OCDE "
                        "sur le devoir de diligence pour des chaînes "
                        "d'approvisionnement responsables en minerais, qui a "
                        "appelé à poursuivre le soutien au secteur pour qu'il "
                        "accède aux marchés formels.</p>"
                    ),
                },
            },
        ],
    },
    {
        "title": "Contact",
        "summary": "How to reach the team.",
        "body": (
            "<p>Journalists, partners and mining organisations can reach the "
            "communications team through the addresses at the foot of every "
            "page.</p>"
        ),
        "es": {
            "title": "Contacto",
            "summary": "Cómo comunicarse con el equipo.",
            "body": (
                "<p>Periodistas, aliados y organizaciones mineras pueden "
                "comunicarse con el equipo de comunicaciones a través de las "
                "direcciones que aparecen al pie de cada página.</p>"
            ),
        },
        "fr": {
            "title": "Contact",
            "summary": "Comment joindre l'équipe.",
            "body": (
                "<p>Journalistes, partenaires et organisations minières peuvent "
                "joindre l'équipe de communication aux adresses indiquées en bas "
                "de chaque page.</p>"
            ),
        },
        "sections": [
            {
                "kind": "people",
                "heading": "Who to write to",
                "es": {"heading": "A quién escribir"},
                "fr": {
                    "heading": "À qui écrire",
                },
                "people": ["Communications team", "Programmes team"],
            },
        ],
    },
    {
        "title": "Privacy notice",
        "summary": "What this website records about its visitors, and why.",
        "body": (
            "<p>This website sets no cookie for visitors and loads no script "
            "from other sites: no analytics, no advertising, no social media "
            "buttons. Its servers keep the usual technical logs of requests "
            "(address, time, page asked for) to keep the site running and "
            "secure.</p>"
            "<p>Staff who sign in to edit the site get a session cookie, which "
            "ends when they sign out.</p>"
        ),
        "es": {
            "title": "Aviso de privacidad",
            "summary": "Qué registra este sitio sobre quienes lo visitan, y por qué.",
            "body": (
                "<p>Este sitio no instala cookies a quienes lo visitan ni carga "
                "scripts de otros sitios: ni analítica, ni publicidad, ni "
                "botones de redes sociales. Sus servidores guardan los "
                "registros técnicos habituales de las solicitudes (dirección, "
                "hora, página pedida) para mantener el sitio en marcha y "
                "seguro.</p>"
                "<p>El personal que inicia sesión para editar el sitio recibe "
                "una cookie de sesión, que termina al cerrar la sesión.</p>"
            ),
        },
        "fr": {
            "title": "Politique de confidentialité",
            "summary": "Ce que ce site enregistre sur ses visiteurs, et pourquoi.",
            "body": (
                "<p>Ce site ne dépose aucun cookie chez ses visiteurs et ne charge "
                "aucun script provenant d'autres sites : ni mesure d'audience, ni "
                "publicité, ni boutons de réseaux sociaux. Ses serveurs conservent "
                "les journaux techniques habituels des requêtes (adresse, heure, "
                "page demandée) pour assurer le fonctionnement et la sécurité du "
                "site.</p><p>Le personnel qui se connecte pour modifier le site "
                "reçoit un cookie de session, qui prend fin à la déconnexion.</p>"
            ),
        },
        "sections": [
            {
                "kind": "documents",
                "heading": "To keep",
                "es": {"heading": "Para guardar"},
                "fr": {
                    "heading": "À conserver",
                },
                "files": ["Privacy notice (printable)"],
            },
        ],
    },
    {
        "title": "Accessibility statement",
        "summary": "How this website is made to be usable by everyone.",
        "body": (
            "<p>The site is built to the Web Content Accessibility Guidelines "
            "(WCAG) 2.1, level AA: it can be used with a keyboard alone and "
            "with a screen reader, every image carries a text alternative, "
            "and each page says which language its text is in.</p>"
            "<p>If something on the site does not work for you, tell us "
            "through the contact page.</p>"
        ),
        "es": {
            "title": "Declaración de accesibilidad",
            "summary": (
                "Cómo está hecho este sitio para que todas las personas puedan usarlo."
            ),
            "body": (
                "<p>El sitio sigue las Pautas de Accesibilidad para el "
                "Contenido Web (WCAG) 2.1, nivel AA: se puede usar solo con el "
                "teclado y con un lector de pantalla, cada imagen lleva un "
                "texto alternativo y cada página indica en qué idioma está su "
                "texto.</p>"
                "<p>Si algo del sitio no le funciona, díganoslo a través de la "
                "página de contacto.</p>"
            ),
        },
        "fr": {
            "title": "Déclaration d'accessibilité",
            "summary": (
                "Comment ce site est conçu pour être utilisable par toutes et tous."
            ),
            "body": (
                "<p>Le site suit les Règles pour l'accessibilité des contenus Web "
                "(WCAG) 2.1, niveau AA : on peut l'utiliser au seul clavier et "
                "avec un lecteur d'écran, chaque image est accompagnée d'une "
                "alternative textuelle et chaque page indique la langue de son "
                "texte.</p><p>Si quelque chose ne fonctionne pas pour vous sur le "
                "site, dites-le-nous via la page de contact.</p>"
            ),
        },
    },
]

# Whom the contact page presents: teams by what they do, not invented people.
PEOPLE = [
    {
        "name": "Communications team",
        "role": "Press and media enquiries",
        "bio": (
            "Interviews, photos and background on the Alliance's work: write to "
            "the press contact at the foot of every page."
        ),
        "es": {
            "role": "Prensa y medios",
            "bio": (
                "Entrevistas, fotos y contexto sobre el trabajo de la Alianza: "
                "escriba al contacto de prensa que aparece al pie de cada página."
            ),
        },
        "fr": {
            "role": "Presse et médias",
            "bio": (
                "Entretiens, photos et informations sur le travail de l'Alliance : "
                "écrivez au contact presse indiqué en bas de chaque page."
            ),
        },
    },
    {
        "name": "Programmes team",
        "role": "Partnerships with mining organisations, buyers and donors",
        "bio": "Projects in the field, certification and supply chains.",
        "es": {
            "role": "Alianzas con organizaciones mineras, compradores y donantes",
            "bio": "Proyectos en terreno, certificación y cadenas de suministro.",
        },
        "fr": {
            "role": (
                "Partenariats avec les organisations minières, les acheteurs et "
                "les bailleurs de fonds"
            ),
            "bio": (
                "Projets de terrain, certification et chaînes d'approvisionnement."
            ),
        },
    },
]

# Files the pages list (each a PDF the demo makes of its title).
DOCUMENTS = [
    {
        "title": "Privacy notice (printable)",
        "description": "The privacy notice on one page, to print or file.",
        "language": "en",
        "es": {
            "title": "Aviso de privacidad (para imprimir)",
            "description": (
                "El aviso de privacidad en una página, para imprimir o archivar."
            ),
        },
        "fr": {
            "title": "Politique de confidentialité (version imprimable)",
            "description": (
                "La politique de confidentialité sur une seule page, à imprimer ou "
                "à archiver."
            ),
        },
    },
]

# The menus, once the pages exist: a page by its English title (and those of
# the pages above it), a section by its URL name. Top-level footer items
# head a group of links.
MAIN_MENU = [
    {"page": ["About us"]},
    {
        "page": ["Our work"],
        "children": [
            {"page": ["Our work", "Formalisation and improvement"]},
            {"page": ["Our work", "Fairmined certification"]},
            {"page": ["Our work", "Responsible supply chains"]},
        ],
    },
    {"section": "news:article_list"},
    {"section": "news:pressrelease_list"},
    {"section": "publications:publication_list"},
    {"section": "impact:metric_list"},
]

FOOTER = [
    {
        "label": "The Alliance",
        "es": {"label": "La Alianza"},
        "fr": {
            "label": "L'Alliance",
        },
        "children": [
            {"page": ["About us"]},
            {"page": ["Contact"]},
            {"page": ["Privacy notice"]},
            {"page": ["Accessibility statement"]},
        ],
    },
]
