import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who works in Fotfäste. Roles come from memberships in units (orgs.Membership)."""

    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last TOTP time step used, so a code cannot be replayed.
    totp_last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class LoginFailure(models.Model):
    """A failed login, kept briefly for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)


class ApiToken(models.Model):
    """A per-user API token. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        key = "ff_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=cls.hash(key))
        return key
