"""Matching's pure functions (fotfaste.employers.matching): words and how they relate, the score with its
reasons for and against, the ladder fit as data, and the ranking."""

from fotfaste.employers.matching import (
    LADDER_FIT,
    PersonFacts,
    PlacementFacts,
    need_fit,
    postal_area,
    rank,
    related,
    score,
    words,
)

WAREHOUSE = PlacementFacts(1, frozenset(words("Lagerarbete Yrken med krav på kortare utbildning")), "halvskyddad")


def test_words_keep_what_carries_meaning_once_in_order():
    assert words("Lager, LAGER och truckar inom yrken") == ["lager", "truckar"]
    assert words("") == []


def test_related_words_share_a_beginning():
    assert related("lager", "lagerarbete")
    assert related("lagerarbetare", "lagerarbete")  # Swedish compounds: a long shared beginning
    assert not related("lager", "lastbil")
    assert not related("vård", "vägar")


def test_an_interest_and_a_licence_are_reasons_in_swedish():
    needs_licence = PlacementFacts(1, WAREHOUSE.words, "verklig", requires_driving_licence=True)
    s = score(PersonFacts(7, interests="Lager och truckar", driving_licence="b"), needs_licence)
    assert s.explained == "intresse: lager; har B-körkort"
    assert s.score == 4 and s.against == ()


def test_a_required_licence_the_person_lacks_speaks_against():
    needs_licence = PlacementFacts(1, WAREHOUSE.words, "verklig", requires_driving_licence=True)
    s = score(PersonFacts(7, interests="lager", driving_licence="inget"), needs_licence)
    assert s.against == ("kräver B-körkort, har inget",)
    assert s.score == 3 - 4


def test_no_mapping_means_no_claim_about_the_licence():
    needs_licence = PlacementFacts(1, WAREHOUSE.words, "verklig", requires_driving_licence=True)
    assert score(PersonFacts(7, interests="lager"), needs_licence).against == ()


def test_distance_by_postal_area_before_municipality():
    here = PlacementFacts(1, frozenset(), "verklig", municipality="1880", postal_area="702")
    assert score(PersonFacts(7, municipality="1880", postal_area="702"), here).reasons == ("samma postnummerområde",)
    assert score(PersonFacts(7, municipality="1880", postal_area="703"), here).reasons == ("bor i samma kommun",)
    # A hidden employer (or a protected identity) gives no postal area: the municipality alone decides.
    hidden = PlacementFacts(1, frozenset(), "verklig", municipality="1880")
    assert score(PersonFacts(7, municipality="1880", postal_area="702"), hidden).reasons == ("bor i samma kommun",)
    assert score(PersonFacts(7, municipality="1814"), here).reasons == ()


def test_postal_area_is_the_first_three_digits():
    assert postal_area("702 10") == "702" and postal_area("70210") == "702" and postal_area("") == ""


def test_the_ladder_fit_is_data_and_a_high_need_fits_sheltered_steps_better():
    assert need_fit(3, "skyddad") > need_fit(3, "halvskyddad") > need_fit(3, "verklig")
    assert need_fit(1, "verklig") > need_fit(1, "skyddad")
    assert need_fit(None, "verklig") is None
    assert need_fit(9, "skyddad") == LADDER_FIT[4]["skyddad"]  # an agreement's own longer scale: clamped
    real = PlacementFacts(1, frozenset(), "verklig")
    s = score(PersonFacts(7, need_order=3, need_name="Långsiktigt och omfattande stöd"), real)
    assert s.against == ("behovsnivå Långsiktigt och omfattande stöd: verklig praktik kan vara för tidigt",)


def test_the_plans_goal_counts_for_and_against():
    assert "planens mål är arbete" in score(PersonFacts(7, plan_goal_kind="arbete"), WAREHOUSE).reasons
    assert score(PersonFacts(7, plan_goal_kind="studier"), WAREHOUSE).against == ("planens mål är studier",)
    assert "mål: lager" in score(PersonFacts(7, plan_goal="Jobba på ett lager"), WAREHOUSE).reasons


def test_rank_keeps_suggestions_best_first_and_drops_what_has_nothing_for_it():
    a = score(PersonFacts(1, interests="lager"), WAREHOUSE)
    b = score(PersonFacts(2, interests="lager", experience="lagerarbete"), WAREHOUSE)
    nothing = score(PersonFacts(3, interests="musik"), WAREHOUSE)
    assert [s.person_id for s in rank([a, nothing, b], 10)] == [2, 1]
    assert [s.person_id for s in rank([a, b], 1)] == [2]
