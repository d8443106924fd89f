"""The reference data Maillage ships with (SPEC §2), and the seeding that installs it.

Seeding only inserts the entries a database lacks: labels an admin renamed stay as they
are, and nothing is ever dropped. Migrations call `seed_reference_data`.
"""

from sqlalchemy import Connection, column, inspect, select, table

from models.reference import Measure, Region, Sector, Theme, Vocabulary

REGIONS = [
    ("01", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale"),
    ("04", "Mauricie"),
    ("05", "Estrie"),
    ("06", "Montréal"),
    ("07", "Outaouais"),
    ("08", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord"),
    ("10", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches"),
    ("13", "Laval"),
    ("14", "Lanaudière"),
    ("15", "Laurentides"),
    ("16", "Montérégie"),
    ("17", "Centre-du-Québec"),
]

SECTORS = [
    ("childcare", "Services de garde éducatifs", "Educational childcare"),
    ("health", "Santé et services sociaux", "Health and social services"),
    ("education", "Éducation", "Education"),
    ("community", "Organismes communautaires", "Community organizations"),
    ("municipal", "Municipal", "Municipal"),
    ("government", "Gouvernement", "Government"),
    ("business", "Affaires", "Business"),
    ("philanthropy", "Philanthropie", "Philanthropy"),
    ("research", "Recherche", "Research"),
    ("indigenous", "Premières Nations et Inuit", "First Nations and Inuit"),
    ("culture", "Culture, bibliothèques et loisirs", "Culture, libraries and recreation"),
]

THEMES = [
    ("children", "Les tout-petits", "Young children"),
    ("families", "Les familles", "Families"),
    ("living_conditions", "Les conditions de vie", "Living conditions"),
    ("building_together", "Agir ensemble", "Building together"),
]

MEASURES = [
    (
        "children",
        "ece_access",
        "Accès à des services éducatifs à la petite enfance de qualité",
        "Access to, and quality of, early childhood education services",
    ),
    (
        "children",
        "health_access",
        "Accès aux soins de santé et aux services sociaux et communautaires",
        "Access to health care and community/social services",
    ),
    ("children", "early_screening", "Accès au dépistage précoce", "Access to early screening"),
    (
        "families",
        "work_family_balance",
        "Conciliation famille-travail-études",
        "Balance between family, work and studies",
    ),
    (
        "families",
        "family_literacy",
        "Meilleures pratiques en littératie familiale",
        "Best practices in family literacy",
    ),
    (
        "families",
        "local_support",
        "Accès à des services de soutien de proximité",
        "Access to local support services",
    ),
    (
        "families",
        "parent_support",
        "Soutien aux parents pour donner un meilleur départ aux enfants",
        "Support for parents to give children a better start in life",
    ),
    (
        "living_conditions",
        "housing",
        "Accès à un logement abordable",
        "Access to affordable housing",
    ),
    ("living_conditions", "financial_support", "Soutien financier", "Financial support"),
    (
        "living_conditions",
        "public_environments",
        "Environnements publics stimulants, sécuritaires et accessibles",
        "Stimulating, safe and accessible public environments",
    ),
    (
        "living_conditions",
        "transit",
        "Transport collectif adapté et infrastructures urbaines favorables aux familles",
        "Suitable public transit and family-friendly urban infrastructures",
    ),
    (
        "living_conditions",
        "healthy_food",
        "Accès à une saine alimentation",
        "Access to healthy food",
    ),
    (
        "building_together",
        "synergy",
        "Conditions gagnantes pour la synergie entre les acteurs locaux, régionaux et nationaux",
        "Winning conditions to improve synergy between local, regional and provincial stakeholders",
    ),
    (
        "building_together",
        "underrepresented",
        "Intégration des enjeux propres aux communautés sous-représentées",
        "Integration of issues specific to under-represented communities",
    ),
    (
        "building_together",
        "policy_streamlining",
        "Harmonisation des politiques publiques",
        "Streamlining of public policies",
    ),
]

VOCABULARIES = {
    "level": [
        ("local", "Local", "Local"),
        ("regional", "Régional", "Regional"),
        ("national", "National", "National"),
    ],
    "stage": [
        ("identified", "Identifié", "Identified"),
        ("contacted", "Contacté", "Contacted"),
        ("engaged", "Engagé dans la démarche", "Engaged"),
        ("committed", "Engagement pris", "Committed"),
        ("champion", "Porteur / Champion", "Champion"),
    ],
    "commitment_status": [
        ("intended", "Intention", "Intended"),
        ("committed", "Engagé", "Committed"),
        ("in_progress", "En cours", "In progress"),
        ("achieved", "Réalisé", "Achieved"),
        ("withdrawn", "Retiré", "Withdrawn"),
    ],
    "involvement": [
        ("supporter", "Appui", "Supporter"),
        ("contributor", "Contribution", "Contributor"),
        ("leader", "Porteur", "Leader"),
    ],
    "interaction_kind": [
        ("meeting", "Rencontre", "Meeting"),
        ("call", "Appel", "Call"),
        ("email", "Courriel", "Email"),
        ("event", "Événement", "Event"),
        ("visit", "Visite", "Visit"),
        ("other", "Autre", "Other"),
    ],
    "relationship_type": [
        ("partner", "Partenaire", "Partner"),
        ("member_of", "Membre de", "Member of"),
        ("funds", "Finance", "Funds"),
        ("other", "Autre", "Other"),
    ],
    # PARTNER's levels of collaboration (Varda, visiblenetworklabs.com), weakest first.
    "relationship_intensity": [
        ("awareness", "Connaissance", "Awareness"),
        ("cooperation", "Coopération", "Cooperation"),
        ("coordination", "Coordination", "Coordination"),
        ("integration", "Intégration", "Integration"),
    ],
    "stakeholder_kind": [
        ("organization", "Organisme", "Organization"),
        ("elected_official", "Élu ou élue", "Elected official"),
        ("individual", "Personne engagée", "Individual champion"),
    ],
    "consent_kind": [
        ("none", "Aucun", "None"),
        ("express", "Exprès", "Express"),
        ("implied", "Tacite", "Implied"),
        # Not a stored kind: a contact's withdrawal date says it. Exports show it so that a
        # re-imported file can never turn a withdrawal back into consent.
        ("withdrawn", "Retiré", "Withdrawn"),
    ],
}


def reference_rows() -> dict[type, list[dict]]:
    """Return the shipped reference entries as rows per model, in display order."""
    return {
        Region: [
            {"code": c, "label_fr": n, "label_en": n, "position": i}
            for i, (c, n) in enumerate(REGIONS)
        ],
        Sector: [
            {"code": c, "label_fr": fr, "label_en": en, "position": i}
            for i, (c, fr, en) in enumerate(SECTORS)
        ],
        Theme: [
            {"code": c, "label_fr": fr, "label_en": en, "position": i}
            for i, (c, fr, en) in enumerate(THEMES)
        ],
        Measure: [
            {"code": c, "theme_code": t, "label_fr": fr, "label_en": en, "position": i}
            for i, (t, c, fr, en) in enumerate(MEASURES)
        ],
        Vocabulary: [
            {"list": name, "code": c, "label_fr": fr, "label_en": en, "position": i}
            for name, entries in VOCABULARIES.items()
            for i, (c, fr, en) in enumerate(entries)
        ],
    }


def seed_reference_data(connection: Connection) -> int:
    """Insert the shipped entries the database lacks; return how many were added."""
    added = 0
    for model, rows in reference_rows().items():
        key_columns = [c for c in model.__table__.primary_key.columns]
        existing = {tuple(r) for r in connection.execute(select(*key_columns))}
        missing = [r for r in rows if tuple(r[c.name] for c in key_columns) not in existing]
        if missing:
            defaults = _defaults(connection, model)
            rows = [defaults | row for row in missing]
            target = table(model.__tablename__, *[column(name) for name in rows[0]])
            connection.execute(target.insert(), rows)
            added += len(missing)
    return added


def _defaults(connection: Connection, model) -> dict:
    """Return the model's default values of the columns the database has now: a migration
    seeds the schema of its own time, which may lack a column added since."""
    present = {c["name"] for c in inspect(connection).get_columns(model.__tablename__)}
    return {
        c.name: c.default.arg
        for c in model.__table__.columns
        if c.name in present and c.default is not None and c.default.is_scalar
    }
