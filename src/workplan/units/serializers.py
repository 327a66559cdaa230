from __future__ import annotations

from rest_framework import serializers

from .models import Unit


class UnitSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "parent", "is_active", "aliases"]

    def get_aliases(self, obj: Unit) -> list[str]:
        return [a.name for a in obj.aliases.all()]


class UnitInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Unit.Kind.choices, default=Unit.Kind.DEPARTMENT)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    aliases = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
