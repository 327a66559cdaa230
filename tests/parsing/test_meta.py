"""Meta: title, issuer, region, years, document number and publication date, from texts we write."""

import pytest

from workplan.parsing.meta import extract_meta, find_date
from workplan.parsing.model import Meta
from workplan.parsing.parts import split_parts
from workplan.parsing.residue import mark_residue
from workplan.parsing.text import Text

BODY = "一、主要目标\n全年新增高新技术企业50家以上。\n二、重点任务\n1.加快平台建设。\n"


def _meta(source: str, part: int = 0) -> Meta:
    text = Text.from_source(source)
    mark_residue(text)
    return extract_meta(text, split_parts(text)[part])


def test_government_page_with_metadata_block():
    source = (
        "您当前的位置：首页 >> 政务公开\n"
        "信息名称：关于印发《2023年全市科技工作要点》的通知\n"
        "文件编号：江科发〔2023〕12号 发布机构：市科技局\n"
        "生成日期：2023-03-01 公开日期：2023-03-06\n"
        "关于印发《2023年全市科技工作要点》的通知\n各县区科技局：\n现印发给你们，请认真贯彻落实。\n"
        "江川市人民政府办公室\n2023年3月1日\n"
        "2023年全市科技工作要点\n" + BODY
    )
    assert _meta(source) == Meta(
        title="2023年全市科技工作要点",
        issuer="江川市科学技术局",
        region="江川市",
        plan_year=2023,
        end_year=2023,
        doc_number="江科发〔2023〕12号",
        published="2023-03-06",
    )


def test_multi_year_action_plan_in_traditional_script():
    source = (
        "雲嶺市科技創新能力提升行動方案（2023—2025年）\n發布單位：雲嶺市人民政府辦公室\n頒布時間：2023年5月8日\n" + BODY
    )
    assert _meta(source) == Meta(
        title="云岭市科技创新能力提升行动方案(2023—2025年)",
        issuer="云岭市人民政府办公室",
        region="云岭市",
        plan_year=2023,
        end_year=2025,
        doc_number=None,
        published="2023-05-08",
    )


def test_signature_gives_issuer_and_date():
    source = "江川县2022年科技工作要点\n" + BODY + "江川县科学技术局    江川县发展和改革局\n二〇二二年二月二十八日\n"
    meta = _meta(source)
    assert (meta.issuer, meta.published, meta.region) == (
        "江川县科学技术局、江川县发展和改革局",
        "2022-02-28",
        "江川县",
    )


def test_organ_named_before_the_year_is_the_issuer():
    meta = _meta("科学技术局2021年全市科技工作要点范文\n" + BODY)
    assert (meta.title, meta.issuer, meta.region) == ("2021年全市科技工作要点", "科学技术局", None)


def test_organ_prefix_stays_in_the_title_when_the_issuer_is_named_elsewhere():
    source = "云岭新城管委会2024年工作要点\n" + BODY + "云岭市云岭新城管理委员会\n2024年2月1日\n"
    meta = _meta(source)
    assert (meta.title, meta.issuer, meta.region) == (
        "云岭新城管委会2024年工作要点",
        "云岭市云岭新城管理委员会",
        "云岭新城",
    )


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("文号：云政办发[2022]7号", "云政办发[2022]7号"),
        ("文件编号：江科(2021)59号", "江科(2021)59号"),
        ("江科发〔2021〕 3 号", "江科发〔2021〕3号"),
    ],
)
def test_document_number_in_its_bracket_styles(line, number):
    assert _meta("2021年全市科技工作要点\n" + line + "\n" + BODY).doc_number == number


def test_document_number_cited_in_the_body_is_not_the_plans():
    source = "2021年全市科技工作要点\n" + BODY + "3.落实《若干政策》(江政发〔2020〕9号)。\n"
    assert _meta(source).doc_number is None


def test_region_from_the_body_when_title_and_issuer_name_none():
    body = "".join(f"{i}.支持江川科技园建设，服务江川企业。\n" for i in range(1, 5))
    source = "2022年全市科技工作要点\n一、重点任务\n" + body + "推动江川市企业上市。\n"
    assert _meta(source).region == "江川市"


def test_region_is_none_when_only_relative_names_appear():
    source = "2022年全区科技工作要点\n一、重点任务\n1.落实区委部署，加强区科技局与市级部门协作，争创百强区。\n"
    assert _meta(source).region is None


def test_page_date_line_and_source_give_published_and_issuer():
    source = "2024-01-31 来源：科技局\n2024年全区科技创新工作要点（征求意见稿）\n" + BODY
    meta = _meta(source)
    assert (meta.title, meta.issuer, meta.published, meta.plan_year) == (
        "2024年全区科技创新工作要点(征求意见稿)",
        "科技局",
        "2024-01-31",
        2024,
    )


def test_five_year_plan_years():
    meta = _meta("江川市“十四五”科技创新规划\n" + BODY)
    assert (meta.plan_year, meta.end_year, meta.region) == (2021, 2025, "江川市")


def test_text_without_title_has_empty_meta():
    assert _meta("一、主要目标\n全年新增企业5家。") == Meta()


@pytest.mark.parametrize(
    ("s", "iso"),
    [
        ("2021-03-30", "2021-03-30"),
        ("2021/3/9", "2021-03-09"),
        ("2021.03.09", "2021-03-09"),
        ("2021年3月30日", "2021-03-30"),
        ("二〇二一年十二月三十一日", "2021-12-31"),
        ("2021年2月30日", None),
        ("常科发〔2021〕59号", None),
    ],
)
def test_find_date(s, iso):
    found = find_date(s)
    assert (found[0] if found else None) == iso
