"""The API's JSON shapes; the descriptions end up in the OpenAPI schema."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from fotfaste.consent import services


class PersonOut(Schema):
    """A young person as the API shows them (built from people.presenters.public_fields)."""

    personnummer: str = Field(
        description="Personnummer, samordningsnummer eller reservnummer med tolv siffror (ÅÅÅÅMMDDNNNN)."
    )
    fornamn: str = Field(description="Förnamn.")
    efternamn: str = Field(description="Efternamn.")
    fodelsedatum: date = Field(description="Födelsedatum.")
    kon: str = Field(description="Juridiskt kön: ”kvinna” eller ”man”.")
    kommunkod: str = Field(description="Hemkommunens fyrsiffriga kommunkod.")
    telefon: str = Field(description="Telefonnummer, tom sträng om det saknas.")
    epost: str = Field(description="E-postadress, tom sträng om den saknas.")
    bakgrund: str = Field(
        description="Bakgrund enligt Skolverket: ”svensk”, ”utlandsk_fodd_i_sverige”, ”fodd_utomlands” eller tom sträng (okänd)."
    )
    skyddad: bool = Field(description="Sant om personen har skyddade personuppgifter; då lämnas adressen aldrig ut.")
    skyddstyp: str | None = Field(
        description="”sekretessmarkering” eller ”skyddad_folkbokforing”; null om personen inte är skyddad."
    )
    utdelningsadress: str | None = Field(description="Utdelningsadress; alltid null för en skyddad person.")
    postnummer: str | None = Field(description="Postnummer med fem siffror; alltid null för en skyddad person.")
    postort: str | None = Field(description="Postort; alltid null för en skyddad person.")


class PersonPage(Schema):
    """One page of search hits."""

    items: list[PersonOut] = Field(description="Träffarna på den här sidan, sorterade på efternamn och förnamn.")
    next: str | None = Field(
        description="Fullständig adress till nästa sida, eller null om det inte finns fler träffar."
    )


class Error(Schema):
    detail: str = Field(description="Felet beskrivet på svenska.")
    falt: dict[str, str] | None = Field(None, description="Vid 422: fältet (API:ets namn) och vad som är fel med det.")


class ConsentPartyOut(Schema):
    part: str = Field(description="Partens namn.")
    enhet: str | None = Field(description="Enhetens namn, eller null när hela parten får dela.")


class ConsentOut(Schema):
    """A consent the caller may see: recorded by the caller's unit, or naming it."""

    id: int = Field(description="Samtyckets nummer.")
    status: str = Field(
        description="”begart”, ”lamnat”, ”nekat”, ”aterkallat” eller ”utgatt” (ett lämnat samtycke efter sista giltighetsdagen)."
    )
    parter: list[ConsentPartyOut] = Field(description="Parterna (och enheterna) som får dela uppgifter med varandra.")
    informationstyper: list[str] = Field(
        description="Typer av uppgifter som får delas: ”identitet”, ”sysselsattning_plan”, ”af”, ”forsorjningsstod”, ”halsa”."
    )
    andamal: str = Field(description="Ändamålet med delningen.")
    giltig_fran: date | None = Field(description="Första giltighetsdag; null om samtycket inte är lämnat.")
    giltig_till: date | None = Field(description="Sista giltighetsdag; null om det gäller tills vidare.")
    aterkallat: datetime | None = Field(description="När samtycket återkallades, annars null.")
    vantar_pa_bekraftelse: list[ConsentPartyOut] = Field(
        description=(
            "Parter och enheter som samtycket nämner men som inte bekräftat det: det de har om personen delas inte "
            "förrän de gjort det. Tom lista när ingen bekräftelse väntas."
        )
    )


def consent_out(c) -> dict:
    """A consent as the API shows it (ConsentOut), from a consent with recipients and confirmations loaded."""
    return {
        "id": c.pk,
        "status": services.status_today(c, timezone.localdate()),
        "parter": [{"part": r.party.name, "enhet": r.unit.name if r.unit_id else None} for r in c.recipients.all()],
        "informationstyper": c.kinds,
        "andamal": c.purpose,
        "giltig_fran": c.valid_from,
        "giltig_till": c.valid_until,
        "aterkallat": c.withdrawn_at,
        "vantar_pa_bekraftelse": [{"part": w.party, "enhet": w.unit} for w in services.waiting_for(c)],
    }


class ConsentIn(Schema):
    """A consent to record for the caller's own unit."""

    parter: list[str] = Field(
        default_factory=list,
        description="Parternas organisationsnummer, till exempel ”202100-2114”. Den egna parten ingår alltid.",
    )
    enheter: list[int | str] = Field(
        default_factory=list, description="Enskilda enheter (nummer eller namn) i stället för hela parter."
    )
    informationstyper: list[str] = Field(
        description="”identitet”, ”sysselsattning_plan”, ”af”, ”forsorjningsstod” och/eller ”halsa”."
    )
    andamal: str | None = Field(None, max_length=500, description="Ändamålet; utan det gäller överenskommelsens.")
    status: str = Field(description="”begart” eller ”lamnat”.")
    satt: str | None = Field(None, description="”underskrift”, ”muntligt” eller ”digitalt” (krävs för lämnat).")
    lamnat_av: str | None = Field(None, description="”personen” eller ”personen_och_vardnadshavare”.")
    vardnadshavare: str | None = Field(None, max_length=200, description="Vårdnadshavarens namn, under 18 år.")
    giltig_fran: date | None = Field(None, description="Första giltighetsdag (krävs för lämnat).")
    giltig_till: date | None = Field(None, description="Sista giltighetsdag; utelämnad: tills vidare.")
    enhet: int | None = Field(None, description="Din enhet som registrerar, om du har flera.")


