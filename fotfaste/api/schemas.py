"""The API's JSON shapes; the descriptions end up in the OpenAPI schema."""

from datetime import date, datetime

from ninja import Field, Schema


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


class TeamMemberOut(Schema):
    namn: str = Field(description="Teammedlemmens namn.")
    roll: str = Field(description="Roll i teamet, till exempel ”arbetsformedlare” eller ”mentor”.")
    enhet: str = Field(description="Enheten medlemmen kommer från.")
    part: str = Field(description="Parten enheten hör till.")
    huvudkontakt: bool = Field(description="Sant för den unges huvudkontakt (en väg in).")
    fran: date = Field(description="Första dag i teamet.")
    till: date | None = Field(description="Sista dag i teamet, eller null.")


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
