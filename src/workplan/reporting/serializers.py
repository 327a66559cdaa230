from __future__ import annotations

from rest_framework import serializers

from workplan.plans.models import Section, Target
from workplan.units.models import Unit

from .models import Evidence, Period, TargetReport, TaskReport

_DECIMAL = {"max_digits": 20, "decimal_places": 4}


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "plan", "kind", "year", "number", "label", "starts_on", "ends_on", "due_on"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "target_report", "task_report", "name", "kind", "content_type", "size", "sha256", "created_at"]
        read_only_fields = fields


class EvidenceInputSerializer(serializers.Serializer):
    target_report = serializers.PrimaryKeyRelatedField(queryset=TargetReport.objects.all(), required=False)
    task_report = serializers.PrimaryKeyRelatedField(queryset=TaskReport.objects.all(), required=False)
    file = serializers.FileField()

    def validate(self, attrs):
        if ("target_report" in attrs) == ("task_report" in attrs):
            raise serializers.ValidationError("Give exactly one of target_report and task_report.", code="one_report")
        return attrs


_REPORT_FIELDS = [
    "id",
    "period",
    "unit",
    "note",
    "status",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
    "created_at",
    "updated_at",
]


class TargetReportSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = TargetReport
        fields = [*_REPORT_FIELDS, "target", "actual_value", "evidence"]
        read_only_fields = fields


class TaskReportSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = TaskReport
        fields = [*_REPORT_FIELDS, "task", "progress", "evidence"]
        read_only_fields = fields


class TargetReportInputSerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.select_related("plan"))
    target = serializers.PrimaryKeyRelatedField(queryset=Target.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    actual_value = serializers.DecimalField(**_DECIMAL, allow_null=True, required=False)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class TargetReportUpdateSerializer(serializers.Serializer):
    actual_value = serializers.DecimalField(**_DECIMAL, allow_null=True, required=False)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class TaskReportInputSerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.select_related("plan"))
    task = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    progress = serializers.ChoiceField(choices=TaskReport.Progress.choices)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class TaskReportUpdateSerializer(serializers.Serializer):
    progress = serializers.ChoiceField(choices=TaskReport.Progress.choices, required=False)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class ExcelUploadSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    file = serializers.FileField()
    submit = serializers.BooleanField(default=False)


class ImportSummarySerializer(serializers.Serializer):
    targets = serializers.IntegerField()
    tasks = serializers.IntegerField()
    submitted = serializers.IntegerField()


class TodoItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="item.pk")
    title = serializers.CharField(source="item.__str__")
    report = serializers.SerializerMethodField()

    def get_report(self, obj) -> int | None:
        return obj.report.pk if obj.report else None
