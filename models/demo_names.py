"""Pools of invented names, French phrases and proportions for the demo data (`models.demo`).

Municipalities are real places so that maps and searches look familiar; organizations and
people are assembled from common parts, so no real person is described.
"""

from bisect import bisect
from collections.abc import Callable
from itertools import accumulate
from random import Random

from models.reference import STAGES
from models.reference_data import MEASURES, REGIONS, SECTORS

REGION_NAMES = dict(REGIONS)
MEASURE_LABELS = {code: label_fr for _theme, code, label_fr, _en in MEASURES}

# Heavier where most families live, but every region gets some.
REGION_WEIGHTS = {
    "01": 2,
    "02": 3,
    "03": 9,
    "04": 3,
    "05": 4,
    "06": 22,
    "07": 4,
    "08": 2,
    "09": 1.5,
    "10": 1,
    "11": 1.5,
    "12": 5,
    "13": 5,
    "14": 6,
    "15": 7,
    "16": 16,
    "17": 3,
}

MUNICIPALITIES = {
    "01": [
        "Rimouski",
        "Rivière-du-Loup",
        "Matane",
        "Amqui",
        "Trois-Pistoles",
        "Mont-Joli",
        "Témiscouata-sur-le-Lac",
        "Pohénégamook",
    ],
    "02": [
        "Saguenay",
        "Chicoutimi",
        "Jonquière",
        "Alma",
        "Dolbeau-Mistassini",
        "Roberval",
        "Saint-Félicien",
        "La Baie",
    ],
    "03": [
        "Québec",
        "Beauport",
        "Charlesbourg",
        "Sainte-Foy",
        "L'Ancienne-Lorette",
        "Saint-Augustin-de-Desmaures",
        "Baie-Saint-Paul",
        "La Malbaie",
        "Donnacona",
        "Lac-Beauport",
        "Boischatel",
    ],
    "04": [
        "Trois-Rivières",
        "Shawinigan",
        "La Tuque",
        "Louiseville",
        "Saint-Tite",
        "Sainte-Anne-de-la-Pérade",
        "Cap-de-la-Madeleine",
    ],
    "05": [
        "Sherbrooke",
        "Magog",
        "Coaticook",
        "Lac-Mégantic",
        "Val-des-Sources",
        "Windsor",
        "East Angus",
        "Stanstead",
    ],
    "06": [
        "Ahuntsic-Cartierville",
        "Anjou",
        "Côte-des-Neiges",
        "Notre-Dame-de-Grâce",
        "Lachine",
        "LaSalle",
        "Plateau-Mont-Royal",
        "Sud-Ouest",
        "Hochelaga-Maisonneuve",
        "Montréal-Nord",
        "Pierrefonds-Roxboro",
        "Pointe-aux-Trembles",
        "Rosemont",
        "Saint-Laurent",
        "Saint-Léonard",
        "Verdun",
        "Ville-Marie",
        "Villeray",
        "Parc-Extension",
        "Saint-Michel",
        "Dorval",
        "Pointe-Claire",
    ],
    "07": [
        "Gatineau",
        "Aylmer",
        "Hull",
        "Buckingham",
        "Maniwaki",
        "Chelsea",
        "Cantley",
        "Val-des-Monts",
        "Papineauville",
    ],
    "08": [
        "Rouyn-Noranda",
        "Val-d'Or",
        "Amos",
        "La Sarre",
        "Ville-Marie",
        "Senneterre",
        "Malartic",
        "Témiscaming",
    ],
    "09": [
        "Baie-Comeau",
        "Sept-Îles",
        "Port-Cartier",
        "Forestville",
        "Havre-Saint-Pierre",
        "Fermont",
        "Les Escoumins",
    ],
    "10": [
        "Chibougamau",
        "Chapais",
        "Matagami",
        "Lebel-sur-Quévillon",
        "Radisson",
        "Kuujjuaq",
        "Chisasibi",
    ],
    "11": [
        "Gaspé",
        "Sainte-Anne-des-Monts",
        "Chandler",
        "New Richmond",
        "Carleton-sur-Mer",
        "Bonaventure",
        "Les Îles-de-la-Madeleine",
        "Percé",
    ],
    "12": [
        "Lévis",
        "Saint-Georges",
        "Thetford Mines",
        "Montmagny",
        "Sainte-Marie",
        "Beauceville",
        "Lac-Etchemin",
        "Saint-Jean-Port-Joli",
    ],
    "13": [
        "Chomedey",
        "Laval-des-Rapides",
        "Pont-Viau",
        "Sainte-Rose",
        "Vimont",
        "Auteuil",
        "Duvernay",
        "Fabreville",
        "Sainte-Dorothée",
        "Saint-François",
    ],
    "14": [
        "Joliette",
        "Terrebonne",
        "Repentigny",
        "Mascouche",
        "L'Assomption",
        "Rawdon",
        "Berthierville",
        "Lavaltrie",
        "Saint-Lin–Laurentides",
    ],
    "15": [
        "Saint-Jérôme",
        "Blainville",
        "Mirabel",
        "Sainte-Thérèse",
        "Saint-Eustache",
        "Mont-Tremblant",
        "Sainte-Agathe-des-Monts",
        "Mont-Laurier",
        "Lachute",
        "Sainte-Adèle",
    ],
    "16": [
        "Longueuil",
        "Brossard",
        "Saint-Jean-sur-Richelieu",
        "Varennes",
        "Saint-Hyacinthe",
        "Châteauguay",
        "Vaudreuil-Dorion",
        "Sorel-Tracy",
        "Salaberry-de-Valleyfield",
        "Boucherville",
        "Chambly",
        "Beloeil",
        "La Prairie",
        "Candiac",
    ],
    "17": [
        "Drummondville",
        "Victoriaville",
        "Nicolet",
        "Bécancour",
        "Plessisville",
        "Warwick",
        "Princeville",
    ],
}
ALL_MUNICIPALITIES = [m for names in MUNICIPALITIES.values() for m in names]
# Neighbourhoods and former towns among the places above, and the city they are part of:
# a stakeholder there keeps its place as written, in its city's MRC (equivalent territory).
CITY_OF = {
    "La Baie": "Saguenay",
    "Beauport": "Québec",
    "Charlesbourg": "Québec",
    "Sainte-Foy": "Québec",
    "Cap-de-la-Madeleine": "Trois-Rivières",
    "Aylmer": "Gatineau",
    "Buckingham": "Gatineau",
    "Hull": "Gatineau",
    **{place: "Montréal" for place in MUNICIPALITIES["06"] if place != "Montréal"},
    **{place: "Laval" for place in MUNICIPALITIES["13"] if place != "Laval"},
}
# Where national bodies have their offices.
HEADQUARTERS = ["Montréal", "Québec", "Longueuil", "Laval", "Gatineau", "Sherbrooke"]
# Reserved for examples (RFC 2606): demo addresses can never reach anyone.
DOMAINS = ("example.org", "example.org", "example.com")

