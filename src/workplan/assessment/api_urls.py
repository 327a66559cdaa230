"""Assessment endpoints under /api/ (included from workplan.api_urls)."""

from rest_framework.routers import SimpleRouter

from .api import AssessmentViewSet, ScoringSchemeViewSet

router = SimpleRouter()
router.register("scoring-schemes", ScoringSchemeViewSet, basename="scoring-scheme")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
