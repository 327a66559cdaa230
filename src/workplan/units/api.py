from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workplan.core.errors import PermissionDenied

from . import selectors, services
from .models import Unit
from .serializers import UnitInputSerializer, UnitSerializer


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="name or alias contains")

    class Meta:
        model = Unit
        fields = ["kind", "parent", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__name__icontains=value)).distinct()


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Units (departments, districts, parks); anyone signed in reads them, planners add them."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        return selectors.unit_list_for_user(self.request.user)

    @extend_schema(request=UnitInputSerializer, responses={201: UnitSerializer})
    def create(self, request, *args, **kwargs):
        if not selectors.actor_for_user(request.user).plans:
            raise PermissionDenied(_("Only planners may add units."), "not_planner")
        data = UnitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_create(**data.validated_data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=False, methods=["get"])
    def search(self, request):
        """Alias-aware autocomplete: ``?q=科技局`` finds 市科学技术局 through its alias."""
        units = selectors.unit_search(query=request.query_params.get("q", "")[:100])
        return Response(UnitSerializer(units, many=True).data)
