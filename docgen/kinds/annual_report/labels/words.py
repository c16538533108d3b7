"""Where the annual report's official labels may break across lines: the words each label's table cell
carries (``model.Cell.words``) for the cell breaker."""

from __future__ import annotations

from ....model import segmented

# A table cell breaks its text between these words (typeset/cellbreak.py; docgen has no dictionary), so a
# narrow cell prints 1.本机关不掌握/相关政府信息 and never 其他对外管理服务事/项. Each is an official label
# above with "|" between its words (tests/test_table_readability.py checks they are).
LABEL_WORDS: tuple[str, ...] = (
    # 表二
    "其他对外|管理|服务|事项",
    "行政|规范性|文件",
    "行政|事业性|收费",
    "政府|集中|采购",
    "本年|制发|件数",
    "本年|废止|件数",
    "现行|有效|件数",
    "本年|处理|决定|数量",
    "本年|收费|金额|（单位：|万元）",
    "本年|新制作|数量",
    "本年|新公开|数量",
    "对外|公开|总数量",
    "上一年|项目|数量",
    "处理|决定|数量",
    "采购|项目|数量",
    "采购|总金额",
    # 表三
    "（本列|数据的|勾稽|关系|为：|第一项|加|第二项|之和，|等于|第三项|加|第四项|之和）",
    "申请人|情况",
    "法人|或|其他|组织",
    "商业|企业",
    "科研|机构",
    "社会|公益|组织",
    "法律|服务|机构",
    "一、|本年|新收|政府|信息|公开|申请|数量",
    "二、|上年|结转|政府|信息|公开|申请|数量",
    "三、|本年度|办理|结果",
    "（二）|部分|公开|（区分|处理的，|只计|这一|情形，|不计|其他|情形）",
    "（三）|不予|公开",
    "（四）|无法|提供",
    "（五）|不予|处理",
    "（六）|其他|处理",
    "1.|属于|国家|秘密",
    "2.|其他|法律|行政|法规|禁止|公开",
    "3.|危及|“三安全一稳定”",
    "4.|保护|第三方|合法|权益",
    "5.|属于|三类|内部|事务|信息",
    "6.|属于|四类|过程性|信息",
    "7.|属于|行政|执法|案卷",
    "8.|属于|行政|查询|事项",
    "1.|本机关|不|掌握|相关|政府|信息",
    "2.|没有|现成|信息|需要|另行|制作",
    "3.|补正后|申请|内容|仍|不明确",
    "1.|信访|举报|投诉类|申请",
    "3.|要求|提供|公开|出版物",
    "4.|无|正当|理由|大量|反复|申请",
    "5.|要求|行政|机关|确认|或|重新|出具|已|获取|信息",
    "1.|申请人|无|正当|理由|逾期|不|补正、|行政|机关|不再|处理|其|政府|信息|公开|申请",
    "2.|申请人|逾期|未|按|收费|通知|要求|缴纳|费用、|行政|机关|不再|处理|其|政府|信息|公开|申请",
    "四、|结转|下年度|继续|办理",
    # 表四
    "行政|复议",
    "行政|诉讼",
    "未经|复议|直接|起诉",
    "复议后|起诉",
    "结果|维持",
    "结果|纠正",
    "其他|结果",
    "尚未|审结",
)
_WORDS: dict[str, frozenset[int]] = {text: frozenset(words) for text, words in map(segmented, LABEL_WORDS)}


def label_words(text: str) -> frozenset[int]:
    """The offsets between the words of ``text`` if it is one of the labels above, else none."""
    return _WORDS.get(text, frozenset())
