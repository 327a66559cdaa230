"""Supervision endpoints under /api/ (included from workplan.api_urls)."""

from rest_framework.routers import SimpleRouter

from .api import (
    BulletinViewSet,
    DashboardViewSet,
    FollowUpOrderViewSet,
    PlanStatusViewSet,
    StatusRuleSetViewSet,
    TargetShareViewSet,
)

router = SimpleRouter()
router.register("status-rules", StatusRuleSetViewSet)
router.register("plan-status", PlanStatusViewSet, basename="plan-status")
router.register("follow-up-orders", FollowUpOrderViewSet)
router.register("target-shares", TargetShareViewSet)
router.register("bulletins", BulletinViewSet)
router.register("dashboard", DashboardViewSet, basename="dashboard")

urlpatterns = router.urls