AREA_CODES = {
    "01": "418",
    "02": "418",
    "03": "418",
    "04": "819",
    "05": "819",
    "06": "514",
    "07": "819",
    "08": "819",
    "09": "418",
    "10": "819",
    "11": "418",
    "12": "418",
    "13": "450",
    "14": "450",
    "15": "450",
    "16": "450",
    "17": "819",
}

FEMALE_NAMES = [
    "Marie",
    "Sophie",
    "Julie",
    "Isabelle",
    "Catherine",
    "Nathalie",
    "Geneviève",
    "Valérie",
    "Mélanie",
    "Émilie",
    "Camille",
    "Chloé",
    "Léa",
    "Audrey",
    "Annie",
    "Karine",
    "Stéphanie",
    "Marie-Ève",
    "Josée",
    "Louise",
    "Fatima",
    "Amina",
    "Mariana",
    "Linh",
    "Rosalie",
    "Maude",
]
MALE_NAMES = [
    "Jean",
    "Martin",
    "François",
    "Mathieu",
    "Alexandre",
    "Simon",
    "Louis",
    "Philippe",
    "Guillaume",
    "Marc-André",
    "Étienne",
    "Nicolas",
    "Patrick",
    "Olivier",
    "Jérôme",
    "Sébastien",
    "Karim",
    "Mamadou",
    "Samuel",
    "Félix",
    "Gabriel",
    "Maxime",
    "Benoît",
    "Hugo",
]
LAST_NAMES = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lapointe",
    "Leclerc",
    "Lefebvre",
    "Poulin",
    "Thibault",
    "St-Pierre",
    "Nadeau",
    "Martin",
    "Landry",
    "Martel",
    "Bédard",
    "Grenier",
    "Lessard",
    "Bernier",
    "Richard",
    "Michaud",
    "Hébert",
    "Desjardins",
    "Couture",
    "Turcotte",
    "Lachance",
    "Parent",
    "Blais",
    "Gosselin",
    "Savard",
    "Proulx",
    "Beaudoin",
    "Demers",
    "Perron",
    "Boudreau",
    "Nguyen",
    "Diallo",
    "Haddad",
    "Joseph",
    "Rodriguez",
    "Singh",
    "Trudel",
    "Dion",
    "Charbonneau",
    "Vachon",
    "Ménard",
    "Rousseau",
    "Lemieux",
    "Audet",
]

