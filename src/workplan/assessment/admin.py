from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ScoringScheme


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "method", "full_marks", "bonus_cap", "late_penalty", "updated_at"]
    raw_id_fields = ["plan", "updated_by"]
