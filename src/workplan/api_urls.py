"""The REST API under /api/: one router for every app's viewsets."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from workplan.core.auth_api import MeView, TokenView
from workplan.plans.api import AssignmentViewSet, ImportJobViewSet, PlanViewSet, SectionViewSet, TargetViewSet
from workplan.reporting.api import (
    EvidenceViewSet,
    HistoryViewSet,
    PeriodViewSet,
    TargetReportViewSet,
    TaskReportViewSet,
)
from workplan.units.api import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet)
router.register("plans", PlanViewSet)
router.register("import-jobs", ImportJobViewSet)
router.register("sections", SectionViewSet)
router.register("targets", TargetViewSet)
router.register("assignments", AssignmentViewSet)
router.register("periods", PeriodViewSet)
router.register("target-reports", TargetReportViewSet)
router.register("task-reports", TaskReportViewSet)
router.register("evidence", EvidenceViewSet)
router.register("history", HistoryViewSet, basename="history")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]

# Supervision (status, follow-up orders, shares, bulletins) and assessment (issue 5).
urlpatterns += [path("", include("workplan.supervision.api_urls")), path("", include("workplan.assessment.api_urls"))]
