"""Page URLs of reporting (the API lives under /api/)."""

from django.urls import path, re_path

from . import views

app_name = "reporting"

urlpatterns = [
    path("todo/", views.todo, name="todo"),
    path("review/", views.review_list, name="review"),
    path("periods/<int:period_id>/units/<int:unit_id>/", views.unit_todo, name="unit-todo"),
    path(
        "periods/<int:period_id>/units/<int:unit_id>/targets/<int:target_id>/",
        views.target_report_form,
        name="target-report-form",
    ),
    path(
        "periods/<int:period_id>/units/<int:unit_id>/tasks/<int:task_id>/",
        views.task_report_form,
        name="task-report-form",
    ),
    path("periods/<int:period_id>/units/<int:unit_id>/template/", views.excel_template, name="excel-template"),
    path("periods/<int:period_id>/units/<int:unit_id>/upload/", views.excel_upload, name="excel-upload"),
    path("reports/target/<int:pk>/", views.report_detail, {"kind": "target"}, name="target-report"),
    path("reports/task/<int:pk>/", views.report_detail, {"kind": "task"}, name="task-report"),
    re_path(r"^reports/(?P<kind>target|task)/(?P<pk>[0-9]+)/submit/$", views.report_submit, name="report-submit"),
    re_path(r"^reports/(?P<kind>target|task)/(?P<pk>[0-9]+)/review/$", views.report_review, name="report-review"),
]
