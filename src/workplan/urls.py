"""URL configuration: the API under /api/, admin, log-in pages. Page apps add their own includes here."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("workplan.plans.urls")),
    path("", include("workplan.reporting.urls")),
    path("", include("workplan.units.urls")),
    path("", include("workplan.supervision.urls")),
    path("", include("workplan.assessment.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("workplan.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
