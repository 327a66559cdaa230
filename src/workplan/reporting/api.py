"""REST API of reporting: periods (Excel template and upload, to-do list), reports, evidence, history."""

from __future__ import annotations

import django_filters
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from workplan.core.api import ServiceViewSetMixin
from workplan.core.errors import DomainError
from workplan.plans.exports import XLSX, content_disposition
from workplan.plans.serializers import HistoryEntrySerializer
from workplan.units.models import Unit

from . import excel, selectors, services
from .history import HISTORY_KINDS, history_list_for_user
from .models import Evidence, Period, TargetReport, TaskReport
from .serializers import (
    EvidenceInputSerializer,
    EvidenceSerializer,
    ExcelUploadSerializer,
    ImportSummarySerializer,
    PeriodSerializer,
    ReviewSerializer,
    TargetReportInputSerializer,
    TargetReportSerializer,
    TargetReportUpdateSerializer,
    TaskReportInputSerializer,
    TaskReportSerializer,
    TaskReportUpdateSerializer,
    TodoItemSerializer,
)


def _unit_param(request) -> Unit:
    raw = request.query_params.get("unit", "")
    unit = Unit.objects.filter(pk=raw).first() if raw.isdigit() else None
    if unit is None:
        raise DomainError(_("Give an existing unit with ?unit=<id>."), "unit_required")
    return unit


