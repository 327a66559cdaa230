import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.files import make_docx, make_jpg, make_pdf, make_png, make_xlsx, make_zip_bomb
from workplan.core.errors import DomainError
from workplan.core.excel import safe_cell
from workplan.core.uploads import EVIDENCE_KINDS, PLAN_KINDS, check_upload, safe_filename


def _check(name: str, data: bytes, **kwargs):
    return check_upload(SimpleUploadedFile(name, data), **kwargs)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", make_pdf(), "pdf"),
        ("a.png", make_png(), "png"),
        ("a.JPG", make_jpg(), "jpg"),
        ("a.jpeg", make_jpg(), "jpg"),
        ("a.docx", make_docx(), "docx"),
        ("a.xlsx", make_xlsx(), "xlsx"),
    ],
)
def test_accepted_evidence_kinds(name, data, kind):
    checked = _check(name, data)
    assert (checked.kind, checked.size) == (kind, len(data))


def _code(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(DomainError) as exc:
        _check(name, data, **kwargs)
    return exc.value.code


def test_renamed_executable_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
    assert _code("报告.pdf", exe) == "unsupported_file_type"
    assert _code("报告.docx", exe) == "unsupported_file_type"
    assert _code("setup.exe", exe) == "unsupported_file_type"


def test_elf_binary_named_png_is_refused():
    assert _code("a.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 50) == "unsupported_file_type"


def test_wrong_type_html_as_evidence_is_refused():
    assert _code("a.html", b"<html><script>alert(1)</script></html>") == "unsupported_file_type"


def test_suffix_must_agree_with_content():
    assert _code("a.pdf", make_png()) == "unsupported_file_type"


def test_plain_zip_named_docx_is_broken():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert _code("a.docx", out.getvalue()) == "broken_file"


def test_truncated_docx_is_broken():
    assert _code("a.docx", make_docx()[:200]) == "broken_file"


def test_truncated_xlsx_is_broken():
    data = make_xlsx()
    assert _code("a.xlsx", data[: len(data) // 2]) == "broken_file"


def test_xlsx_named_docx_is_broken():
    assert _code("a.docx", make_xlsx()) == "broken_file"


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bomb_is_refused(kind):
    bomb = make_zip_bomb(kind, inflated_mb=300)
    assert len(bomb) < 1024 * 1024
    assert _code(f"a.{kind}", bomb) == "zip_bomb"


def test_high_ratio_small_bomb_is_refused():
    assert _code("a.docx", make_zip_bomb("docx", inflated_mb=20)) == "zip_bomb"


def test_oversized_file_is_refused(settings):
    settings.WORKPLAN_MAX_UPLOAD_MB = 1
    assert _code("a.pdf", make_pdf() + b"0" * (1024 * 1024)) == "file_too_large"


def test_empty_file_is_refused():
    assert _code("a.pdf", b"") == "empty_file"


def test_plan_kinds_accept_text_but_evidence_does_not():
    text = "江川市科技工作要点".encode()
    assert _check("plan.txt", text, allowed=PLAN_KINDS).kind == "txt"
    assert _code("plan.txt", text, allowed=EVIDENCE_KINDS) == "unsupported_file_type"


def test_binary_named_txt_is_refused_as_plan():
    assert _code("plan.txt", b"\x00\x01\x02binary", allowed=PLAN_KINDS) == "unsupported_file_type"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("C:\\Users\\a\\报告.pdf", "报告.pdf"),
        ("/abs/path/a.pdf", "a.pdf"),
        (".htaccess", "htaccess"),
        ("a\x00.pdf", "a.pdf"),
        ("re\u202eport.pdf", "report.pdf"),
        ('a<b>:"c|?*.pdf', "a_b_c_.pdf"),
        ("..", "file"),
        ("", "file"),
    ],
)
def test_path_tricks_in_names_are_removed(raw, safe):
    assert safe_filename(raw) == safe


def test_long_names_keep_their_suffix():
    name = safe_filename("很" * 300 + ".pdf")
    assert (len(name), name[-4:]) == (120, ".pdf")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("＝HYPERLINK()", "'＝HYPERLINK()"),
        ("江川市", "江川市"),
        (-5, -5),
        (None, None),
    ],
)
def test_formula_injection_is_neutralised(value, cell):
    assert safe_cell(value) == cell


def test_evidence_is_stored_under_a_generated_name_outside_static(plan, items, users, settings):
    from decimal import Decimal
    from pathlib import Path

    from workplan.reporting import services

    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    evidence = services.evidence_add(
        user=users.reporter, report=report, file=SimpleUploadedFile("../../../static/x.pdf", make_pdf())
    )
    path = Path(evidence.file.path).resolve()
    assert evidence.name == "x.pdf"
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert path.name.startswith(evidence.sha256[:16])
    assert path.suffix == ".pdf"


def test_refused_evidence_writes_nothing(plan, items, users, settings, tmp_path):
    from decimal import Decimal

    from workplan.reporting import services
    from workplan.reporting.models import Evidence

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    with pytest.raises(DomainError):
        services.evidence_add(user=users.reporter, report=report, file=SimpleUploadedFile("a.pdf", b"MZ\x90"))
    assert Evidence.objects.count() == 0
    assert list(tmp_path.rglob("*")) == []


def test_evidence_download_sends_attachment_with_checked_type(api, plan, items, users):
    from decimal import Decimal

    from workplan.reporting import services

    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    evidence = services.evidence_add(
        user=users.reporter, report=report, file=SimpleUploadedFile("名单.pdf", make_pdf())
    )
    response = api.as_(users.supervisor).get(f"/api/evidence/{evidence.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == make_pdf()


def test_api_upload_of_exe_returns_error_body(api, plan, items, users):
    from decimal import Decimal

    from workplan.reporting import services

    report = services.target_report_save(
        user=users.reporter, period=items.january, target=items.hightech, actual_value=Decimal(1)
    )
    response = api.as_(users.reporter).post(
        "/api/evidence/",
        {"target_report": report.pk, "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file_type"
    assert response.json()["extra"] == {"allowed": ["pdf", "docx", "xlsx", "png", "jpg"]}


def test_plan_export_neutralises_formula_in_cells(api, plan, items, users):
    from io import BytesIO

    from openpyxl import load_workbook

    from workplan.plans.services import target_update

    target_update(user=users.planner, target=items.hightech, subject="=cmd|' /C calc'!A0")
    response = api.as_(users.planner).get(f"/api/plans/{plan.pk}/export/")
    ws = load_workbook(BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
