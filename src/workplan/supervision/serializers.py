"""API shapes of supervision: status rules, item statuses, follow-up orders, target shares."""

from __future__ import annotations

from rest_framework import serializers

from workplan.plans.models import Plan, Section, Target
from workplan.reporting.models import Period
from workplan.units.models import Unit

from .models import FollowUpOrder, StatusRuleSet, TargetShare
from .services import RULE_FIELDS


class StatusRuleSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusRuleSet
        fields = ["id", "plan", *RULE_FIELDS, "updated_by", "updated_at"]
        read_only_fields = fields


class StatusRuleSetInputSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), allow_null=True, required=False)

    class Meta:
        model = StatusRuleSet
        fields = ["plan", *RULE_FIELDS]
        extra_kwargs = {name: {"required": False} for name in RULE_FIELDS}
        validators = []  # the service updates the existing row of the plan


class EvaluationSerializer(serializers.Serializer):
    colour = serializers.CharField()
    reason = serializers.CharField()
    completion = serializers.FloatField(allow_null=True)
    elapsed = serializers.FloatField()
    expected = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True)
    projected = serializers.FloatField(allow_null=True)
    projected_completion = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())


class ItemStatusSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()
    section_id = serializers.IntegerField(allow_null=True)
    unit_ids = serializers.ListField(child=serializers.IntegerField())
    evaluation = EvaluationSerializer()


class PlanStatusSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    period = serializers.IntegerField(source="period.pk")
    elapsed = serializers.FloatField()
    targets = ItemStatusSerializer(many=True)
    tasks = ItemStatusSerializer(many=True)


class FollowUpOrderSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = FollowUpOrder
        fields = [
            "id", "plan", "period", "unit", "unit_name", "title", "request", "targets", "tasks", "due_on", "status",
            "answer", "answered_by", "answered_at", "comment", "escalated_at", "closed_at", "reminders",
            "last_reminded_at", "opened_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class FollowUpOrderInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), required=False, allow_null=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    title = serializers.CharField(max_length=200)
    request = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField()
    targets = serializers.PrimaryKeyRelatedField(queryset=Target.objects.all(), many=True, required=False)
    tasks = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), many=True, required=False)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EscalateSerializer(serializers.Serializer):
    comment = serializers.CharField()
    due_on = serializers.DateField(required=False, allow_null=True)


class TargetShareSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = TargetShare
        fields = ["id", "target", "unit", "unit_name", "value", "baseline", "note"]
        read_only_fields = fields


class ShareInputSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    value = serializers.DecimalField(max_digits=20, decimal_places=4, min_value=0)
    baseline = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TargetDivideSerializer(serializers.Serializer):
    target = serializers.PrimaryKeyRelatedField(queryset=Target.objects.all())
    shares = ShareInputSerializer(many=True)


class BulletinSerializer(serializers.ModelSerializer):
    has_docx = serializers.SerializerMethodField()
    has_pdf = serializers.SerializerMethodField()

    class Meta:
        from .models import Bulletin

        model = Bulletin
        fields = [
            "id", "plan", "period", "number", "issuer", "status", "message", "has_docx", "has_pdf", "created_by",
            "created_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_has_docx(self, obj) -> bool:
        return bool(obj.docx)

    def get_has_pdf(self, obj) -> bool:
        return bool(obj.pdf)


class BulletinInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    number = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True)


class BreakdownSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    items = serializers.IntegerField()
    colours = serializers.DictField(child=serializers.IntegerField())
    completion = serializers.FloatField(allow_null=True)


class SeriesSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    points = serializers.ListField(child=serializers.ListField(child=serializers.FloatField(allow_null=True)))
    expected = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()))


class LaggingItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()
    colour = serializers.CharField()
    reason = serializers.CharField()
    units = serializers.ListField(child=serializers.CharField())
    gap = serializers.FloatField()


class DashboardSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    period = serializers.IntegerField(source="period.pk")
    elapsed = serializers.FloatField()
    completion = serializers.FloatField(allow_null=True)
    reported = serializers.IntegerField()
    colours = serializers.DictField(child=serializers.IntegerField())
    target_colours = serializers.DictField(child=serializers.IntegerField())
    task_colours = serializers.DictField(child=serializers.IntegerField())
    sections = BreakdownSerializer(many=True)
    units = BreakdownSerializer(many=True)
    trend = SeriesSerializer()
    key_indicators = SeriesSerializer(many=True)
    lagging = LaggingItemSerializer(many=True)
