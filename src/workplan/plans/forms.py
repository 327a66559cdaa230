"""Forms of the plan pages. They validate input only; the services decide and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.units.models import Unit
from workplan.units.selectors import unit_resolve_names

from .models import Assignment, Plan, Target


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"),
        help_text=_("A .txt, .html, .docx or .pdf file of the work plan."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf"}),
    )
    allow_duplicate = forms.BooleanField(label=_("Import even if it was imported before"), required=False)


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "year", "end_year", "issuer", "region", "doc_number", "issued_on", "reporting_cycle"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


TARGET_FIELDS = [
    "subject",
    "value",
    "value_max",
    "unit",
    "comparator",
    "measure",
    "deadline",
    "per_year",
    "aspirational",
    "baseline",
    "weight",
    "accumulation",
]


class TargetForm(forms.ModelForm):
    """The planner's correction of a target; ``section`` limited to the plan's sections."""

    class Meta:
        model = Target
        fields = ["section", *TARGET_FIELDS]

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.order_by("order", "pk")
        self.fields["section"].required = False
        for name in ("value", "value_max", "baseline", "weight"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = f"{Decimal(value).normalize():f}"  # 800, not 800.0000


class TargetMergeForm(forms.Form):
    targets = forms.ModelMultipleChoiceField(queryset=Target.objects.none(), label=_("Targets to merge"))

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = plan.targets.all()

    def clean_targets(self):
        targets = sorted(self.cleaned_data["targets"], key=lambda t: (t.order, t.pk))
        if len(targets) < 2:
            raise forms.ValidationError(_("Choose at least two targets to merge."), code="merge_too_few")
        return targets


class UnitNameField(forms.CharField):
    """A unit typed by name or alias (the autocomplete offers both); cleans to the ``Unit``."""

    def clean(self, value) -> Unit | None:
        name = super().clean(value)
        if not name:
            return None
        unit = unit_resolve_names([name]).get(name.strip())
        if unit is None:
            raise forms.ValidationError(
                _("No unit is called “%(name)s”."), code="unknown_unit", params={"name": name.strip()}
            )
        return unit


def _unit_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off", "class": "unit-input"})


class AssignmentForm(forms.Form):
    """Assign a unit to a section (task) or a target of the plan."""

    unit = UnitNameField(label=_("Unit"), widget=_unit_widget())
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices, initial=Assignment.Role.LEAD)
    section = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    target = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = plan.sections.all()
        self.fields["target"].queryset = plan.targets.all()


class AssignmentResolveForm(forms.Form):
    """Give a name from the document its unit."""

    unit = UnitNameField(label=_("Unit"), widget=_unit_widget())
