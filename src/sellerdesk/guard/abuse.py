"""GUARD-5: insults, threats (veiled ones too) and blaming the buyer.

The seller admitting its own fault ("это наша ошибка", "our fault", "我们的错") and
denying the buyer's ("это не ваша вина", "not your fault", "不是您的错") are allowed.
"""

from __future__ import annotations

from sellerdesk.guard.model import ABUSE
from sellerdesk.guard.rules import Rule

_DENIAL = (
    r"(?<![а-я])(?:не|нет)\s+(?:по\s+)?(?:ваш|тво)[а-я]*\s+(?:вин|проблем)|не\s+вы\s+виноват"
    r"|(?<![a-z])(?:not|isn't|wasn't|no)\s+(?:at\s+all\s+)?your\s+(?:fault|problem)"
    r"|不是(?:您|你)的(?:错|问题)|不怪(?:您|你)|不是(?:您|你)自己"
)
_YOU_ARE = r"(?:вы|ты)\s+(?:же\s+|просто\s+|настоящ[а-я]+\s+)?\Z"
_YOU_ARE_EN = r"(?<![a-z])you(?:'re|\s+are)\s+(?:a\s+|an\s+|such\s+an?\s+|just\s+an?\s+)?\Z"


def _a(anchors: str, unless: str | None = None, **kw: object) -> Rule:
    unless_before = _DENIAL if unless is None else f"{unless}|{_DENIAL}"
    return Rule(ABUSE, anchors, unless_before=unless_before, **kw)  # type: ignore[arg-type]