TITLES = [  # feminine, masculine
    ("Directrice générale", "Directeur général"),
    ("Coordonnatrice", "Coordonnateur"),
    ("Agente de développement", "Agent de développement"),
    ("Conseillère pédagogique", "Conseiller pédagogique"),
    ("Responsable des communications", "Responsable des communications"),
    ("Présidente du conseil d'administration", "Président du conseil d'administration"),
    ("Organisatrice communautaire", "Organisateur communautaire"),
    ("Chargée de projet", "Chargé de projet"),
    ("Directrice adjointe", "Directeur adjoint"),
    ("Intervenante en petite enfance", "Intervenant en petite enfance"),
    ("Bibliothécaire jeunesse", "Bibliothécaire jeunesse"),
    ("Agente de planification", "Agent de planification"),
    ("Chercheuse", "Chercheur"),
    ("Attachée politique", "Attaché politique"),
]
# Small words left out of the addresses made from organization names.
STOP_WORDS = {"de", "la", "le", "les", "du", "des", "l", "d", "et", "pour", "en", "au", "aux"}

CHILDCARE_NAMES = [
    "Les Petits Explorateurs",
    "Les Petits Soleils",
    "La Ribambelle",
    "Les Bourgeons",
    "La Marelle",
    "Les Lucioles",
    "Le Petit Monde",
    "Les Coccinelles",
    "L'Arc-en-ciel",
    "Les Petits Pas",
    "La Maison des Copains",
    "Les Amis du Parc",
    "Le Jardin d'Éveil",
    "Les Papillons",
    "Les Mini-Pousses",
    "La Courte Échelle",
    "Les Petites Abeilles",
    "Le Nid Douillet",
    "Les Pinsons",
    "La Cabane Enchantée",
    "Les Frimousses",
    "Le Carrousel",
    "Les Écureuils",
    "La Ruche",
    "Les Hiboux",
    "Les Oursons",
    "La Petite Grenouille",
    "Les Flocons",
    "Le Petit Navire",
    "Les Cerfs-Volants",
    "Les Tournesols",
    "Les Marmots",
    "Les Moussaillons",
    "Les Petits Lutins",
    "La Clé des Champs",
    "Les Étoiles Filantes",
]
SCHOOL_NAMES = [
    "des Explorateurs",
    "du Boisé",
    "de la Source",
    "des Cœurs-Vaillants",
    "de l'Envol",
    "des Érables",
    "du Parc",
    "de la Rivière",
    "Notre-Dame",
    "des Quatre-Vents",
    "des Pionniers",
    "de la Montagne",
    "du Bois-Joli",
    "de l'Harmonie",
    "des Sentiers",
    "Saint-Joseph",
    "Sainte-Marie",
    "des Trois-Soleils",
    "de la Clairière",
    "du Ruisseau",
]
WORDS = [
    "L'Envol",
    "Le Pont",
    "La Passerelle",
    "Le Relais",
    "Ancrage",
    "Tremplin",
    "Éveil",
    "Horizon",
    "Entraide",
    "Boussole",
    "La Source",
    "Racines",
    "L'Étincelle",
    "Le Phare",
    "Complicité",
    "Tandem",
    "Mosaïque",
    "Grandir ensemble",
    "Premiers Pas",
    "La Maisonnée",
]
# Where an organization with several sites has this one (`CPE … – installation du Parc`).
STREETS = [
    "des Érables",
    "Saint-Denis",
    "Principale",
    "du Moulin",
    "de l'Église",
    "Notre-Dame",
    "du Parc",
    "des Pins",
    "de la Gare",
    "du Lac",
    "des Cèdres",
    "Champlain",
    "de la Rivière",
    "du Couvent",
    "des Peupliers",
    "Sainte-Anne",
    "du Boisé",
    "de la Montagne",
    "des Ormes",
    "Jacques-Cartier",
    "Papineau",
    "Laurier",
    "Maisonneuve",
    "Saint-Georges",
    "de la Fabrique",
    "du Domaine",
    "des Pionniers",
    "du Belvédère",
    "des Saules",
    "des Lilas",
]
DIRECTIONS = [
    "Direction des politiques familiales",
    "Direction du développement des enfants",
    "Direction de la petite enfance",
    "Direction de la prévention",
    "Direction des partenariats",
    "Direction de la recherche",
]

