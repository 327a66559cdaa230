"""Forms of the assessment pages: input checks only; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.units.models import Unit

from .models import ScoringScheme


class ScoringSchemeForm(forms.ModelForm):
    class Meta:
        model = ScoringScheme
        fields = ["method", "full_marks", "bonus_cap", "late_penalty"]
        widgets = {"method": forms.RadioSelect}


class ShareForm(forms.Form):
    """One district's or park's part of a target; an empty row is skipped."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        empty_label="—",
        queryset=Unit.objects.filter(is_active=True, kind__in=[Unit.Kind.DISTRICT, Unit.Kind.PARK]).order_by(
            "kind", "name"
        ),
    )
    value = forms.DecimalField(
        label=_("Share value"),
        required=False,
        max_digits=20,
        decimal_places=4,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"),
        required=False,
        max_digits=20,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("value") is None:
            self.add_error("value", forms.ValidationError(_("Give the unit's value."), code="value_required"))
        if data.get("value") is not None and not data.get("unit"):
            self.add_error("unit", forms.ValidationError(_("Choose the unit."), code="unit_required"))
        return data


ShareFormSet = forms.formset_factory(ShareForm, extra=2, max_num=60)
