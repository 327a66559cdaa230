"""REST API of assessment: the scoring scheme of a plan, unit scores with their breakdown, the xlsx export."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workplan.core.errors import DomainError, PermissionDenied
from workplan.plans.exports import XLSX, content_disposition
from workplan.plans.selectors import plan_get_for_user
from workplan.reporting.selectors import period_get_for_user
from workplan.units.selectors import actor_for_user

from .exports import assessment_xlsx
from .selectors import assessment_compute, assessment_periods, scheme_for_plan
from .serializers import AssessmentSerializer, ScoringSchemeInputSerializer, ScoringSchemeSerializer
from .services import scoring_scheme_update

PARAMS = [
    OpenApiParameter("plan", int, required=True),
    OpenApiParameter("period", int, description="a period id; or use kind"),
    OpenApiParameter("kind", str, enum=["mid_year", "year_end"], description="default: year_end"),
]


def _plan_and_period(request):
    raw = request.query_params.get("plan", "")
    if not raw.isdigit() or len(raw) > 18:
        raise DomainError(_("Give ?plan=<id>."), "plan_required")
    plan = plan_get_for_user(request.user, int(raw))
    raw_period = request.query_params.get("period", "")
    if raw_period.isdigit() and len(raw_period) < 18:
        period = period_get_for_user(request.user, int(raw_period))
    else:
        kind = request.query_params.get("kind", "year_end")
        period = assessment_periods(plan=plan).get(kind)
    if period is None or period.plan_id != plan.pk:
        raise DomainError(_("The plan has no such reporting period."), "no_period")
    return plan, period


class ScoringSchemeViewSet(viewsets.ViewSet):
    """How a plan is scored (``?plan=<id>``); planners set it with POST."""

    @extend_schema(parameters=[OpenApiParameter("plan", int, required=True)], responses=ScoringSchemeSerializer)
    def list(self, request):
        raw = request.query_params.get("plan", "")
        if not raw.isdigit() or len(raw) > 18:
            raise DomainError(_("Give ?plan=<id>."), "plan_required")
        plan = plan_get_for_user(request.user, int(raw))
        return Response(ScoringSchemeSerializer(scheme_for_plan(plan=plan)).data)

    @extend_schema(request=ScoringSchemeInputSerializer, responses={201: ScoringSchemeSerializer})
    def create(self, request):
        data = ScoringSchemeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plan = values.pop("plan")
        plan_get_for_user(request.user, plan.pk)
        scheme = scoring_scheme_update(user=request.user, plan=plan, **values)
        return Response(ScoringSchemeSerializer(scheme).data, status=status.HTTP_201_CREATED)


class AssessmentViewSet(viewsets.ViewSet):
    """Unit scores at mid-year or year end, ranked, each with the explanation of every point.
    Reporters see their own units' rows only."""

    @extend_schema(parameters=PARAMS, responses=AssessmentSerializer)
    def list(self, request):
        plan, period = _plan_and_period(request)
        result = assessment_compute(plan=plan, period=period, user=request.user)
        return Response(AssessmentSerializer(result).data)

    @extend_schema(parameters=PARAMS, responses={(200, XLSX): OpenApiResponse(description="xlsx ranking table")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The ranking and the breakdown as an xlsx workbook (planners, supervisors and leaders)."""
        if not actor_for_user(request.user).reads_all:
            raise PermissionDenied(_("Only planners, supervisors and leaders may export the ranking."), "forbidden")
        plan, period = _plan_and_period(request)
        data = assessment_xlsx(assessment_compute(plan=plan, period=period))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = content_disposition(f"{plan.title} {period} 考核.xlsx")
        return response
