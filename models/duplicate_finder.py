"""The duplicate finder: pairs of stakeholders or contacts that may be one record twice.

`find_pairs(user, kind)` proposes pairs in `user`'s scope (`models.scoping`), best first,
each with a score from 0 to 100 and its reasons (codes with a detail; the review page and
the CLI put them in words). Pairs a user said are not duplicates (`NotDuplicate`) are left
out. Archived stakeholders are left out, and so are the contacts of archived stakeholders
and anonymized contacts: an archived record is out of the lists people work from, and
merging into or away from it would bring it back unnoticed; restore it to have it compared.

**Blocking.** Comparing every pair of 100,000 stakeholders is 5 billion comparisons; the
finder compares names only inside blocks of records that already share something:
- stakeholders: the same area (region, or national with national), and inside it the same
  folded name (`organization_key`) or an informative word of it (one that at most
  `MAX_WORD_BLOCK` names of the area hold: `cpe`, `centre` or a town's name are in
  hundreds and tell nothing); the same email domain (webmail providers aside); the same
  phone (`normalize_phone`, extension aside). The last two cross regions.
- contacts: the same folded last name and first initial at one stakeholder, the same
  phone, the same part of the email before the @ (a person's name alone never reaches
  the threshold, so a surname shared across stakeholders makes no block).
A domain, phone or email part that more than `MAX_EVIDENCE_BLOCK` records share names no
one body (a provider, a federation's switchboard): it makes no block. Names are compared
in each block by RapidFuzz's `cdist` with a score cutoff, in C++; only the pairs above it
are scored in Python. 100,000 demo stakeholders take a few seconds
(`benchmarks/duplicates_bench.py`): the review page remembers its pairs (`models.cache`)
until a stakeholder, contact or mark changes, so the first view of a big base waits those
seconds and the pages after it do not.

**Score.** Names are compared on their folded keys: the greater of RapidFuzz's
`token_sort_ratio` (words in any order) and `ratio` on the keys without spaces
(`Maison des Familles` and `MaisondesFamilles`). When each name has words the other lacks
and those are other words, not the same words misspelt (`Soleils` and `Lutins`, `Josée`
and `Jérôme`, any word with a digit: `École 2`, `(3)`, or `MRC`), the names are
look-alikes: their score is at most `DIFFERENT_WORDS_CAP` (60). When one name is the other
plus words (`CPE Soleil de Candiac`: a town, a site), at most `SUBSET_CAP` (75). Evidence
adds points: for stakeholders, the same phone (+15), the same email address (+15) or
domain (+10), the same municipality (+5); for contacts, whose names alone count for 80 %
(homonyms are common: two Marie Tremblay at two organizations are two people), the same
stakeholder, phone or email part (+20 each). A pair whose names score under `NAME_FLOOR`
(70 for stakeholders, 80 for people) is never proposed, whatever the evidence: colleagues
share their organization's phone.

**Threshold: 85.** Names equal once folded score 100; one letter off in a name of 15
letters about 93: proposed on their names alone. Look-alikes (60) never are; a name and
the same plus a town (75) are when a phone, an address or a domain agrees, as people tell
them apart too. Two words count as one misspelt when RapidFuzz's `ratio` of them is 85 or
more (`Soleils`/`Soleil` 92, `Tremblay`/`Tremblai` 88); at 80 the demo's names gave
`Épicerie Bouchard` and `Épicerie Boucher` as one shop.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import select

from models.base import db
from models.cache import remembered
from models.contact import Contact
from models.duplicate import KINDS, NotDuplicate
from models.normalize import fold, normalize_phone, organization_key
from models.scoping import visible_contacts, visible_scope, visible_stakeholders
from models.stakeholder import Stakeholder

THRESHOLD = 85
DIFFERENT_WORDS_CAP = 60
SUBSET_CAP = 75  # one name is the other plus words (a town, a site): evidence must agree
SAME_WORDS_MISSPELT = 85  # `ratio` of the words each name alone holds, to be the same words
# The least name score of a pair proposed, whatever the evidence: colleagues share their
# organization's phone, two bodies of one federation its domain.
NAME_FLOOR = {"stakeholders": 70, "contacts": 80}
MAX_WORD_BLOCK = 100
MAX_EVIDENCE_BLOCK = 50
PERSON_NAME_WEIGHT = 0.8

# Email providers whose domain says nothing of the organization.
WEBMAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.ca", "hotmail.fr", "live.com",
        "live.ca", "msn.com", "outlook.com", "outlook.fr", "yahoo.com", "yahoo.ca", "yahoo.fr",
        "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "videotron.ca",
        "videotron.qc.ca", "bell.net", "sympatico.ca", "globetrotter.net", "cgocable.ca",
        "cogeco.ca", "cooptel.qc.ca", "telus.net", "shaw.ca", "rogers.com", "b2b2c.ca",
        "derytele.com", "tlb.sympatico.ca", "protonmail.com", "proton.me", "gmx.com",
        "qc.aira.com", "xplornet.com",
    }
)  # fmt: skip

# Points each piece of evidence adds, by kind.
BONUS = {
    "stakeholders": {
        "same_phone": 15,
        "same_email": 15,
        "same_email_domain": 10,
        "same_municipality": 5,
    },
    "contacts": {"same_stakeholder": 20, "same_phone": 20, "same_email_local_part": 20},
}


class Pair(NamedTuple):
    """Two records that may be one: ids `a` < `b`, a score 0–100, and the reasons, each a
    (code, detail) tuple (`("similar_name", 92)`, `("same_email_domain", "cpe.ca")`)."""

    a: int
    b: int
    score: int
    reasons: tuple[tuple[str, object], ...]


class _Row(NamedTuple):
    id: int
    key: str  # the folded name compared
    area: str | None  # stakeholders: region code or "national"
    municipality: str | None
    phone: str
    email: str
    domain: str
    local_part: str
    stakeholder_id: int | None  # contacts


def find_pairs(user, kind: str) -> list[Pair]:
    """Return the candidate duplicate pairs of `kind` ("stakeholders" or "contacts") in
    `user`'s scope, best first (then by ids), pairs marked not duplicates left out."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    rows = _without_common(
        _stakeholder_rows(user) if kind == "stakeholders" else _contact_rows(user)
    )
    blocks = _stakeholder_blocks(rows) if kind == "stakeholders" else _contact_blocks(rows)
    cutoff = NAME_FLOOR[kind]
    marked = {
        (low, high)
        for low, high in db.session.execute(
            select(NotDuplicate.low_id, NotDuplicate.high_id).where(NotDuplicate.kind == kind)
        )
    }
    seen: set[tuple[int, int]] = set()
    pairs = []
    for block, floor in blocks:
        for i, j, name in _similar_in(rows, block, max(cutoff, floor)):
            one, other = (rows[i], rows[j]) if rows[i].id < rows[j].id else (rows[j], rows[i])
            ids = (one.id, other.id)
            if ids in seen or ids in marked:
                continue
            seen.add(ids)
            pair = _score(kind, one, other, name)
            if pair is not None:
                pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


