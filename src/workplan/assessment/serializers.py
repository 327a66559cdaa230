"""API shapes of assessment."""

from __future__ import annotations

from rest_framework import serializers

from workplan.plans.models import Plan

from .models import ScoringMethod, ScoringScheme


class ScoringSchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringScheme
        fields = ["id", "plan", "method", "full_marks", "bonus_cap", "late_penalty", "updated_by", "updated_at"]
        read_only_fields = fields


class ScoringSchemeInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    method = serializers.ChoiceField(choices=ScoringMethod.choices, required=False)
    full_marks = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=1, required=False)
    bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=3, min_value=0, required=False)
    late_penalty = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)


class ScoreLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    item_id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    weight = serializers.DecimalField(max_digits=12, decimal_places=2)
    available = serializers.DecimalField(max_digits=12, decimal_places=2)
    ratio = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    points = serializers.DecimalField(max_digits=12, decimal_places=2)
    text = serializers.CharField()


class UnitScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    penalty = serializers.DecimalField(max_digits=12, decimal_places=2)
    lines = ScoreLineSerializer(many=True)


class AssessmentSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    period = serializers.IntegerField(source="period.pk")
    method = serializers.CharField(source="scheme.method")
    scores = UnitScoreSerializer(many=True)