class ConfirmIn(Schema):
    enhet: int | None = Field(None, description="Din enhet som bekräftar, om du har flera som samtycket nämner.")


class WithdrawIn(Schema):
    anteckning: str | None = Field(None, max_length=500, description="Hur återkallelsen kom in.")


class GroundOut(Schema):
    typ: str = Field(description="”egen”, ”samtycke” eller ”uppdrag”.")
    enhet: str = Field(description="Din enhet som grunden gäller.")
    fran: date | None = Field(description="Från och med.")
    till: date | None = Field(description="Till och med, eller null tills vidare.")
    samtycke: int | None = Field(description="Samtyckets nummer när grunden är ett samtycke, annars null.")


class AccessOut(Schema):
    grunder: list[GroundOut] = Field(description="Varje grund du har att se personen i dag.")


class TeamMemberOut(Schema):
    id: int = Field(description="Medlemskapets nummer.")
    namn: str = Field(description="Teammedlemmens namn.")
    roll: str = Field(description="Roll i teamet, till exempel ”arbetsformedlare” eller ”mentor”.")
    enhet: str = Field(description="Enheten medlemmen kommer från.")
    part: str = Field(description="Parten enheten hör till.")
    huvudkontakt: bool = Field(description="Sant för den unges huvudkontakt (en väg in).")
    fran: date = Field(description="Första dag i teamet.")
    till: date | None = Field(description="Sista dag i teamet, eller null.")


def member_out(m) -> dict:
    return {
        "id": m.pk,
        "namn": m.name,
        "roll": m.role,
        "enhet": m.unit.name,
        "part": m.unit.party.name,
        "huvudkontakt": m.is_main_contact,
        "fran": m.start_date,
        "till": m.end_date,
    }


class MeasureOut(Schema):
    insats: str = Field(description="Insatstyp ur katalogen, till exempel ”Praktik” eller ”Utbildningskontrakt”.")
    beskrivning: str = Field(description="Vad insatsen innebär.")
    ansvarig: str = Field(description="”personen”, ”kommunen” eller ”annan”.")
    ansvarig_enhet: str | None = Field(description="Kommunens ansvariga enhet när kommunen ansvarar.")
    ansvarig_aktor: str | None = Field(description="Den ansvariga aktören när en annan aktör ansvarar.")
    planerad_start: date = Field(description="Planerad start.")
    planerat_slut: date | None = Field(description="Planerat slut.")
    faktisk_start: date | None = Field(description="Faktisk start.")
    faktiskt_slut: date | None = Field(description="Faktiskt slut.")
    status: str = Field(description="”planerad”, ”pagaende”, ”avslutad” eller ”avbojd” (den unga tackade nej).")
    avslutsorsak: str | None = Field(description="Varför insatsen slutade, när den har slutat.")
    uppfoljning: date | None = Field(description="Datum för uppföljning.")
    utvardering: date | None = Field(description="Datum för utvärdering.")


class PlanOut(Schema):
    id: int = Field(description="Planens nummer.")
    mal: str = Field(description="”studier”, ”arbete” eller ”annat”.")
    malbeskrivning: str = Field(description="Målet med insatserna.")
    egna_ord: str = Field(description="Den ungas egna ord.")
    ses_over_senast: date | None = Field(description="När planen senast ska ses över.")
    enhet: str = Field(description="Enheten som håller planen.")
    version: int = Field(description="Planens version; ökar vid varje ändring.")
    insatser: list[MeasureOut] = Field(description="Planens insatser.")


class ContactOut(Schema):
    datum: date = Field(description="Datum för kontaktförsöket.")
    kanal: str = Field(description="Kanal, till exempel ”brev”, ”telefon”, ”sms” eller ”hembesok”.")
    utfall: str = Field(description="”nadd”, ”ej_nadd”, ”avbojt” eller ”svarat”.")
    anteckning: str = Field(description="Anteckning.")


class TeamMemberIn(Schema):
    roll: str = Field(description="Roll i teamet, till exempel ”arbetsformedlare”, ”kaa” eller ”mentor”.")
    fran: date | None = Field(None, description="Första dag i teamet; utelämnad: i dag.")
    huvudkontakt: bool = Field(False, description="Sant för att bli den ungas huvudkontakt (en väg in).")
    enhet: int | None = Field(None, description="Din enhet, om du har flera.")


class EndMemberIn(Schema):
    till: date | None = Field(None, description="Sista dag i teamet; utelämnad: i dag.")


class RecordIn(Schema):
    typ: str = Field(description="”sysselsattning_plan”, ”af”, ”forsorjningsstod” eller ”halsa”.")
    titel: str = Field(max_length=200, description="Vad uppgiften gäller.")
    fran: date | None = Field(None, description="Från och med; utelämnad: i dag.")
    till: date | None = Field(None, description="Till och med.")
    enhet: int | None = Field(None, description="Din enhet, om du har flera.")


class RecordOut(Schema):
    id: int = Field(description="Uppgiftens nummer.")
    enhet: str = Field(description="Enheten som har uppgiften.")
    typ: str = Field(description="Typ av information.")
    titel: str = Field(description="Uppgiften.")
    fran: date = Field(description="Från och med.")
    till: date | None = Field(description="Till och med, eller null.")
