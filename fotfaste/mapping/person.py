"""The person page's mapping section (built out in issue 4)."""


def mapping_section(actor, person, sharing, today):
    return None
