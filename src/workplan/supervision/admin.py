"""Admin of supervision: read-mostly views for support staff; business changes go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Bulletin, FollowUpOrder, ReminderLog, StatusRuleSet, TargetShare


@admin.register(StatusRuleSet)
class StatusRuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "yellow_tolerance", "red_tolerance", "projection_method", "overdue_red", "updated_at"]


@admin.register(FollowUpOrder)
class FollowUpOrderAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "unit", "status", "due_on", "reminders"]
    list_filter = ["status"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = ["plan", "period", "unit", "targets", "tasks", "answered_by", "opened_by"]


@admin.register(TargetShare)
class TargetShareAdmin(SimpleHistoryAdmin):
    list_display = ["target", "unit", "value", "baseline"]
    raw_id_fields = ["target", "unit"]


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["plan", "period", "number", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["docx", "pdf", "task_id", "message"]
    raw_id_fields = ["plan", "period", "created_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "unit", "items", "sent_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