# What the pairs depend on: the records, the marks, merges and bulk changes (archiving).
DEPENDS_ON = ("stakeholder", "contact", "not_duplicate", "merge", "change_batch", "import_batch")


def remembered_pairs(user, kind: str) -> list[Pair]:
    """Return `find_pairs(user, kind)`, remembered (`models.cache`) for everyone of the same
    scope until a record or a mark changes: the review page's pages read the same list."""
    key = (kind, visible_scope(user))
    return remembered("duplicate_pairs", key, lambda: find_pairs(user, kind), DEPENDS_ON, True)


def name_similarity(one: str, other: str, score: float | None = None) -> int:
    """Return how alike two folded names are, 0–100 (see the module's docstring); `score`
    is their RapidFuzz score when already known (`_similar_in`)."""
    if one == other:
        return 100
    if score is None:
        score = max(
            fuzz.token_sort_ratio(one, other),
            fuzz.ratio(one.replace(" ", ""), other.replace(" ", "")),
        )
    words, other_words = set(one.split()), set(other.split())
    only = [w for w in one.split() if w not in other_words]
    other_only = [w for w in other.split() if w not in words]
    if only and other_only:
        if _different_words(only, other_only) or _tells_apart(only) or _tells_apart(other_only):
            return min(round(score), DIFFERENT_WORDS_CAP)
    elif only or other_only:
        cap = DIFFERENT_WORDS_CAP if _tells_apart(only or other_only) else SUBSET_CAP
        return min(round(score), cap)
    return round(score)