LOCAL = {
    "childcare": [
        "CPE {cpe}",
        "CPE {cpe} de {loc}",
        "Garderie {cpe}",
        "Halte-garderie {word}",
        "Bureau coordonnateur de la garde en milieu familial de {loc}",
    ],
    "health": [
        "CLSC de {loc}",
        "Clinique de pédiatrie sociale de {loc}",
        "Groupe de médecine de famille {word}",
        "Centre périnatal {word} de {loc}",
    ],
    "education": [
        "École primaire {school}",
        "École {school} de {loc}",
        "Centre de services scolaire de {loc}",
        "Maternelle 4 ans {school}",
    ],
    "community": [
        "Maison de la famille de {loc}",
        "Table de concertation petite enfance de {loc}",
        "Carrefour familial {word}",
        "Organisme communautaire Famille {word}",
        "Cuisine collective {word} de {loc}",
        "Ressource parents {word} de {loc}",
    ],
    "municipal": [
        "Municipalité de {loc}",
        "Ville de {loc}",
        "Comité famille de {loc}",
        "Service des loisirs et de la famille de {loc}",
    ],
    "government": ["Services Québec – {loc}", "Bureau de circonscription de {loc}"],
    "business": [
        "Chambre de commerce de {loc}",
        "Épicerie {last}",
        "Coopérative {word}",
        "Pharmacie {last} de {loc}",
        "{last} et associés",
    ],
    "philanthropy": [
        "Fondation {last}",
        "Fondation pour la petite enfance de {loc}",
        "Fonds communautaire {word} de {loc}",
        "Fondation famille {last}",
    ],
    "research": ["Chaire de recherche sur la petite enfance de {loc}", "Laboratoire {word}"],
    "indigenous": [
        "Centre d'amitié autochtone de {loc}",
        "Installation autochtone {cpe}",
        "Services à la petite enfance autochtone de {loc}",
    ],
    "culture": [
        "Bibliothèque municipale de {loc}",
        "Bibliothèque {school}",
        "Ludothèque {cpe}",
        "Maison de la culture de {loc}",
        "Centre de loisirs {word}",
    ],
}
REGIONAL = {
    "childcare": ["Regroupement des CPE – {region}", "Association des garderies – {region}"],
    "health": [
        "CISSS – {region}",
        "Direction de santé publique – {region}",
        "CIUSSS – {region}, programme jeunesse",
        "Service de périnatalité – {region}",
    ],
    "education": ["Cégep de {loc}", "Centre de services scolaire – {region}"],
    "community": [
        "Table de concertation petite enfance – {region}",
        "Regroupement des organismes Famille – {region}",
        "Corporation de développement communautaire de {loc}",
    ],
    "municipal": ["MRC de {loc}", "Comité régional des politiques familiales – {region}"],
    "government": [
        "Direction régionale du ministère de la Famille – {region}",
        "Direction régionale de Services Québec – {region}",
    ],
    "business": ["Chambre de commerce régionale – {region}", "Pôle d'économie sociale – {region}"],
    "philanthropy": ["Fondation régionale {word} – {region}", "Fonds d'entraide – {region}"],
    "research": [
        "Observatoire régional de la petite enfance – {region}",
        "Chaire en développement de l'enfant – {region}",
    ],
    "indigenous": [
        "Regroupement autochtone petite enfance – {region}",
        "Cercle régional des familles autochtones – {region}",
    ],
    "culture": ["Réseau des bibliothèques – {region}", "Conseil de la culture – {region}"],
}
NATIONAL_BODIES = [
    ("Regroupement", "québécois"),
    ("Réseau", "québécois"),
    ("Fédération", "québécoise"),
    ("Alliance", "québécoise"),
    ("Association", "québécoise"),
    ("Coalition", "québécoise"),
    ("Observatoire", "québécois"),
    ("Conseil", "québécois"),
    ("Institut", "québécois"),
]
NATIONAL_TOPICS = {
    "childcare": ["des services de garde éducatifs", "de la garde en milieu familial"],
    "health": ["de pédiatrie sociale", "pour la santé des tout-petits", "en périnatalité"],
    "education": ["de l'éducation préscolaire", "pour la réussite éducative"],
    "community": ["des organismes communautaires Famille", "de la sécurité alimentaire"],
    "municipal": ["des municipalités amies des familles", "des élus municipaux"],
    "government": ["des politiques familiales"],
    "business": ["des entreprises conciliantes", "de l'économie sociale"],
    "philanthropy": ["des fondations familiales", "pour la philanthropie en petite enfance"],
    "research": ["de recherche sur le développement de l'enfant", "sur la petite enfance"],
    "indigenous": ["des services autochtones à la petite enfance"],
    "culture": ["des bibliothèques publiques", "de l'éveil à la lecture", "du loisir familial"],
}
MINISTRIES = [
    "Ministère de la Famille",
    "Ministère de la Santé et des Services sociaux",
    "Ministère de l'Éducation",
]

