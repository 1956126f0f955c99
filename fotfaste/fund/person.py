"""The person page's fund section (built out in issue 4)."""


def fund_section(actor, person, sharing, today):
    return None
