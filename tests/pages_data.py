"""A small plan of 云岭市 (fictional, written for these tests) uploaded through the pages."""

YUNLING_PLAN = """云岭市2026年科技创新工作要点

为深入实施创新驱动发展战略，现提出2026年全市科技创新工作要点如下。

一、增强企业创新能力
（一）壮大创新主体。全年新认定高新技术企业120家以上，科技型中小企业评价入库数量达到800家。（市科技局牵头，市财政局配合）
（二）加大研发投入。全社会研发经费投入增长12%以上。（市统计局牵头，各县区政府配合）
二、建设创新平台
（一）布局重点实验室。新建省级重点实验室5个。（云岭高新区牵头）
（二）促进成果转化。技术合同成交额达到60亿元。（市科技局牵头）
"""

# Names in the plan that match no unit of tests.django_fixtures.make_units (the planner resolves them).
YUNLING_UNRESOLVED = ["云岭高新区", "各县区政府", "市统计局"]
