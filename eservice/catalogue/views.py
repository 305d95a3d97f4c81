import geothai
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=86400)
def places(request: HttpRequest) -> JsonResponse:
    """The districts of a province, the subdistricts of a district, or a subdistrict's postal
    codes, for the e-form address selects (they also work without this)."""
    parent = request.GET.get("parent", "")[:6]
    th = (get_language() or "th")[:2] == "th"
    found: list = []
    postal: list[str] = []
    if len(parent) == 2:
        found = geothai.districts(parent)
    elif len(parent) == 4:
        found = geothai.subdistricts(parent)
    elif len(parent) == 6 and (sub := geothai.subdistrict(parent)):
        postal = list(sub.postal_codes)
    return JsonResponse(
        {
            "places": [{"code": p.code, "name": p.name_th if th else p.name_en} for p in found],
            "postal_codes": postal,
        }
    )