TAGS = [
    "table de concertation",
    "priorité 2027",
    "milieu rural",
    "milieu défavorisé",
    "francisation",
    "forum régional 2025",
    "partenaire financier",
    "nouveaux arrivants",
    "périnatalité",
    "comité de suivi",
    "0-5 ans",
    "à relancer",
]
SOURCES = {  # of newsletter consent, by kind
    "express": [
        "Formulaire d'inscription au forum régional",
        "Inscription en ligne",
        "Carte signée lors d'un kiosque",
        "Courriel de confirmation",
    ],
    "implied": [
        "Relation d'affaires existante",
        "Participation à une rencontre",
        "Membre d'une table de concertation",
    ],
}
SUMMARIES = [  # {topic} is a measure, lowercased
    "Présentation de la plateforme du Collectif. Mesure abordée : {topic}.",
    "Suivi de l'engagement ({topic}); prochaine étape à confirmer.",
    "Échange sur les besoins des familles du territoire. Sujet : {topic}.",
    "Portrait des services et pistes d'action communes. Sujet : {topic}.",
    "Invitation au forum régional petite enfance; discussion : {topic}.",
    "Envoi de la documentation et du formulaire d'engagement ({topic}).",
    "Planification d'une rencontre avec la direction. Sujet : {topic}.",
    "Discussion d'un projet commun et de son financement ({topic}).",
]
COMMITMENT_NOTES = [
    "",
    "",
    "Diffuser la plateforme auprès des familles du territoire.",
    "Offrir un local pour des activités parents-enfants.",
    "Intégrer la mesure au plan d'action local.",
    "Participer au comité de suivi régional.",
    "Financer un projet pilote sur deux ans.",
    "Former le personnel éducateur.",
    "Porter la mesure auprès des élus municipaux.",
]


