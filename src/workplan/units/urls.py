from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("units/options/", views.unit_options, name="options"),
]
