"""The API's JSON shapes; the descriptions end up in the OpenAPI schema."""

from datetime import date

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