RULES: list[Rule] = [
    # ru: insults
    _a(
        "идиот* дурак* дура дурочка тупой тупая тупые тупица тупите тупишь дебил* кретин* "
        "придурок придурки придурка урод уроды уродина быдло овца козел козлы сволочь* мразь "
        "тварь бестолоч* бестолков* неадекват* истерить истеришь истерите истерика истеричка "
        "истерики ныть ноете нытик* нытье слепой слепая слепые безмозгл* хамло заткнитесь "
        "заткнись отвалите отстаньте"
    ),
    _a(
        "мошенник мошенница обманщик обманщица аферист аферистка вымогатель вымогательница",
        before=_YOU_ARE,
    ),
    _a(
        "нормальный нормальная нормальные адекватный адекватная",
        before=r"(?<![а-я])(?:вы|ты)\s+(?:вообще\s+|там\s+|совсем\s+)?\Z",
        at=r"[а-я]+\s*\?",
    ),
    _a("морочьте морочь морочите"),
    _a("читать", at=r"читать\s+(?:не\s+)?умеете"),
    _a(
        "видели видите смотрели",
        before=r"(?<![а-я])не\s+\Z",
        at=r"[а-я]+,?\s+что\s+(?:заказываете|заказали|покупаете|купили|берете|брали)",
    ),
    _a("умеете", at=r"умеете\s+(?:ли\s+)?читать"),
    _a("глаза", at=r"глаза\s+(?:есть|разуйте|открой)"),
    _a("совсем", at=r"совсем\s+(?:уже|что\s+ли|тупой|больной|ку-ку)"),
    _a("своем", before=r"(?:вы|ты)\s+в\s+\Z", at=r"своем\s+уме"),
    # ru: threats, veiled ones too
    _a("знаем", at=r"знаем,?\s+(?:где\s+(?:вы|ты)\s+жив|(?:ваш|твой)\s+адрес|кто\s+(?:вы|ты))"),
    _a("найдем", at=r"[а-я]+\s+(?:вас|тебя)"),
    _a("хуже", before=r"(?<![а-я])(?:вам|тебе)\s+же\s+(?:будет\s+)?\Z"),
    _a("пожалеете пожалеешь поплатитесь поплатишься пеняйте берегитесь"),
    _a("последствия последствий", before=r"будут\s+\Z"),
    _a("последствия", at=r"последствия\s+(?:будут|для\s+вас)"),
    _a("суд", before=r"(?:подадим|обратимся|пойдем|пойдём)\s+(?:[а-я]+\s+){0,2}?в\s+\Z"),
    _a("суде", before=r"встретимся\s+в\s+\Z"),
    _a("проблемы неприятности", before=r"(?<![а-я])(?:у\s+вас\s+)?будут\s+(?:большие\s+)?\Z"),
    _a("смотрите", at=r"смотрите\s+у\s+меня"),
    _a("закончится кончится", before=r"(?<![а-я])чем\s+(?:это\s+)?(?:все\s+)?(?:для\s+вас\s+)?\Z"),
    _a(
        "другому",
        before=r"(?<![а-я])(?:разбираться|разберемся|поговорим|говорить|решать|решим)"
        r"\s+по-\Z",
    ),
    _a("запомнили", before=r"мы\s+(?:вас|тебя)\s+\Z"),
    _a("адрес", before=r"(?:ваш|твой)\s+\Z", at=r"адрес\s+(?:мы\s+)?знаем"),
    # ru: blame-shifting
    _a("вина", before=r"(?<![а-я])(?:ваша|твоя)\s+\Z"),
    _a("вине", before=r"по\s+(?:вашей|твоей)\s+\Z"),
    _a("виноваты виноват виновата", before=r"(?<![а-я])(?:сами|сам|сама|вы|ты)\s+(?:сами\s+)?\Z"),
    _a("виноваты", at=r"виноваты\s+(?:вы|сами)"),
    _a(
        "проблемы проблема",
        before=r"(?<![а-я])(?:это\s+)?(?:ваши|ваша|твои|твоя)\s+\Z",
        unless_sentence=r"(?:решим|решить|решен|помож|поможем|исправ|устран)",
    ),
    _a("нужно надо", at=r"(?:нужно|надо)\s+было\s+(?:внимательн|читать|смотреть|думать|выбирать)"),
    _a("никто", at=r"никто\s+(?:вас\s+|тебя\s+)?не\s+заставлял"),
    _a("хватит перестаньте прекратите", at=r"[а-я]+\s+(?:жаловаться|ныть|скулить|истерить)"),
    # en
    _a("stupid idiot* dumb moron* fool foolish retard* imbecile* pathetic"),
    _a("liar liars scammer scammers fraud fraudster loser", before=_YOU_ARE_EN),
    _a("shut", at=r"shut\s+up"),
    _a("blind", before=r"(?<![a-z])are\s+you\s+\Z"),
    _a(
        "read",
        before=r"(?<![a-z])(?:can't\s+you|cannot\s+you|learn\s+to|can\s+you\s+even"
        r"|do\s+you\s+even|can\s+you\s+not|you\s+(?:clearly\s+|obviously\s+"
        r"|really\s+|simply\s+|just\s+)?(?:can't|cannot|can\s+not|don't\s+know\s+how"
        r"\s+to))\s+\Z",
    ),
    _a(
        "house home place door",
        before=r"(?<![a-z])(?:come|show\s+up|visit|drop\s+by)\s+(?:to\s+|at\s+)?"
        r"your\s+\Z",
    ),
    _a("live", before=r"(?<![a-z])we\s+know\s+where\s+you\s+\Z"),
    _a("regret", before=r"(?<![a-z])you(?:'ll|\s+will)\s+\Z"),
    _a("else", before=r"(?<![a-z])or\s+\Z"),
    _a("sorry", before=r"(?<![a-z])you(?:'ll|\s+will)\s+be\s+\Z"),
    _a("twice", before=r"(?<![a-z])think\s+\Z"),
    _a("back", before=r"(?<![a-z])watch\s+your\s+\Z"),
    _a("consequences", before=r"(?<![a-z])(?:there\s+will\s+be|face(?:\s+the)?)\s+\Z"),
    _a("find", before=r"(?<![a-z])we(?:'ll|\s+will)\s+\Z", at=r"find\s+you"),
    _a("court", before=r"(?<![a-z])see\s+you\s+in\s+\Z"),
    _a("sue", before=r"(?<![a-z])we(?:'ll|\s+will)\s+\Z"),
    _a("address", before=r"(?<![a-z])we\s+(?:have|know)\s+your\s+\Z"),
    _a("who", before=r"(?<![a-z])we\s+know\s+\Z", at=r"who\s+you\s+are"),
    _a("brain brains", before=r"(?<![a-z])(?:use|turn\s+on|no)\s+(?:your\s+)?\Z"),
    _a("brainless clueless"),
    _a("fault", before=r"(?<![a-z])your\s+(?:own\s+)?\Z"),
    _a("blame", at=r"blame\s+yourself"),
    _a(
        "should shoulda",
        before=r"(?<![a-z])you\s+\Z",
        at=r"[a-z]+\s+(?:have\s+|'ve\s+)?(?:read|checked|looked|chosen|thought)",
    ),
    _a("chose", before=r"(?<![a-z])you\s+\Z", at=r"chose\s+the\s+wrong"),
    _a("stop quit", at=r"[a-z]+\s+(?:complaining|whining|crying|moaning)"),
    _a("forced", before=r"(?<![a-z])(?:nobody|no\s+one)\s+\Z"),
    _a(
        "problem",
        before=r"(?<![a-z])(?:(?:that's|it's|that\s+is|it\s+is)\s+your\s+(?:own\s+)?"
        r"|not\s+our\s+)\Z",
    ),
    # zh
    _a(
        "不识字 傻逼 傻瓜 傻子 蠢 白痴 笨蛋 神经病 有病 滚开 滚吧 滚蛋 滚出去 脑子 没长眼 瞎了 骗子 无赖 "
        "知道你住 找到你 后果自负 后果很严重 你等着 别太过分 走着瞧 等着瞧 你小心点 有你好看 给我等着 "
        "怪你自己 怪您自己 是你的错 是您的错 你的责任 您的责任 别再抱怨 少废话"
    ),
    _a("后悔", unless=r"不(?:会)?后悔"),
    _a("爱买不买 爱要不要 不买拉倒 不要拉倒"),
    _a("不客气", before=r"(?:就|对你|对您|可就|别怪我们)\Z"),
    _a("傻", before=r"(?:你|您)(?:是不是|真|太|好)?\Z"),
    _a("傻", at=r"傻[吗啊呀吧]"),
    _a("不要脸 怪我们 还怪 选错了 自己选错 眼瞎 有毛病"),
    _a("试试", before=r"你再.{0,4}\Z"),
    _a("自己的问题 自己选的", before=r"(?:您|你)\Z"),
]