class PeriodViewSet(ServiceViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Period.objects.all()
    serializer_class = PeriodSerializer
    filterset_fields = ["plan", "kind", "year", "number"]
    ordering_fields = ["starts_on"]
    list_selector = staticmethod(selectors.period_list_for_user)
    get_selector = staticmethod(selectors.period_get_for_user)

    @extend_schema(parameters=[OpenApiParameter("unit", int, required=True)], responses=TodoItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def todo(self, request, pk=None):
        """What a unit must report in this period, with the ids of existing reports."""
        items = selectors.todo_list_for_unit(user=request.user, period=self.get_object(), unit=_unit_param(request))
        return Response(TodoItemSerializer(items, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("unit", int, required=True)],
        responses={(200, XLSX): OpenApiResponse(description="xlsx template")},
    )
    @action(detail=True, methods=["get"])
    def template(self, request, pk=None):
        """The unit's pre-filled Excel template for this period."""
        period = self.get_object()
        unit = _unit_param(request)
        data = excel.report_template_build(user=request.user, period=period, unit=unit)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = content_disposition(f"{unit.name} {period}.xlsx")
        return response

    @extend_schema(request={"multipart/form-data": ExcelUploadSerializer}, responses=ImportSummarySerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request, pk=None):
        """Upload a filled template; all rows are checked and any bad row refuses the whole file."""
        period = self.get_object()
        data = ExcelUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        summary = excel.report_import_excel(user=request.user, period=period, **data.validated_data)
        return Response(ImportSummarySerializer(summary).data)


class ReportFilterBase(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="period__plan")


class TargetReportFilter(ReportFilterBase):
    class Meta:
        model = TargetReport
        fields = ["period", "unit", "status", "target"]


class TaskReportFilter(ReportFilterBase):
    class Meta:
        model = TaskReport
        fields = ["period", "unit", "status", "task"]


class ReportActionsMixin:
    """submit / accept / return / history, shared by target and task reports."""

    history_kind = ""

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def submit(self, request, pk=None):
        report = services.report_submit(user=request.user, report=self.get_object())
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def accept(self, request, pk=None):
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_accept(user=request.user, report=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="return", parser_classes=[JSONParser, FormParser])
    def return_(self, request, pk=None):
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(user=request.user, report=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(report).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        self.get_object()
        entries = history_list_for_user(request.user, kind=self.history_kind, object_id=int(pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)


class TargetReportViewSet(
    ServiceViewSetMixin,
    ReportActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Actual values of targets per period and unit. Reporters write drafts and submit; supervisors review."""

    queryset = TargetReport.objects.all()
    serializer_class = TargetReportSerializer
    filterset_class = TargetReportFilter
    ordering_fields = ["period__starts_on", "status"]
    list_selector = staticmethod(selectors.target_report_list_for_user)
    get_selector = staticmethod(selectors.target_report_get_for_user)
    history_kind = "target_report"

    @extend_schema(request=TargetReportInputSerializer, responses={201: TargetReportSerializer})
    def create(self, request):
        """Create or update (for the same period, target and unit) a draft report."""
        data = TargetReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.target_report_save(
            user=request.user,
            period=v["period"],
            target=v["target"],
            unit=v.get("unit"),
            actual_value=v.get("actual_value"),
            note=v.get("note", ""),
        )
        return Response(TargetReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetReportUpdateSerializer, responses=TargetReportSerializer)
    def partial_update(self, request, pk=None):
        report = self.get_object()
        data = TargetReportUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.target_report_save(
            user=request.user,
            period=report.period,
            target=report.target,
            unit=report.unit,
            actual_value=v.get("actual_value", report.actual_value),
            note=v.get("note", report.note),
        )
        return Response(TargetReportSerializer(report).data)


class TaskReportViewSet(
    ServiceViewSetMixin,
    ReportActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Progress notes on tasks per period and unit."""

    queryset = TaskReport.objects.all()
    serializer_class = TaskReportSerializer
    filterset_class = TaskReportFilter
    ordering_fields = ["period__starts_on", "status"]
    list_selector = staticmethod(selectors.task_report_list_for_user)
    get_selector = staticmethod(selectors.task_report_get_for_user)
    history_kind = "task_report"

    @extend_schema(request=TaskReportInputSerializer, responses={201: TaskReportSerializer})
    def create(self, request):
        data = TaskReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.task_report_save(
            user=request.user,
            period=v["period"],
            task=v["task"],
            unit=v.get("unit"),
            progress=v["progress"],
            note=v.get("note", ""),
        )
        return Response(TaskReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskReportUpdateSerializer, responses=TaskReportSerializer)
    def partial_update(self, request, pk=None):
        report = self.get_object()
        data = TaskReportUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.task_report_save(
            user=request.user,
            period=report.period,
            task=report.task,
            unit=report.unit,
            progress=v.get("progress", report.progress),
            note=v.get("note", report.note),
        )
        return Response(TaskReportSerializer(report).data)


class EvidenceFilter(django_filters.FilterSet):
    class Meta:
        model = Evidence
        fields = ["target_report", "task_report", "kind"]


class EvidenceViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence files of reports; downloaded only through ``download`` by users who may see the report."""

    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    list_selector = staticmethod(selectors.evidence_list_for_user)
    get_selector = staticmethod(selectors.evidence_get_for_user)
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": EvidenceInputSerializer}, responses={201: EvidenceSerializer})
    def create(self, request):
        data = EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = v.get("target_report") or v.get("task_report")
        get = selectors.target_report_get_for_user if "target_report" in v else selectors.task_report_get_for_user
        get(request.user, report.pk)
        evidence = services.evidence_add(user=request.user, report=report, file=v["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.evidence_delete(user=request.user, evidence=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="the file")})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file, as an attachment, with its checked content type."""
        evidence = self.get_object()
        response = FileResponse(
            evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=evidence.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class HistoryViewSet(viewsets.ViewSet):
    """Change history of one item: ``?kind=target&object_id=12`` (kinds: plan, section, target, assignment,
    target_report, task_report)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=sorted(HISTORY_KINDS), required=True),
            OpenApiParameter("object_id", int, required=True),
        ],
        responses=HistoryEntrySerializer(many=True),
    )
    def list(self, request):
        kind = request.query_params.get("kind", "")
        object_id = request.query_params.get("object_id", "")
        if not object_id.isdigit() or len(object_id) > 18:
            raise DomainError(_("Give the item's id with ?object_id=<id>."), "object_id_required")
        entries = history_list_for_user(request.user, kind=kind, object_id=int(object_id))
        return Response(HistoryEntrySerializer(entries, many=True).data)
