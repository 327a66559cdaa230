from __future__ import annotations

from rest_framework import serializers

from workplan.units.models import Unit

from .models import Assignment, ImportJob, Plan, ReportingCycle, Section, Target


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "year",
            "end_year",
            "issuer",
            "region",
            "doc_number",
            "issued_on",
            "status",
            "reporting_cycle",
            "source_name",
            "source_format",
            "part",
            "content_hash",
            "created_at",
            "published_at",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "source_text"]
        read_only_fields = fields


class PlanInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = serializers.CharField(max_length=100, required=False, allow_blank=True)
    doc_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    reporting_cycle = serializers.ChoiceField(choices=ReportingCycle.choices, required=False)


class PlanImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    allow_duplicate = serializers.BooleanField(default=False)


class ImportJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportJob
        fields = [
            "id",
            "source_name",
            "size",
            "status",
            "progress",
            "message",
            "error_code",
            "plan",
            "result",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "plan", "parent", "order", "level", "label", "title", "start", "end", "body_start", "body_end"]
        read_only_fields = fields


class SectionInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    title = serializers.CharField(max_length=500)
    label = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    parent = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), required=False, allow_null=True)
    order = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)


class SectionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, required=False)
    label = serializers.CharField(max_length=20, required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), required=False, allow_null=True)
    order = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "section",
            "order",
            "quote",
            "subject",
            "value",
            "value_max",
            "unit",
            "comparator",
            "measure",
            "deadline",
            "per_year",
            "aspirational",
            "accumulation",
            "baseline",
            "weight",
            "start",
            "end",
        ]
        read_only_fields = fields


_DECIMAL = {"max_digits": 20, "decimal_places": 4}


class TargetUpdateSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(**_DECIMAL, required=False)
    value_max = serializers.DecimalField(**_DECIMAL, required=False, allow_null=True)
    baseline = serializers.DecimalField(**_DECIMAL, required=False, allow_null=True)
    weight = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    order = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    deadline = serializers.IntegerField(min_value=1900, max_value=2200, required=False, allow_null=True)

    class Meta:
        model = Target
        fields = [
            "section",
            "order",
            "quote",
            "subject",
            "value",
            "value_max",
            "unit",
            "comparator",
            "measure",
            "deadline",
            "per_year",
            "aspirational",
            "accumulation",
            "baseline",
            "weight",
        ]
        extra_kwargs = {f: {"required": False} for f in fields}


class TargetInputSerializer(TargetUpdateSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    subject = serializers.CharField(max_length=300)
    value = serializers.DecimalField(**_DECIMAL)

    class Meta(TargetUpdateSerializer.Meta):
        fields = ["plan", *TargetUpdateSerializer.Meta.fields]


class TargetMergeSerializer(serializers.Serializer):
    others = serializers.PrimaryKeyRelatedField(queryset=Target.objects.all(), many=True)


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = Assignment
        fields = ["id", "plan", "section", "target", "unit", "unit_name", "role", "name", "text", "start", "end"]
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    role = serializers.ChoiceField(choices=Assignment.Role.choices, default=Assignment.Role.LEAD)
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), required=False, allow_null=True)
    target = serializers.PrimaryKeyRelatedField(queryset=Target.objects.all(), required=False, allow_null=True)


class AssignmentUpdateSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    role = serializers.ChoiceField(choices=Assignment.Role.choices, required=False)


class ProgressRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    targets = serializers.IntegerField()
    reported = serializers.IntegerField()
    completion = serializers.FloatField(allow_null=True)


class TargetProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    section_id = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(**_DECIMAL)
    unit = serializers.CharField()
    comparator = serializers.CharField()
    actual = serializers.DecimalField(**_DECIMAL, allow_null=True)
    completion = serializers.FloatField(allow_null=True)


class PlanOverviewSerializer(serializers.Serializer):
    total = ProgressRowSerializer()
    sections = ProgressRowSerializer(many=True)
    units = ProgressRowSerializer(many=True)
    targets = TargetProgressSerializer(many=True)
    unresolved_names = serializers.ListField(child=serializers.CharField())


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    action_label = serializers.CharField()
    user = serializers.CharField()
    changes = ChangeSerializer(many=True)
