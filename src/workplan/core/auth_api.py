"""API log-in for scripts (a token) and who-am-I for pages."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from workplan.units.models import Membership

from .errors import DomainError


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Exchange a user name and password for an API token (throttled like the log-in page by django-axes)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer, auth=[])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The request goes to authenticate() so django-axes can count failures per user name and address.
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise DomainError(_("Wrong user name or password, or too many attempts."), "login_failed")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MembershipOutSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    is_superuser = serializers.BooleanField()
    memberships = serializers.SerializerMethodField()

    def get_memberships(self, user) -> list[dict]:
        rows = Membership.objects.filter(user=user).select_related("unit").order_by("unit__name", "role")
        return MembershipOutSerializer(rows, many=True).data


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
