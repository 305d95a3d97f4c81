from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from eservice.api import api
from eservice.front import views as front

# Language-neutral: machines read these.
urlpatterns = [
    path("healthz", front.healthz, name="healthz"),
    path("api/", api.urls),
]

# Pages: Thai at /, English at /en/.
urlpatterns += i18n_patterns(
    path("", front.home, name="home"),
    path("accounts/", include("eservice.identity.urls")),
    path("staff/", include("eservice.outreach.urls")),
    path("", include("eservice.registry.urls")),
    path("", include("eservice.catalogue.urls")),
    path("", include("eservice.intake.urls")),
    path("", include("eservice.cases.urls")),
    path("", include("eservice.documents.urls")),
    path("", include("eservice.payments.urls")),
    path("", include("eservice.oversight.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler404 = "eservice.lib.errors.not_found"
handler500 = "eservice.lib.errors.server_error"
