from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fotfaste.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_prints_only_the_token_and_stores_only_its_hash(world):
    out, err = StringIO(), StringIO()
    call_command("api_token", "kaa", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    key = lines[0]
    assert key.startswith("ff_") and len(key) > 30
    token = ApiToken.objects.get(user=world["users"]["kaa"])
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    assert "visas inte igen" in err.getvalue()


def test_each_call_gives_a_new_token(world):
    out1, out2 = StringIO(), StringIO()
    call_command("api_token", "kaa", stdout=out1, stderr=StringIO())
    call_command("api_token", "kaa", stdout=out2, stderr=StringIO())
    assert out1.getvalue() != out2.getvalue()
    assert ApiToken.objects.filter(user=world["users"]["kaa"]).count() == 2


def test_unknown_user_is_a_swedish_error(world):
    with pytest.raises(CommandError, match="Det finns ingen användare"):
        call_command("api_token", "finns-inte", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(world):
    user = world["users"]["kaa"]
    user.is_active = False
    user.save()
    with pytest.raises(CommandError, match="inaktiverad"):
        call_command("api_token", "kaa", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
