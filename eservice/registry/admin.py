from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from eservice.registry.models import Agency, Channel, ChannelChange, Claim


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "kind", "province_code", "district_code", "outside_the_act"]
    list_filter = ["kind", "outside_the_act"]
    search_fields = ["code", "name_th", "name_en"]
    raw_id_fields = ["parent"]


class ReadOnly(admin.ModelAdmin):
    """Channels change only through the registry's pages, which keep the history and send
    the verification links; the admin shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Channel)
class ChannelAdmin(ReadOnly):
    list_display = ["agency", "kind", "address", "status", "verified_at"]
    list_filter = ["kind", "status", "domain_class"]
    search_fields = ["address", "agency__name_th", "agency__code"]


@admin.register(ChannelChange)
class ChannelChangeAdmin(ReadOnly):
    list_display = ["at", "agency", "action", "channel_label", "actor"]
    list_filter = ["action"]
    search_fields = ["channel_label", "actor", "agency__code"]


@admin.register(Claim)
class ClaimAdmin(ReadOnly):
    list_display = ["created_at", "agency", "name", "email", "status"]
    list_filter = ["status"]
