"""Forms of the reporting pages: input checks only; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TaskReport


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Zero or more evidence files; their type and size are checked by the service, by content."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence files"))
        kwargs.setdefault("help_text", _("PDF, Word, Excel or images; several files may be chosen."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(EvidenceField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TargetReportForm(forms.Form):
    actual_value = forms.DecimalField(
        label=_("Actual value"),
        required=False,
        max_digits=20,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Progress note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = EvidenceField()


class TaskReportForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=TaskReport.Progress.choices)
    note = forms.CharField(
        label=_("Progress note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = EvidenceField()


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Review comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the report: say what to fix."),
    )


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
    submit = forms.BooleanField(label=_("Submit the reports after importing"), required=False)