def person(rng: Random) -> tuple[str, str, bool]:
    """Return an invented first name, last name and whether the first name is feminine."""
    female = rng.random() < 0.6
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    return first, rng.choice(LAST_NAMES), female


def _elected_title(rng: Random, female: bool, sector: str, locality: str) -> str:
    if sector != "municipal":
        return f"{'députée' if female else 'député'} de {locality}"
    if rng.random() < 0.3:
        return f"{'mairesse' if female else 'maire'} de {locality}"
    return f"{'conseillère municipale' if female else 'conseiller municipal'} de {locality}"


def stakeholder_name(
    rng: Random, sector: str, level: str, kind: str, region: str | None, locality: str
) -> str:
    """Return a plausible French name for a stakeholder of that sector, level and kind."""
    if kind != "organization":
        first, last, female = person(rng)
        if kind == "individual":
            return f"{first} {last}"
        place = locality or rng.choice(ALL_MUNICIPALITIES)
        return f"{first} {last}, {_elected_title(rng, female, sector, place)}"
    if level == "national":
        if sector == "government":
            return f"{rng.choice(MINISTRIES)} – {rng.choice(DIRECTIONS)}"
        body, adjective = rng.choice(NATIONAL_BODIES)
        return f"{body} {adjective} {rng.choice(NATIONAL_TOPICS[sector])}"
    pool = (REGIONAL if level == "regional" else LOCAL)[sector]
    return rng.choice(pool).format(
        loc=locality,
        region=REGION_NAMES.get(region or "", ""),
        cpe=rng.choice(CHILDCARE_NAMES),
        school=rng.choice(SCHOOL_NAMES),
        word=rng.choice(WORDS),
        last=rng.choice(LAST_NAMES),
    )


def site_name(rng: Random, name: str, sector: str) -> str:
    """Return `name` with one of its sites, to tell apart organizations of the same name."""
    site = "installation" if sector == "childcare" else "point de service"
    return f"{name} – {site} {rng.choice(STREETS)}"


def interaction_summary(rng: Random, measures: list[str]) -> str:
    """Return a short French summary of an interaction about `measures`."""
    topic = (
        MEASURE_LABELS[measures[0]][0].lower() + MEASURE_LABELS[measures[0]][1:]
        if measures
        else "priorités petite enfance de la région"
    )
    return rng.choice(SUMMARIES).format(topic=topic)


SECTOR_WEIGHTS = {  # per level, in the order of SECTORS
    "local": (25, 10, 12, 20, 8, 3, 6, 3, 2, 3, 8),
    "regional": (5, 15, 10, 20, 8, 12, 6, 8, 6, 5, 5),
    "national": (5, 10, 5, 20, 3, 25, 5, 15, 12, 5, 5),
}
STAGE_WEIGHTS = (25, 25, 22, 18, 10)
# Engaged stakeholders are called more often and commit to more measures.
ACTIVITY = {"identified": 0.4, "contacted": 1, "engaged": 1.5, "committed": 2, "champion": 3}
# Nobody commits before being contacted; about three commitments per stakeholder overall.
COMMITMENTS_PER_STAGE = {
    "identified": (0, 0),
    "contacted": (0, 3),
    "engaged": (2, 6),
    "committed": (3, 8),
    "champion": (4, 11),
}
STATUS_WEIGHTS = {  # intended, committed, in_progress, achieved, withdrawn
    "identified": (70, 20, 5, 0, 5),
    "contacted": (60, 25, 8, 2, 5),
    "engaged": (30, 35, 22, 8, 5),
    "committed": (8, 35, 32, 20, 5),
    "champion": (5, 25, 35, 32, 3),
}
AFFINITY = {  # the measures each sector usually takes up
    "childcare": ("ece_access", "early_screening", "parent_support", "family_literacy"),
    "health": ("health_access", "early_screening", "parent_support", "local_support"),
    "education": ("family_literacy", "ece_access", "work_family_balance", "early_screening"),
    "community": ("local_support", "parent_support", "healthy_food", "housing", "underrepresented"),
    "municipal": ("public_environments", "transit", "housing", "synergy"),
    "government": ("policy_streamlining", "financial_support", "work_family_balance"),
    "business": ("work_family_balance", "financial_support"),
    "philanthropy": ("financial_support", "synergy", "family_literacy"),
    "research": ("early_screening", "synergy", "policy_streamlining"),
    "indigenous": ("underrepresented", "ece_access", "health_access", "local_support"),
    "culture": ("family_literacy", "public_environments"),
}


