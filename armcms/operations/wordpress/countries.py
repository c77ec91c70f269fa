"""Countries by the names a WordPress site gives them, in several languages."""

import re
import unicodedata


def normalise_name(value: str) -> str:
    """Lower case, no accents or punctuation: "Côte d'Ivoire" -> "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^0-9a-z]+", " ", bare).split()
    if words and words[0] in {"the", "la", "le", "el", "les"}:
        words = words[1:]
    return " ".join(words)


# Countries: ISO 3166-1 alpha-2 codes with English short names, then other
# names people tag with (Spanish, French and Portuguese where they differ
# beyond accents, which matching ignores).
COUNTRY_NAMES = """
AF Afghanistan|AL Albania|DZ Algeria/Argelia/Algérie|AD Andorra|AO Angola
AG Antigua and Barbuda|AR Argentina/Argentine|AM Armenia|AU Australia/Australie
AT Austria/Autriche|AZ Azerbaijan|BS Bahamas|BH Bahrain|BD Bangladesh|BB Barbados
BY Belarus|BE Belgium/Bélgica/Belgique|BZ Belize/Belice|BJ Benin/Bénin
BT Bhutan|BO Bolivia/Bolivie/Bolívia|BA Bosnia and Herzegovina|BW Botswana
BR Brazil/Brasil/Brésil|BN Brunei|BG Bulgaria|BF Burkina Faso|BI Burundi
CV Cabo Verde/Cape Verde|KH Cambodia/Camboya/Cambodge|CM Cameroon/Camerún/Cameroun
CA Canada/Canadá|CF Central African Republic/República Centroafricana
TD Chad/Tchad|CL Chile/Chili|CN China/Chine|CO Colombia/Colombie/Colômbia
KM Comoros|CG Congo/Republic of the Congo/Congo-Brazzaville
CD Democratic Republic of the Congo/DR Congo/DRC/RDC/Congo-Kinshasa/RD Congo
CD República Democrática del Congo/République démocratique du Congo
CR Costa Rica|CI Côte d'Ivoire/Ivory Coast/Costa de Marfil|HR Croatia|CU Cuba
CY Cyprus|CZ Czechia/Czech Republic|DK Denmark|DJ Djibouti|DM Dominica
DO Dominican Republic/República Dominicana/République dominicaine
EC Ecuador/Équateur/Equador|EG Egypt/Egipto/Égypte|SV El Salvador/Salvador
GQ Equatorial Guinea/Guinea Ecuatorial|ER Eritrea|EE Estonia|SZ Eswatini/Swaziland
ET Ethiopia/Etiopía/Éthiopie|FJ Fiji|FI Finland|FR France/Francia/França
GA Gabon/Gabón|GM Gambia/The Gambia|GE Georgia|DE Germany/Alemania/Allemagne/Alemanha
GH Ghana|GR Greece|GD Grenada|GT Guatemala|GN Guinea/Guinée/Guiné
GW Guinea-Bissau|GY Guyana|HT Haiti/Haití|HN Honduras|HU Hungary|IS Iceland
IN India/Inde|ID Indonesia/Indonésie|IR Iran|IQ Iraq|IE Ireland/Irlanda/Irlande
IL Israel|IT Italy/Italia/Italie|JM Jamaica|JP Japan/Japón/Japon|JO Jordan
KZ Kazakhstan|KE Kenya/Kenia|KI Kiribati|KP North Korea|KR South Korea/Korea
KW Kuwait|KG Kyrgyzstan|LA Laos|LV Latvia|LB Lebanon|LS Lesotho|LR Liberia
LY Libya|LI Liechtenstein|LT Lithuania|LU Luxembourg|MG Madagascar|MW Malawi
MY Malaysia|MV Maldives|ML Mali|MT Malta|MH Marshall Islands
MR Mauritania/Mauritanie|MU Mauritius|MX Mexico/México/Mexique|FM Micronesia
MD Moldova|MC Monaco|MN Mongolia/Mongolie|ME Montenegro|MA Morocco/Marruecos/Maroc
MZ Mozambique/Moçambique|MM Myanmar/Burma|NA Namibia|NR Nauru|NP Nepal
NL Netherlands/Países Bajos/Pays-Bas/Holland|NZ New Zealand|NI Nicaragua
NE Niger|NG Nigeria|MK North Macedonia|NO Norway|OM Oman|PK Pakistan|PW Palau
PS Palestine|PA Panama/Panamá|PG Papua New Guinea|PY Paraguay
PE Peru/Perú/Pérou|PH Philippines/Filipinas|PL Poland|PT Portugal
QA Qatar|RO Romania|RU Russia/Russian Federation/Rusia/Russie|RW Rwanda/Ruanda
KN Saint Kitts and Nevis|LC Saint Lucia|VC Saint Vincent and the Grenadines
WS Samoa|SM San Marino|ST Sao Tome and Principe|SA Saudi Arabia
SN Senegal/Sénégal|RS Serbia|SC Seychelles|SL Sierra Leone|SG Singapore
SK Slovakia|SI Slovenia|SB Solomon Islands|SO Somalia
ZA South Africa/Sudáfrica/Afrique du Sud/África do Sul|SS South Sudan
ES Spain/España/Espagne/Espanha
LK Sri Lanka|SD Sudan/Soudan|SR Suriname/Surinam|SE Sweden
CH Switzerland/Suiza/Suisse/Suíça|SY Syria|TW Taiwan|TJ Tajikistan
TZ Tanzania/Tanzanie|TH Thailand|TL Timor-Leste/East Timor|TG Togo|TO Tonga
TT Trinidad and Tobago|TN Tunisia/Túnez/Tunisie|TR Türkiye/Turkey
TM Turkmenistan|TV Tuvalu|UG Uganda/Ouganda|UA Ukraine/Ucrania
AE United Arab Emirates|GB United Kingdom/UK/Great Britain/Reino Unido/Royaume-Uni
US United States/United States of America/USA/Estados Unidos/États-Unis/EE UU
UY Uruguay|UZ Uzbekistan|VU Vanuatu|VE Venezuela|VN Vietnam/Viet Nam
YE Yemen|ZM Zambia/Zambie|ZW Zimbabwe
"""


def builtin_countries() -> dict[str, tuple[str, str]]:
    """Normalised name -> (ISO code, English name), from COUNTRY_NAMES."""
    found = {}
    for entry in re.split(r"[|\n]", COUNTRY_NAMES):
        if not entry.strip():
            continue
        code, _space, names = entry.strip().partition(" ")
        names = names.split("/")
        for name in names:
            found.setdefault(normalise_name(name), (code, names[0]))
    return found


# Content: block comments, shortcodes, wpautop
