from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an agency's officer, or oversight staff.

    Applicants do not need accounts; they follow their requests through private links.
    """

    class Role(models.TextChoices):
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        OFFICER = "officer", _("Officer")
        VIEWER = "viewer", _("Viewer")
        OVERSIGHT = "oversight", _("Oversight staff")

    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)

    @property
    def is_oversight(self) -> bool:
        return self.is_superuser or self.role == self.Role.OVERSIGHT

    def can_act_for(self, agency_id: int | None) -> bool:
        """Officers act for their own agency only; oversight staff for any."""
        if self.is_oversight:
            return True
        return agency_id is not None and self.agency_id == agency_id
