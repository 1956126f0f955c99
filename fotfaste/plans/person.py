"""The person page's plans section (built out in issue 4)."""


def plan_section(actor, person, sharing, today):
    return None
