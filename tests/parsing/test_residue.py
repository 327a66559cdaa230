"""Web-page residue is flagged (never removed); plan text never is."""

import pytest

from workplan.parsing.residue import mark_residue, residue_kind
from workplan.parsing.text import Text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("您当前的位置：", "nav"),
        ("您现在的位置：首页 >> 政务公开 >> 通知公告", "nav"),
        ("当前位置：首页 > 科技动态", "nav"),
        ("首页 >> 政务公开 >> 正文", "nav"),
        ("索 引 号：11320000/2023-00012", "meta"),
        ("信息名称：关于印发《2023年全市科技工作要点》的通知", "meta"),
        ("文件编号：云科发〔2023〕8号 发布机构：市科技局", "meta"),
        ("生成日期：2023-03-01 公开日期：2023-03-05 废止日期：有效", "meta"),
        ("发布日期：2023-03-05  来源：云岭市科技局  浏览次数：  字号：〖大 中 小〗", "meta"),
        ("2023-03-05 来源：科技局", "meta"),
        ("浏览次数：1024", "meta"),
        ("【字体：大 中 小】", "tool"),
        ("扫一扫在手机打开当前页", "tool"),
        ("【打印本页】 【关闭窗口】", "tool"),
        ("分享到：", "tool"),
        ("上一篇：云岭市召开科技大会", "link"),
        ("相关链接", "link"),
        ("政策解读.pdf", "link"),
        ("版权所有：云岭市科学技术局", "footer"),
        ("滇ICP备00000000号", "footer"),
        ("主办单位：云岭市人民政府办公室", "footer"),
        ("联系电话：0000-12345678", "contact"),
        ("2. 通信地址：云岭市人民路1号", "contact"),
        ("電子郵箱：kjj@example.cn", None),  # not normalised here: Text.norm folds it, see below
    ],
)
def test_residue_kind_of_page_furniture(line, kind):
    assert residue_kind(line.replace("：", ":")) == kind


@pytest.mark.parametrize(
    "line",
    [
        "2023年全市科技工作要点",
        "一、主要目标",
        "(三)加快建设公共服务平台",
        "1.完善联系服务机制。建立科技专员联系企业制度，公布联系电话，全年走访企业200家以上。",
        "3.建设科技大市场。在市中心地址便利处建成线下服务大厅，全年服务企业100家次以上，发布技术成果500项。",
        "首页设计、版权保护等知识产权服务体系不断完善，全年专利授权量达到3000件以上，版权登记量增长10%。",
        "推动科技成果转移转化，浏览量等指标不作要求",
    ],
)
def test_plan_text_is_never_residue(line):
    assert residue_kind(line) is None


def test_mark_residue_flags_lines_and_keeps_offsets():
    source = "您当前的位置：首页 >> 政务公开\n２０２３年全市科技工作要点\n一、主要目标\n電子郵箱：kjj@example.cn"
    text = Text.from_source(source)
    mark_residue(text)
    assert [line.residue for line in text.lines] == [True, False, False, True]
    assert "".join(source[ln.start : ln.end] + "\n" for ln in text.lines) == source + "\n"
