"""REST API of plans: plans (import, publish, overview, export), sections, targets, assignments, imports."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from workplan.core.api import ServiceViewSetMixin
from workplan.reporting.history import history_list_for_user

from . import exports, selectors, services
from .models import Assignment, ImportJob, Plan, Section, Target
from .serializers import (
    AssignmentInputSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    HistoryEntrySerializer,
    ImportJobSerializer,
    PlanDetailSerializer,
    PlanImportSerializer,
    PlanInputSerializer,
    PlanOverviewSerializer,
    PlanSerializer,
    SectionInputSerializer,
    SectionSerializer,
    SectionUpdateSerializer,
    TargetInputSerializer,
    TargetMergeSerializer,
    TargetSerializer,
    TargetUpdateSerializer,
)


def _history_response(request, kind: str, pk) -> Response:
    entries = history_list_for_user(request.user, kind=kind, object_id=int(pk))
    return Response(HistoryEntrySerializer(entries, many=True).data)


class HistoryActionMixin:
    history_kind = ""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded change of this item: who, when, before and after."""
        self.get_object()
        return _history_response(request, self.history_kind, pk)


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = Plan
        fields = ["status", "year", "reporting_cycle", "content_hash"]


class PlanViewSet(ServiceViewSetMixin, HistoryActionMixin, viewsets.ModelViewSet):
    """Plans. Planners create (import a document or start empty), correct, publish and archive them."""

    queryset = Plan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["year", "created_at", "title"]
    list_selector = staticmethod(selectors.plan_list_for_user)
    get_selector = staticmethod(selectors.plan_get_for_user)
    history_kind = "plan"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_create(user=request.user, **data.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanInputSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        data = PlanInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        plan = services.plan_update(user=request.user, plan=self.get_object(), **data.validated_data)
        return Response(PlanSerializer(plan).data)

    def destroy(self, request, *args, **kwargs):
        services.plan_delete(user=request.user, plan=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": PlanImportSerializer},
        responses={201: ImportJobSerializer, 202: ImportJobSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_(self, request):
        """Upload a plan document (txt, docx, pdf, html); small files are imported at once, large ones queued."""
        data = PlanImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.plan_create_from_upload(
            user=request.user, file=data.validated_data["file"], allow_duplicate=data.validated_data["allow_duplicate"]
        )
        code = status.HTTP_201_CREATED if job.status == ImportJob.Status.DONE else status.HTTP_202_ACCEPTED
        return Response(ImportJobSerializer(job).data, status=code)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def publish(self, request, pk=None):
        plan = services.plan_publish(user=request.user, plan=self.get_object())
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def archive(self, request, pk=None):
        plan = services.plan_archive(user=request.user, plan=self.get_object())
        return Response(PlanSerializer(plan).data)

    @extend_schema(responses=PlanOverviewSerializer)
    @action(detail=True, methods=["get"])
    def overview(self, request, pk=None):
        """Progress of the plan by top-level section and by unit (what the user may see of it)."""
        overview = selectors.plan_overview(user=request.user, plan=self.get_object())
        return Response(PlanOverviewSerializer(overview).data)

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "docx"], required=False)],
        responses={(200, "application/octet-stream"): OpenApiResponse(description="xlsx or docx file")},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """The task breakdown table (任务分解表) as xlsx (default) or docx."""
        plan = self.get_object()
        fmt = request.query_params.get("file_format", "xlsx")
        data, content_type, name = exports.task_breakdown(user=request.user, plan=plan, file_format=fmt)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = exports.content_disposition(name)
        return response


class SectionFilter(django_filters.FilterSet):
    class Meta:
        model = Section
        fields = ["plan", "parent", "level"]


class SectionViewSet(ServiceViewSetMixin, HistoryActionMixin, viewsets.ModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    filterset_class = SectionFilter
    ordering_fields = ["order"]
    list_selector = staticmethod(selectors.section_list_for_user)
    get_selector = staticmethod(selectors.section_get_for_user)
    history_kind = "section"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=SectionInputSerializer, responses={201: SectionSerializer})
    def create(self, request, *args, **kwargs):
        data = SectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        section = services.section_create(user=request.user, **data.validated_data)
        return Response(SectionSerializer(section).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SectionUpdateSerializer, responses=SectionSerializer)
    def partial_update(self, request, *args, **kwargs):
        data = SectionUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        section = services.section_update(user=request.user, section=self.get_object(), **data.validated_data)
        return Response(SectionSerializer(section).data)

    def destroy(self, request, *args, **kwargs):
        services.section_delete(user=request.user, section=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class TargetFilter(django_filters.FilterSet):
    class Meta:
        model = Target
        fields = ["plan", "section", "comparator", "measure", "aspirational"]


class TargetViewSet(ServiceViewSetMixin, HistoryActionMixin, viewsets.ModelViewSet):
    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    ordering_fields = ["order", "subject"]
    list_selector = staticmethod(selectors.target_list_for_user)
    get_selector = staticmethod(selectors.target_get_for_user)
    history_kind = "target"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=TargetInputSerializer, responses={201: TargetSerializer})
    def create(self, request, *args, **kwargs):
        data = TargetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = services.target_create(user=request.user, **data.validated_data)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetUpdateSerializer, responses=TargetSerializer)
    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        data = TargetUpdateSerializer(target, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        target = services.target_update(user=request.user, target=target, **data.validated_data)
        return Response(TargetSerializer(target).data)

    def destroy(self, request, *args, **kwargs):
        services.target_delete(user=request.user, target=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TargetMergeSerializer, responses=TargetSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge other targets (duplicates) into this one."""
        target = self.get_object()
        data = TargetMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = services.target_merge(user=request.user, target=target, others=data.validated_data["others"])
        return Response(TargetSerializer(target).data)


class AssignmentFilter(django_filters.FilterSet):
    resolved = django_filters.BooleanFilter(field_name="unit", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Assignment
        fields = ["plan", "section", "target", "unit", "role"]


class AssignmentViewSet(ServiceViewSetMixin, HistoryActionMixin, viewsets.ModelViewSet):
    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["role", "name"]
    list_selector = staticmethod(selectors.assignment_list_for_user)
    get_selector = staticmethod(selectors.assignment_get_for_user)
    history_kind = "assignment"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(request=AssignmentInputSerializer, responses={201: AssignmentSerializer})
    def create(self, request, *args, **kwargs):
        data = AssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_create(user=request.user, **data.validated_data)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentUpdateSerializer, responses=AssignmentSerializer)
    def partial_update(self, request, *args, **kwargs):
        data = AssignmentUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_update(user=request.user, assignment=self.get_object(), **data.validated_data)
        return Response(AssignmentSerializer(assignment).data)

    def destroy(self, request, *args, **kwargs):
        services.assignment_delete(user=request.user, assignment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImportJobViewSet(ServiceViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Plan imports of the signed-in planner, with progress (poll while status is queued or running)."""

    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    filterset_fields = ["status"]
    list_selector = staticmethod(selectors.import_job_list_for_user)
    get_selector = staticmethod(selectors.import_job_get_for_user)
