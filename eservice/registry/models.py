from django.db import models
from django.utils.translation import gettext_lazy as _

from eservice.lib.workdays import OfficeCalendar


class Agency(models.Model):
    """A state agency under the Act (§4-5): central, regional or local."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        REGIONAL_OFFICE = "regional", _("Regional office")
        STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
        PUBLIC_ORGANISATION = "public_org", _("Public organisation")
        INDEPENDENT_BODY = "independent", _("Independent body")
        PROVINCIAL_ADMIN = "pao", _("Provincial administrative organisation")
        CITY_MUNICIPALITY = "city_municipality", _("City municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("Town municipality")
        SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality")
        SAO = "sao", _("Subdistrict administrative organisation")
        BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
        PATTAYA = "pattaya", _("Pattaya City")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th

    def calendar(self) -> OfficeCalendar:
        """Office hours and closures for deadlines and the deemed time of receipt (§10)."""
        return OfficeCalendar.standard()