def _different_words(only: list[str], other_only: list[str]) -> bool:
    """Return whether the words each name alone holds are other words, not the same words
    misspelt or spaced otherwise: word by word when they are as many (`Josée` is not
    `Jérôme`), else run together (`Bouts chou` and `Boutsdchou`)."""
    if len(only) == len(other_only):
        pairs = zip(only, other_only, strict=True)
        return any(fuzz.ratio(one, other) < SAME_WORDS_MISSPELT for one, other in pairs)
    return fuzz.ratio("".join(only), "".join(other_only)) < SAME_WORDS_MISSPELT


# Words that tell bodies of one name apart: the MRC of Roberval is not the town.
DISTINGUISHING = frozenset({"mrc"})


def _tells_apart(words: list[str]) -> bool:
    """Return whether `words` tell bodies apart: a number (`École 2`, `(3)`) or `mrc`."""
    return any(word in DISTINGUISHING or any(ch.isdigit() for ch in word) for word in words)


def _score(kind: str, one: _Row, other: _Row, known: float | None = None) -> Pair | None:
    """Return the pair of `one` and `other` with its score and reasons, None when it is
    not proposed; `known` is their names' RapidFuzz score when already computed."""
    name = name_similarity(one.key, other.key, known)
    if name < NAME_FLOOR[kind]:
        return None
    reasons: list[tuple[str, object]] = [("similar_name", name)]
    if kind == "stakeholders":
        if one.area == other.area:
            reasons.append(("same_region", one.area))
        if one.phone and one.phone == other.phone:
            reasons.append(("same_phone", one.phone))
        if one.email and one.email == other.email:
            reasons.append(("same_email", one.email))
        elif one.domain and one.domain == other.domain:
            reasons.append(("same_email_domain", one.domain))
        if one.municipality and one.municipality == other.municipality:
            reasons.append(("same_municipality", one.municipality))
        weighted = name
    else:
        if one.stakeholder_id and one.stakeholder_id == other.stakeholder_id:
            reasons.append(("same_stakeholder", one.stakeholder_id))
        if one.phone and one.phone == other.phone:
            reasons.append(("same_phone", one.phone))
        if one.local_part and one.local_part == other.local_part:
            reasons.append(("same_email_local_part", one.local_part))
        weighted = name * PERSON_NAME_WEIGHT
    score = min(100, round(weighted + sum(BONUS[kind].get(code, 0) for code, _ in reasons)))
    return Pair(one.id, other.id, score, tuple(reasons)) if score >= THRESHOLD else None


def _similar_in(rows: list[_Row], block: list[int], cutoff: int) -> Iterable[tuple[int, int, int]]:
    """Yield the pairs of row indexes of `block` whose names score `cutoff` or more, with
    that score."""
    if len(block) < 2:
        return
    keys = [rows[i].key for i in block]
    scores = process.cdist(
        keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, dtype=np.uint8
    )
    spaced = process.cdist(
        [k.replace(" ", "") for k in keys],
        [k.replace(" ", "") for k in keys],
        scorer=fuzz.ratio,
        score_cutoff=cutoff,
        dtype=np.uint8,
    )
    best = np.triu(np.maximum(scores, spaced), k=1)
    first, second = np.nonzero(best)
    found = best[first, second].tolist()
    for x, y, score in zip(first.tolist(), second.tolist(), found, strict=True):
        yield block[x], block[y], score


# The house form `normalize_phone` writes (forms and imports store it), extension aside.
_HOUSE_PHONE = re.compile(r"(\d{3}-\d{3}-\d{4})(?: poste \d+)?")


def _phone_key(phone: str) -> str:
    """Return a phone in the house form, extension aside ("" when none or unreadable)."""
    if not phone:
        return ""
    stored = _HOUSE_PHONE.fullmatch(phone)
    if stored:  # already folded: `phonenumbers` would take 80 µs to say so
        return stored.group(1)
    try:
        return normalize_phone(phone).split(" poste ")[0]
    except ValueError:
        return ""


def _email_parts(email: str | None) -> tuple[str, str, str]:
    """Return the email lowercased, its domain (webmail aside) and the part before the @."""
    email = (email or "").strip().lower()
    local, _at, domain = email.rpartition("@")
    return email, "" if domain in WEBMAIL else domain, local


