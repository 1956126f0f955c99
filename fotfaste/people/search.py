"""How a search text is understood: an identity number in any common form, or names."""

from dataclasses import dataclass

from django.db.models import Q

from .identity import IdentityNumberError, normalise


@dataclass(frozen=True)
class PersonQuery:
    personnummer: str | None
    name_terms: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.personnummer and not self.name_terms


def parse_query(text: str) -> PersonQuery:
    text = (text or "").strip()
    if not text:
        return PersonQuery(None, ())
    if any(ch.isdigit() for ch in text):
        try:
            return PersonQuery(normalise(text), ())
        except (IdentityNumberError, ValueError):
            pass
    terms = tuple(t for t in text.replace(",", " ").split() if t)
    return PersonQuery(None, terms)


def query_filter(query: PersonQuery) -> Q:
    if query.personnummer:
        return Q(personnummer=query.personnummer)
    # sort_name is lower-cased in Python, because SQLite's LIKE folds only ASCII (Å, Ä, Ö would not match).
    condition = Q()
    for term in query.name_terms:
        term = term.lower()
        condition &= Q(sort_name__startswith=term) | Q(sort_name__contains=" " + term)
    return condition
