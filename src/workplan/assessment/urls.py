"""Page URLs of assessment (the API lives under /api/)."""

from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.assessment_home, name="home"),
    path("plans/<int:pk>/assessment/", views.assessment_page, name="ranking"),
    path("plans/<int:pk>/assessment/scheme/", views.scheme_update, name="scheme"),
    path("plans/<int:pk>/assessment/export.xlsx", views.assessment_export, name="export"),
    path("targets/<int:pk>/shares/", views.target_shares, name="shares"),
]
