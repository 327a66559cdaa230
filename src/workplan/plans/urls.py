"""Page URLs of plans (the API lives under /api/)."""

from django.urls import path, re_path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="list"),
    path("plans/import/", views.plan_import, name="import"),
    path("plans/import/<int:pk>/", views.import_job, name="import-job"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/document/", views.plan_document, name="document"),
    path("plans/<int:pk>/settings/", views.plan_settings, name="settings"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="publish"),
    re_path(r"^plans/(?P<pk>[0-9]+)/export/(?P<file_format>xlsx|docx)/$", views.plan_export, name="export"),
    path("plans/<int:pk>/targets/new/", views.target_create, name="target-create"),
    path("plans/<int:pk>/targets/merge/", views.target_merge, name="target-merge"),
    path("plans/<int:pk>/assignments/new/", views.assignment_create, name="assignment-create"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("assignments/<int:pk>/resolve/", views.assignment_resolve, name="assignment-resolve"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment-delete"),
]