def _chooser(items, weights) -> Callable[[Random], object]:
    """Return a weighted picker over `items` (faster than `rng.choices` one at a time)."""
    items, cumulative = list(items), list(accumulate(weights))
    return lambda rng: items[bisect(cumulative, rng.random() * cumulative[-1])]


PICK_REGION = _chooser(REGION_WEIGHTS, REGION_WEIGHTS.values())
PICK_SECTOR = {
    level: _chooser([c for c, _fr, _en in SECTORS], weights)
    for level, weights in SECTOR_WEIGHTS.items()
}
PICK_STAGE = _chooser(STAGES, STAGE_WEIGHTS)
PICK_STATUS = {
    stage: _chooser(("intended", "committed", "in_progress", "achieved", "withdrawn"), weights)
    for stage, weights in STATUS_WEIGHTS.items()
}
PICK_KIND = _chooser(
    ("call", "email", "meeting", "visit", "event", "other"), (30, 25, 25, 10, 5, 5)
)
PICK_JOINT_KIND = _chooser(("meeting", "event", "visit"), (70, 25, 5))
PICK_CONSENT = _chooser(("none", "express", "implied"), (45, 35, 20))
PICK_INVOLVEMENT = {
    stage: _chooser(("supporter", "contributor", "leader"), weights)
    for stage, weights in (
        ("identified", (60, 35, 5)),
        ("contacted", (60, 35, 5)),
        ("engaged", (50, 40, 10)),
        ("committed", (35, 45, 20)),
        ("champion", (20, 40, 40)),
    )
}
PICK_RELATIONSHIP = _chooser(("partner", "member_of", "funds", "other"), (50, 30, 15, 5))
# A tie's intensity on PARTNER's four levels, by type (None: not said): members of a table
# coordinate, funders mostly cooperate, "other" ties are mostly acquaintances.
PICK_INTENSITY = {
    kind: _chooser((None, "awareness", "cooperation", "coordination", "integration"), weights)
    for kind, weights in (
        ("partner", (10, 20, 35, 25, 10)),
        ("member_of", (10, 10, 30, 40, 10)),
        ("funds", (10, 5, 45, 35, 5)),
        ("other", (15, 50, 25, 8, 2)),
    )
}
TIE_NOTES = {
    "partner": [
        "Entente de collaboration pour des ateliers parents-enfants.",
        "Projet commun d'éveil à la lecture.",
        "Partage d'un local et d'une intervenante.",
        "Référencement mutuel des familles.",
    ],
    "member_of": [
        "Siège au comité de coordination.",
        "Membre depuis la fondation de la table.",
        "Participe au chantier sur l'accès aux services.",
        "Délègue une intervenante aux rencontres mensuelles.",
    ],
    "funds": [
        "Soutien financier sur trois ans.",
        "Subvention pour un projet pilote.",
        "Financement de la halte-garderie.",
        "Appui ponctuel à un événement familial.",
    ],
    "other": [
        "Échanges ponctuels d'information.",
        "Contact établi lors d'un colloque.",
        "Collaboration à explorer.",
    ],
}
