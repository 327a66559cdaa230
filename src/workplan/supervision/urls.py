"""Page URLs of supervision (the API lives under /api/)."""

from django.urls import path, re_path

from . import views

app_name = "supervision"

urlpatterns = [
    path("dashboard/", views.dashboard_home, name="dashboard-home"),
    path("plans/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/status/", views.plan_status_page, name="status"),
    path("plans/<int:pk>/follow-ups/new/", views.order_open, name="order-open"),
    path("follow-ups/", views.order_list, name="orders"),
    path("follow-ups/<int:pk>/", views.order_detail, name="order"),
    path("follow-ups/<int:pk>/answer/", views.order_answer, name="order-answer"),
    path("follow-ups/<int:pk>/remind/", views.order_remind, name="order-remind"),
    path("follow-ups/<int:pk>/close/", views.order_close, name="order-close"),
    path("follow-ups/<int:pk>/escalate/", views.order_escalate, name="order-escalate"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/print/", views.bulletin_print, name="bulletin-print"),
    re_path(r"^bulletins/(?P<pk>[0-9]+)/file\.(?P<file_format>docx|pdf)$", views.bulletin_file, name="bulletin-file"),
]