def _stakeholder_rows(user) -> list[_Row]:
    """Return the non-archived stakeholders `user` sees, as rows to compare."""
    query = (
        visible_stakeholders(user)
        .where(Stakeholder.archived.is_(False))
        .with_only_columns(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.region_code,
            Stakeholder.municipality_code,
            Stakeholder.phone,
            Stakeholder.email,
        )
        .order_by(Stakeholder.id)
    )
    rows = []
    for sid, name, region, municipality, phone, email in db.session.execute(query):
        email, domain, _local = _email_parts(email)
        rows.append(
            _Row(sid, organization_key(name), region or "national", municipality,
                 _phone_key(phone), email, domain, "", None)
        )  # fmt: skip
    return rows


def _contact_rows(user) -> list[_Row]:
    """Return the contacts `user` sees (not anonymized, not of archived stakeholders)."""
    archived = select(Stakeholder.id).where(Stakeholder.archived.is_(True))
    query = (
        visible_contacts(user)
        .where(Contact.anonymized_at.is_(None))
        .where(Contact.stakeholder_id.is_(None) | Contact.stakeholder_id.not_in(archived))
        .with_only_columns(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.phone,
            Contact.email,
            Contact.stakeholder_id,
        )
        .order_by(Contact.id)
    )
    rows = []
    for cid, first, last, phone, email, stakeholder_id in db.session.execute(query):
        email, _domain, local = _email_parts(email)
        rows.append(
            _Row(cid, fold(f"{first} {last}"), None, None, _phone_key(phone), email, "",
                 local, stakeholder_id)
        )  # fmt: skip
    return rows


def _stakeholder_blocks(rows: list[_Row]) -> list[tuple[list[int], int]]:
    """Return the blocks of stakeholder rows to compare, each with its own name cutoff:
    inside an area, by folded name and informative word; across areas, by domain and phone."""
    by_area: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_area[row.area].append(index)
    blocks = []
    # Inside an area, a pair without evidence needs the name alone to reach the threshold
    # (a same municipality aside).
    inside = THRESHOLD - BONUS["stakeholders"]["same_municipality"]
    for members in by_area.values():
        same_key: dict[str, list[int]] = defaultdict(list)
        by_word: dict[str, list[int]] = defaultdict(list)
        for index in members:
            same_key[rows[index].key].append(index)
            for word in set(rows[index].key.split()):
                by_word[word].append(index)
        blocks += [(group, inside) for group in same_key.values() if len(group) > 1]
        blocks += [
            (group, inside) for group in by_word.values() if 1 < len(group) <= MAX_WORD_BLOCK
        ]
    blocks += _evidence_blocks(rows, lambda row: row.domain)
    blocks += _evidence_blocks(rows, lambda row: row.phone)
    return blocks


def _contact_blocks(rows: list[_Row]) -> list[tuple[list[int], int]]:
    """Return the blocks of contact rows to compare: same last name and first initial at
    one stakeholder, same phone, same email part.

    A person's name alone never reaches the threshold (homonyms), so two contacts of one
    surname are compared only where evidence could lift them: at the same stakeholder
    here, sharing a phone or an email part in the other blocks."""

    def surname(row: _Row) -> str:
        words = row.key.split()
        if not words or row.stakeholder_id is None:
            return ""
        return f"{words[-1]} {words[0][0]} {row.stakeholder_id}"

    blocks = [(group, 0) for group in _groups(rows, surname).values() if len(group) > 1]
    blocks += _evidence_blocks(rows, lambda row: row.phone)
    blocks += _evidence_blocks(rows, lambda row: row.local_part)
    return blocks


def _groups(rows: list[_Row], key) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        value = key(row)
        if value:
            groups[value].append(index)
    return groups


def _evidence_blocks(rows: list[_Row], key) -> list[tuple[list[int], int]]:
    """Return the blocks of rows sharing `key` (a domain, a phone); their cutoff is the
    kind's `NAME_FLOOR`."""
    return [(group, 0) for group in _groups(rows, key).values() if len(group) > 1]


def _without_common(rows: list[_Row]) -> list[_Row]:
    """Return `rows` without the phones, domains and email parts that more than
    `MAX_EVIDENCE_BLOCK` of them share: such a value names no one body, so it is no
    evidence (and makes no block)."""
    common = {}
    for field in ("phone", "domain", "local_part"):
        counts = Counter(getattr(row, field) for row in rows)
        common[field] = {value for value, n in counts.items() if n > MAX_EVIDENCE_BLOCK}
    if not any(common.values()):
        return rows
    fields = [(field, values) for field, values in common.items() if values]
    kept = []
    for row in rows:
        dropped = {field: "" for field, values in fields if getattr(row, field) in values}
        kept.append(row._replace(**dropped) if dropped else row)
    return kept
