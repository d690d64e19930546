"""GUARD-4: asking or pushing the buyer to cancel the order themselves.

Allowed: explaining a stock-out while the seller files the cancellation ("мы сами
оформим отмену", "we will file the cancellation"), confirming the buyer's own
request ("we approved your cancellation request", "已同意您的取消申请"), telling the
buyer not to cancel ("отменять заказ не нужно", "不用取消"), and the conditional
"if you want to cancel, you can…".
"""

from __future__ import annotations

from sellerdesk.guard.context import Context
from sellerdesk.guard.model import CANCEL
from sellerdesk.guard.rules import Rule

# The seller cancels, the buyer is told not to, or the buyer decides: no pressure.
_EXCUSE_RU = (
    r"(?<![а-я])(?:мы|я)\s+(?!прос)(?:[а-я]+\s+){0,2}?(?:отмен[июя]м|отменю|отменяем|оформ[иля]"
    r"|подад|подаем|созда)|(?<![а-я])(?:не\s+нужно|не\s+надо|не\s+стоит|не\s+требуется"
    r"|не\s+обязательно)\s+(?:[а-я]+\s+)?отмен|(?<![а-я])не\s+отменяй"
    r"|(?<![а-я])(?:нам|мне)\s+(?:нужно|надо|придется|придётся|необходимо)\s+(?:[а-я]+\s+)?отмен"
)
_EXCUSE_EN = (
    r"(?<![a-z])(?:we|i)(?:'ll|'ve|\s+(?:will|can|shall|have|already|are\s+going\s+to|would"
    r"|need\s+to))*\s+(?:\w+\s+)?(?:cancel|file|submit|process)"
    r"|(?<![a-z])(?:don't|do\s+not|no\s+need\s+to|not\s+necessary\s+to|needn't)\s+(?:\w+\s+)?cancel"
)
_EXCUSE_ZH = r"我们(?:会|将|已|来|自己)|我(?:会|来)|不用|无需|不要|别|不必|您的取消申请|同意"
# The buyer decides: "если передумали…", "if you change your mind…" anywhere in the sentence.
_BUYER_CHOICE = (
    r"(?<![а-я])если\s+(?:вы\s+)?(?:хотите|желаете|передумали|передумаете|решите|захотите"
    r"|решили|не\s+нужен|не\s+нужна|не\s+нужно)"
    r"|(?<![a-z])if\s+you\s+(?:want|wish|prefer|would\s+like|'d\s+like|decide|decided|change"
    r"|changed|no\s+longer|don't\s+need)"
    r"|如果您(?:想|要|需要|不想|不需要)|如果你(?:想|要)"
)
_REQUEST_RU = (
    r"(?<![а-я])(?:можете|могли\s+бы|не\s+могли\s+бы|прошу|просим|нужно|надо|необходимо"
    r"|придется|лучше|стоит|попробуйте|сможете|просьба)[\s,]+(?:[а-я]+[\s,]+){0,3}?\Z"
)
_REQUEST_EN = (
    r"(?<![a-z])(?:please|pls|kindly|could\s+you|can\s+you|would\s+you(?:\s+mind)?|will\s+you"
    r"|you\s+need\s+to"
    r"|you\s+should|you\s+have\s+to|you\s+must|you\s+can|better|just|i\s+ask\s+you\s+to"
    r"|we\s+ask\s+you\s+to|you'll\s+have\s+to|you\s+will\s+have\s+to|we\s+need\s+you\s+to"
    r"|need\s+you\s+to|want\s+you\s+to)[\s,]+(?:[\w']+[\s,]+){0,2}?\Z"
)


def _opens_clause(ctx: Context, start: int, end: int) -> bool:
    """The word starts its clause, as an imperative does ("Cancel it, we…")."""
    return not ctx.text[ctx.clause_start(start) : start].strip(" ,")


def _x(anchors: str, excuse: str, **kw: object) -> Rule:
    return Rule(CANCEL, anchors, unless_before=excuse, unless_sentence=_BUYER_CHOICE, **kw)  # type: ignore[arg-type]


RULES: list[Rule] = [
    # ru
    _x("отмените отмени отменяйте отменяй отменишь", _EXCUSE_RU),
    _x(
        "оформите сделайте нажмите подайте создайте откройте",
        _EXCUSE_RU,
        at=r"[а-я]+[\s,]+(?:[а-я]+[\s,]+){0,2}?(?:отмен|заявку\s+на\s+отмен)",
    ),
    _x("отменить", _EXCUSE_RU, before=_REQUEST_RU),
    _x(
        "отменили",
        _EXCUSE_RU,
        before=r"(?<![а-я])(?:чтобы|если\s+бы)\s+(?:вы\s+)?(?:сами\s+|самостоятельно\s+)?\Z",
    ),
    _x(
        "отменить",
        _EXCUSE_RU,
        at=r"отменить\s+(?:[а-я0-9\-]+\s+){0,2}?(?:сами|самостоятельно|со\s+своей\s+стороны"
        r"|у\s+себя|в\s+приложении|в\s+личном\s+кабинете)",
    ),
    # en
    _x("cancel cancelling canceling", _EXCUSE_EN, before=_REQUEST_EN),
    _x(
        "cancel",
        _EXCUSE_EN,
        at=r"cancel\s+(?:it|this|the|your|that)?\s*(?:order|purchase|posting)?\s*(?:[\w\-]+\s+)?"
        r"(?:yourself|on\s+your\s+(?:side|end)|from\s+your\s+side|in\s+the\s+app"
        r"|in\s+your\s+account|and\s+re-?order|and\s+order\s+again|and\s+place)",
    ),
    _x(
        "cancel", _EXCUSE_EN, at=r"cancel\s+(?:it|this|the|your|that)(?![a-z])", check=_opens_clause
    ),
    _x(
        "cancellation",
        _EXCUSE_EN,
        before=r"(?<![a-z])(?:request|submit|file|make|open|create|apply\s+for|initiate)\s+"
        r"(?:a\s+|the\s+|an\s+)?\Z",
        at=r"cancellation\s+(?:request\s+)?(?:yourself|on\s+your\s+(?:side|end)|from\s+your"
        r"\s+side|in\s+the\s+app|in\s+your\s+account)",
    ),
    _x(
        "cancellation",
        _EXCUSE_EN,
        before=r"(?<![a-z])(?:please|pls|kindly|could\s+you|can\s+you|would\s+you|you\s+need\s+to"
        r"|you\s+should|you\s+have\s+to|you\s+must|just)\s+(?:[\w']+\s+)?(?:request"
        r"|submit|file|make|open|create|apply\s+for|initiate)\s+(?:a\s+|the\s+|an\s+)?\Z",
    ),
    # zh
    _x(
        "取消",
        _EXCUSE_ZH,
        before=r"(?:请|麻烦|劳烦|辛苦|能否|可否|希望|需要)(?:您|你|亲)?[^，。！？,.!?]{0,10}\Z",
    ),
    _x("取消", _EXCUSE_ZH, before=r"(?:您|你|亲)(?:自己|主动|先|直接|帮忙)[^，。！？,.!?]{0,8}\Z"),
    _x("取消", _EXCUSE_ZH, before=r"(?:自己|主动)(?:申请)?\Z", at=r"取消(?:一下|订单|吧)"),
    _x("取消", _EXCUSE_ZH, before=r"帮(?:我们|忙)\Z"),
    _x(
        "取消", _EXCUSE_ZH, before=r"(?:您|你|亲)[^，。！？,.!?已]{0,6}\Z", at=r"取消(?:一下|吧|掉)"
    ),
]
