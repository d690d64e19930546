"""GUARD-6: asking or offering to pay outside Ozon — card transfers, card numbers,
SBP to a phone, Alipay / WeChat Pay, crypto wallets, "pay me directly".

A payment word counts only with an off-platform channel near it (a card, a phone,
"directly", a wallet…), outside a negated clause ("мы никогда не просим переводить
деньги на карту", "we never ask for card transfers", "我们不会要求您转账") and outside
refund or pay-through-Ozon wording ("деньги вернутся на карту", "只能通过Ozon付款").
Card numbers and wallet addresses are found by `numbers`.
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import PAYMENT
from sellerdesk.guard.rules import Rule

_CHANNEL = any_of(
    r"(?<![а-я])(?:на\s+(?:мою\s+|мой\s+|эту\s+|нашу\s+|банковскую\s+|личную\s+)?карт"
    r"|картой\s+напрямую|по\s+номеру|на\s+номер|сбп|напрямую|на\s+(?:мой\s+|наш\s+)?"
    r"(?:сч[её]т|кошел|телефон|киви|юмани)|реквизит|кошел[её]к|крипт|биткоин|битко[йи]н"
    r"|наличн|киви|юмани|пейпал|тинькофф|сбер|номер\s+карты|карт[ау]\s+\d)",
    r"(?<![a-z])(?:directly|direct|(?:my|our|this|the\s+following)\s+(?:\w+\s+)?card"
    r"|to\s+(?:the\s+)?card|card\s*(?:number|:|\d)|sbp|wallet|crypto|bitcoin|btc|usdt|eth"
    r"|usdc|tether|paypal|cash|bank\s+transfer|western\s+union|zelle|venmo|alipay|wechat\s*pay"
    r"|qiwi|yoomoney|tinkoff|sberbank|my\s+(?:phone|account|number)|bank\s+account"
    r"|account\s+details|bank\s+details)(?![a-z])",
    r"usdt|btc|银行卡|卡号|我的卡|到卡|卡上|直接|支付宝|微信|红包|钱包|比特币|二维码|收款码|私下|线下",
)
_TO_ME = any_of(r"(?<![а-я])мне(?![а-я])|(?<![a-z])me(?![a-z])|给我")
_BENIGN = any_of(
    r"(?<![а-я])(?:верн[её]тся|вернутся|верн[её]м|возврат|возвращ|с\s+которой\s+вы\s+платили"
    r"|через\s+ozon|на\s+ozon|в\s+ozon|только\s+через|в\s+приложении|при\s+получении)",
    r"(?<![a-z])(?:refund|back\s+to\s+your|returned|through\s+ozon|via\s+ozon|on\s+ozon|in\s+ozon"
    r"|only\s+(?:through|via)|upon\s+(?:receipt|delivery)|on\s+delivery)",
    r"退回|退款|原路|通过ozon|只能通过|在ozon|ozon上|货到付款",
)
_BEFORE = 30
_AFTER = 60


def _off_platform(ctx: Context, start: int, end: int) -> bool:
    """A channel off Ozon near the payment word, and no refund / Ozon wording."""
    text = ctx.text
    s_start, s_end = ctx.sentence(start)
    lo, hi = max(s_start, start - _BEFORE), min(s_end, end + _AFTER)
    if (
        _CHANNEL.search(text, lo, hi) is None
        and _TO_ME.search(text, end, min(s_end, end + 20)) is None
    ):
        return False
    return not (
        _BENIGN.search(text, ctx.clause_start(start), end)
        or _BENIGN.search(text, end, min(s_end, end + 25))
    )


def _p(anchors: str, **kw: object) -> Rule:
    return Rule(PAYMENT, anchors, negatable=True, check=_off_platform, **kw)  # type: ignore[arg-type]


_PAY_CUE = any_of(
    r"(?<![а-я])(?:принима|прим[еу]м|возьм|бер[её]м|оплат|плат|перевед|перевод|кошел|отправ|скин)",
    r"(?<![a-z])(?:take|accept|pay|send|transfer|wallet|prefer|also)(?![a-z])",
    r"收|付|转|钱包|支持",
)


def _crypto_payment(ctx: Context, start: int, end: int) -> bool:
    """Crypto named as a way to pay (not "bitcoin keychain")."""
    s_start, s_end = ctx.sentence(start)
    return _PAY_CUE.search(ctx.text, s_start, s_end) is not None


RULES: list[Rule] = [
    _p(
        "перевед* перевест* перевод* перекин* перекид* перечисл* оплат* оплачив* платите платить "
        "платят заплат* доплат* предоплат* скиньте скинь кидайте киньте рассчита* принимаем "
        "принять примем приму"
    ),
    _p(
        "отправьте пришлите",
        at=r"[а-я]+\s+(?:[а-я]+\s+){0,2}?(?:деньги|оплату|сумму|предоплату|\d)",
    ),
    _p(
        "pay paid paying payment payments transfer transfers wire remit prepay prepayment deposit "
        "accept"
    ),
    _p("send", at=r"send\s+(?:\w+\s+){0,3}?(?:money|fee|payment|amount|sum|funds|\d|rub|usd)"),
    _p("send", at=r"send\s+(?:it|them|the\s+money)\s+to\s+(?:my\s+|our\s+|this\s+)?wallet"),
    _p("付款 支付 转账 转给我 打款 汇款 付给我 付钱 收款 给我转 打钱 直接付 转到 打到 交易"),
    Rule(
        PAYMENT,
        "crypto cryptocurrency bitcoin btc usdt eth tether биткоин биткоинах крипт* "
        "криптовалют* usdt 比特币 加密货币 泰达币",
        negatable=True,
        check=_crypto_payment,
    ),
]
