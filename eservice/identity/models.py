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

    # The roles that change an agency's data; viewers and oversight staff only read it.
    ACTING_ROLES = (Role.AGENCY_ADMIN, Role.OFFICER)

    @property
    def is_oversight(self) -> bool:
        return self.is_superuser or self.role == self.Role.OVERSIGHT

    def can_read(self, agency_id: int | None) -> bool:
        """The agency's own staff, whatever their role, read its data; oversight staff read
        every agency's, since following agencies is their job."""
        if not self.is_active:
            return False
        return self.is_oversight or (agency_id is not None and self.agency_id == agency_id)

    def can_act(self, agency_id: int | None) -> bool:
        """Only the agency's officers and administrators change its data (issue, revoke,
        decide, declare, publish...). Oversight staff check agencies; they do not do an
        agency's work in its name, so a mistake or a stolen oversight account cannot."""
        return (
            self.is_active
            and agency_id is not None
            and self.agency_id == agency_id
            and self.role in self.ACTING_ROLES
        )

    def is_admin_of(self, agency_id: int | None) -> bool:
        """The agency's administrator: keeps its accounts and document templates."""
        return self.can_act(agency_id) and self.role == self.Role.AGENCY_ADMIN
