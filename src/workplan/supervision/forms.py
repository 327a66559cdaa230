"""Forms of the supervision pages: input checks only; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.plans.models import Plan, Section, Target
from workplan.reporting.models import Period
from workplan.units.models import Unit

from .models import FollowUpOrder

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemChoiceField(forms.ModelMultipleChoiceField):
    """Targets or tasks as checkboxes, labelled as the plan reads them."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        if isinstance(obj, Section):
            return f"{obj.label} {obj.title}".strip()
        return obj.subject


class FollowUpOrderForm(forms.Form):
    """Open a follow-up order (督办单) on items of one plan; the choices are that plan's."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    request = forms.CharField(
        label=_("What is asked"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none(), required=False)
    targets = ItemChoiceField(label=_("Lagging targets"), queryset=Target.objects.none(), required=False)
    tasks = ItemChoiceField(label=_("Lagging tasks"), queryset=Section.objects.none(), required=False)

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit_ids = plan.assignments.filter(unit__isnull=False).values("unit_id")
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=unit_ids).order_by("name")
        self.fields["period"].queryset = plan.periods.order_by("starts_on")
        self.fields["targets"].queryset = plan.targets.order_by("order", "pk")
        task_ids = plan.assignments.filter(section__isnull=False).values("section_id")
        self.fields["tasks"].queryset = plan.sections.filter(pk__in=task_ids).order_by("order", "pk")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Measures taken"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4, "required": True})
    )


class CloseForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EscalateForm(forms.Form):
    comment = forms.CharField(
        label=_("Why escalate"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "required": True})
    )
    due_on = forms.DateField(label=_("New due date"), required=False, widget=DATE)


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *FollowUpOrder.Status.choices]
    )


class BulletinForm(forms.Form):
    """Generate a bulletin of a plan for one of its periods."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False)
    number = forms.IntegerField(label=_("Issue number"), required=False, min_value=1, max_value=999)

    def __init__(self, *args, plans, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["period"].queryset = (
            Period.objects.filter(plan__in=plans).select_related("plan").order_by("-plan__year", "plan_id", "starts_on")
        )
        self.fields["period"].label_from_instance = lambda p: f"{p} · {p.plan.title}"

    def clean(self):
        data = super().clean()
        if data.get("plan") and data.get("period") and data["period"].plan_id != data["plan"].pk:
            self.add_error("period", forms.ValidationError(_("Choose a period of this plan."), code="other_plan"))
        return data
