from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "workplan.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Follow-up orders and target shares join the shared per-item history (/api/history/?kind=...).
        from workplan.reporting.history import HISTORY_KINDS

        from .models import FollowUpOrder, TargetShare
        from .selectors import follow_up_order_get_for_user, target_share_get_for_user

        HISTORY_KINDS.setdefault("follow_up_order", (FollowUpOrder, follow_up_order_get_for_user))
        HISTORY_KINDS.setdefault("target_share", (TargetShare, target_share_get_for_user))
