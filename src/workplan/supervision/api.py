"""REST API of supervision: status rules, the status of a plan's items, follow-up orders."""

from __future__ import annotations

import django_filters
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response

from workplan.core.api import ServiceViewSetMixin
from workplan.core.errors import DomainError, NotFound
from workplan.plans.selectors import plan_get_for_user, target_get_for_user
from workplan.plans.serializers import HistoryEntrySerializer
from workplan.reporting.history import history_list_for_user
from workplan.reporting.selectors import period_current, period_get_for_user
from workplan.units.selectors import actor_for_user

from . import selectors, services
from .models import Bulletin, FollowUpOrder, StatusRuleSet, TargetShare
from .serializers import (
    AnswerSerializer,
    BulletinInputSerializer,
    BulletinSerializer,
    CommentSerializer,
    DashboardSerializer,
    EscalateSerializer,
    FollowUpOrderInputSerializer,
    FollowUpOrderSerializer,
    PlanStatusSerializer,
    StatusRuleSetInputSerializer,
    StatusRuleSetSerializer,
    TargetDivideSerializer,
    TargetShareSerializer,
)


def _int_param(request, name: str, required: bool = True) -> int | None:
    raw = request.query_params.get(name, "")
    if raw.isdigit() and len(raw) < 18:
        return int(raw)
    if required:
        raise DomainError(_("Give ?%(name)s=<id>.") % {"name": name}, f"{name}_required")
    return None


class StatusRuleSetViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Thresholds of the status rules: the default row (no plan) and per-plan rows. Supervisors set them."""

    queryset = StatusRuleSet.objects.all()
    serializer_class = StatusRuleSetSerializer
    filterset_fields = ["plan"]
    list_selector = staticmethod(selectors.status_rules_list_for_user)
    get_selector = staticmethod(selectors.status_rules_get_for_user)

    @extend_schema(request=StatusRuleSetInputSerializer, responses={201: StatusRuleSetSerializer})
    def create(self, request):
        """Create or update the rules of a plan (``plan`` omitted or null: the default rules)."""
        data = StatusRuleSetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plan = values.pop("plan", None)
        row = services.status_rules_update(user=request.user, plan=plan, **values)
        return Response(StatusRuleSetSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusRuleSetInputSerializer, responses=StatusRuleSetSerializer)
    def partial_update(self, request, pk=None):
        row = self.get_object()
        data = StatusRuleSetInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("plan", None)
        row = services.status_rules_update(user=request.user, plan=row.plan, **values)
        return Response(StatusRuleSetSerializer(row).data)


class PlanStatusViewSet(viewsets.ViewSet):
    """Colour and reason of every target and task of a plan at the end of a period (default: the current one).
    A reporter sees the items of its own units."""

    @extend_schema(
        parameters=[OpenApiParameter("plan", int, required=True), OpenApiParameter("period", int)],
        responses=PlanStatusSerializer,
    )
    def list(self, request):
        plan = plan_get_for_user(request.user, _int_param(request, "plan"))
        period_id = _int_param(request, "period", required=False)
        period = period_get_for_user(request.user, period_id) if period_id else period_current(plan=plan)
        if period is None or period.plan_id != plan.pk:
            raise DomainError(_("The plan has no such reporting period."), "no_period")
        actor = actor_for_user(request.user)
        unit_ids = None if actor.reads_all else set(actor.reporter_unit_ids)
        result = selectors.plan_status(plan=plan, period=period, unit_ids=unit_ids)
        return Response(PlanStatusSerializer(result).data)


class FollowUpOrderFilter(django_filters.FilterSet):
    class Meta:
        model = FollowUpOrder
        fields = ["plan", "unit", "status", "period"]


class FollowUpOrderViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Follow-up orders (督办单): supervisors open, close, escalate and remind; the unit's reporters answer."""

    queryset = FollowUpOrder.objects.all()
    serializer_class = FollowUpOrderSerializer
    filterset_class = FollowUpOrderFilter
    ordering_fields = ["due_on", "created_at", "status"]
    list_selector = staticmethod(selectors.follow_up_order_list_for_user)
    get_selector = staticmethod(selectors.follow_up_order_get_for_user)

    @extend_schema(request=FollowUpOrderInputSerializer, responses={201: FollowUpOrderSerializer})
    def create(self, request):
        data = FollowUpOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.follow_up_order_open(user=request.user, **data.validated_data)
        return Response(FollowUpOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=FollowUpOrderSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def answer(self, request, pk=None):
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.follow_up_order_answer(user=request.user, order=self.get_object(), **data.validated_data)
        return Response(FollowUpOrderSerializer(order).data)

    @extend_schema(request=CommentSerializer, responses=FollowUpOrderSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def close(self, request, pk=None):
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.follow_up_order_close(user=request.user, order=self.get_object(), **data.validated_data)
        return Response(FollowUpOrderSerializer(order).data)

    @extend_schema(request=EscalateSerializer, responses=FollowUpOrderSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def escalate(self, request, pk=None):
        data = EscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.follow_up_order_escalate(user=request.user, order=self.get_object(), **data.validated_data)
        return Response(FollowUpOrderSerializer(order).data)

    @extend_schema(request=None, responses=FollowUpOrderSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def remind(self, request, pk=None):
        order = services.follow_up_order_remind(user=request.user, order=self.get_object())
        return Response(FollowUpOrderSerializer(order).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded change of this order: who, when, before and after."""
        self.get_object()
        entries = history_list_for_user(request.user, kind="follow_up_order", object_id=int(pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)


class TargetShareViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Shares of divided targets (指标分解); planners divide a target with ``divide``."""

    queryset = TargetShare.objects.all()
    serializer_class = TargetShareSerializer
    filterset_fields = ["target", "unit", "target__plan"]
    list_selector = staticmethod(selectors.target_share_list_for_user)
    get_selector = staticmethod(selectors.target_share_get_for_user)

    @extend_schema(request=TargetDivideSerializer, responses=TargetShareSerializer(many=True))
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def divide(self, request):
        """Replace the shares of a target; refused (``shares_do_not_add_up``) when a count or amount target's
        shares do not add up to it."""
        data = TargetDivideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = target_get_for_user(request.user, data.validated_data["target"].pk)
        shares = services.target_divide(user=request.user, target=target, shares=data.validated_data["shares"])
        return Response(TargetShareSerializer(shares, many=True).data)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BulletinViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """督查通报: supervisors and planners request one (generated in the background); readers download it."""

    queryset = Bulletin.objects.all()
    serializer_class = BulletinSerializer
    filterset_fields = ["plan", "period", "status"]
    list_selector = staticmethod(selectors.bulletin_list_for_user)
    get_selector = staticmethod(selectors.bulletin_get_for_user)

    @extend_schema(request=BulletinInputSerializer, responses={202: BulletinSerializer})
    def create(self, request):
        data = BulletinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan_get_for_user(request.user, data.validated_data["plan"].pk)
        bulletin = services.bulletin_request(user=request.user, **data.validated_data)
        return Response(BulletinSerializer(bulletin).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, field: str, content_type: str, suffix: str):
        bulletin = self.get_object()
        stored = getattr(bulletin, field)
        if not stored:
            raise NotFound(bulletin.message or _("The file is not ready."), "file_not_ready")
        response = FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=f"{bulletin.plan.title} {bulletin.period}{suffix}",
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(responses={(200, DOCX): OpenApiResponse(description="the .docx")})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        return self._file("docx", DOCX, ".docx")

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="the PDF")})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._file("pdf", "application/pdf", ".pdf")


class DashboardViewSet(viewsets.ViewSet):
    """The leaders' dashboard of a plan at a period (default: the current one); reporters get their units' part."""

    @extend_schema(
        parameters=[OpenApiParameter("plan", int, required=True), OpenApiParameter("period", int)],
        responses=DashboardSerializer,
    )
    def list(self, request):
        from .dashboard import dashboard_data

        plan = plan_get_for_user(request.user, _int_param(request, "plan"))
        period_id = _int_param(request, "period", required=False)
        period = period_get_for_user(request.user, period_id) if period_id else period_current(plan=plan)
        if period is None or period.plan_id != plan.pk:
            raise DomainError(_("The plan has no such reporting period."), "no_period")
        return Response(DashboardSerializer(dashboard_data(user=request.user, plan=plan, period=period)).data)
