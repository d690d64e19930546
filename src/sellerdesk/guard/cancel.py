"""GUARD-4: asking or pushing the buyer to cancel the order themselves.

Allowed: explaining a stock-out while the seller files the cancellation ("мы сами
оформим отмену", "we will file the cancellation"), confirming the buyer's own
request ("we approved your cancellation request", "已同意您的取消申请"), telling the
buyer not to cancel ("отменять заказ не нужно"), and the conditional "if you want to
cancel, you can…".
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import CANCEL, Hit

_PUSH = any_of(
    # ru: imperative or request addressed to the buyer
    r"(?<![а-я])(?:отмените|отмени|отменяйте|отменяй|отменишь|отмените-ка)(?![а-я])",
    r"(?<![а-я])(?:оформите|сделайте|нажмите|подайте|создайте|откройте)\s+(?:[а-я]+\s+){0,2}?"
    r"(?:отмен|заявку\s+на\s+отмен)",
    r"(?<![а-я])(?:можете|могли\s+бы|не\s+могли\s+бы|прошу|просим|нужно|надо|необходимо"
    r"|придется|придётся|лучше|стоит|попробуйте|сможете|просьба)[\s,]+(?:[а-я]+[\s,]+){0,3}?"
    r"отменить",
    r"(?<![а-я])отменить\s+(?:[а-я0-9\-]+\s+){0,2}?(?:сами|самостоятельно|со\s+своей\s+стороны"
    r"|у\s+себя|в\s+приложении|в\s+личном\s+кабинете)",
    # en
    r"(?<![a-z0-9_])(?:please|pls|kindly|could\s+you|can\s+you|would\s+you|will\s+you|you\s+need\s+to"
    r"|you\s+should|you\s+have\s+to|you\s+must|you\s+can|better|just|i\s+ask\s+you\s+to"
    r"|we\s+ask\s+you\s+to|you'll\s+have\s+to|you\s+will\s+have\s+to|we\s+need\s+you\s+to)"
    r"[\s,]+(?:\w+[\s,]+){0,2}?cancel(?![a-z])",
    r"(?<![a-z0-9_])cancel\s+(?:it|this|the|your|that)?\s*(?:order|purchase|posting)?\s*"
    r"(?:[\w\-]+\s+)?(?:yourself|on\s+your\s+(?:side|end)|from\s+your\s+side|in\s+the\s+app"
    r"|in\s+your\s+account|and\s+re-?order|and\s+order\s+again|and\s+place)",
    r"(?:^|[.!?]\s+|[,:;]\s*)cancel\s+(?:it|this|the|your)",
    # zh
    r"(?:请|麻烦|劳烦|辛苦|能否|可否|希望|需要)(?:您|你|亲)?[^，。！？]{0,10}取消",
    r"(?:您|你|亲)(?:自己|主动|先|直接|帮忙)[^，。！？]{0,8}取消",
    r"自己(?:申请)?取消(?:一下|订单)|主动(?:申请)?取消|帮(?:我们|忙)取消",
)
_EXCUSE = any_of(
    # the seller cancels, the buyer's own request is confirmed, or told not to cancel
    r"(?<![а-я])(?:мы|я)\s+(?!прос)(?:[а-я]+\s+){0,2}?(?:отмен[июя]м|отменю|отменяем|оформ[иля]"
    r"|подад|подаем|подаём|созда)",
    r"(?<![а-я])(?:не\s+нужно|не\s+надо|не\s+стоит|не\s+требуется|не\s+обязательно)\s+"
    r"(?:[а-я]+\s+){0,1}?отмен|отменять\s+(?:[а-я]+\s+){0,2}?не\s+(?:нужно|надо|стоит|требуется)"
    r"|не\s+отменяйте",
    r"(?<![а-я])(?:если\s+(?:вы\s+)?(?:хотите|желаете|передумали|решите|захотите))",
    r"(?<![a-z0-9_])(?:we|i)(?:'ll|'ve|\s+(?:will|can|shall|have|already|are\s+going\s+to|would"
    r"|need\s+to))*\s+(?:\w+\s+)?(?:cancel|file|submit|process)",
    r"(?<![a-z0-9_])(?:don't|do\s+not|no\s+need\s+to|not\s+necessary\s+to|needn't)\s+(?:\w+\s+)?cancel",
    r"(?<![a-z0-9_])if\s+you\s+(?:want|wish|prefer|would\s+like|'d\s+like|decide|changed)",
    r"我们(?:会|将|已|来|自己)|不用取消|无需取消|不要取消|别取消|不必取消|如果您(?:想|要|需要)|您的取消申请",
)


def detect(text: str, ctx: Context) -> list[Hit]:
    """GUARD-4 hits in normalised coordinates."""
    hits: list[Hit] = []
    for m in _PUSH.finditer(text):
        start = m.start()
        sentence_start, _ = ctx.sentence(start)
        # the excuse must govern the trigger: in its sentence, shortly before or overlapping
        scope = text[max(sentence_start, start - 40):m.end()]
        if _EXCUSE.search(scope):
            continue
        hits.append(Hit(CANCEL, start, m.end()))
    return hits
