"""GUARD-5: insults, threats (veiled ones too) and blaming the buyer.

The seller admitting its own fault ("это наша ошибка", "our fault", "我们的错") and
denying the buyer's ("это не ваша вина", "not your fault") are allowed.
"""

from __future__ import annotations

from sellerdesk.guard.context import Context, any_of
from sellerdesk.guard.model import ABUSE, Hit

_ABUSE = any_of(
    # ru insults
    r"(?<![а-я])(?:идиот|дурак|дура(?![а-я])|дурочк|тупой|тупая|тупые|тупиц|туп(?:ите|ишь)|дебил"
    r"|кретин|придур|урод|быдл|овца|козел|козёл|сволоч|мразь|тварь|бестолоч|бестолков|неадекват"
    r"|истер(?:ить|ишь|ите|ика|ичк)|ныть|ноете|нытик|нытье|нытьё|слеп(?:ой|ая|ые)|безмозгл"
    r"|мозг(?:ов|и)\s+(?:нет|не)|с\s+головой\s+(?:не|проблем)|мошенни[кц]|обманщи|аферист"
    r"|вымогател|хамл|заткнит|отвалите|отстаньте)",
    r"(?<![а-я])(?:читать\s+(?:не\s+)?умеете|умеете\s+(?:ли\s+)?читать|не\s+умеете\s+читать"
    r"|глаза\s+(?:есть|разуйте)|совсем\s+(?:уже|что\s+ли)|вы\s+в\s+своем\s+уме|вы\s+в\s+своём\s+уме)",
    # ru threats
    r"(?<![а-я])(?:знаем,?\s+где\s+(?:вы|ты)\s+жив|найд[её]м\s+(?:вас|тебя)|вам\s+же\s+(?:будет\s+)?хуже"
    r"|тебе\s+же\s+хуже|пожалеете|пожалеешь|поплатитесь|пеняйте\s+на\s+себя"
    r"|будут\s+последстви|последствия\s+(?:будут|для\s+вас)"
    r"|подадим\s+(?:на\s+вас\s+)?в\s+суд|встретимся\s+в\s+суде|напишем\s+заявление|вас\s+накажут"
    r"|будут\s+проблемы|у\s+вас\s+будут\s+неприятност|не\s+советую\s+(?:вам|так)|берегитесь"
    r"|смотрите\s+у\s+меня|мы\s+вас\s+запомнили|ваш\s+адрес\s+(?:мы\s+)?знаем)",
    # ru blame
    r"(?<![а-я])(?:(?:это\s+)?ваша\s+вина|по\s+вашей\s+вине|сами\s+виноваты|сам\s+виноват|сама\s+виновата"
    r"|вы\s+(?:сами\s+)?виноваты|виноваты\s+(?:вы|сами)|ваши\s+проблемы|ваша\s+проблема"
    r"|нужно\s+было\s+(?:внимательн|читать|смотреть|думать)|надо\s+было\s+(?:внимательн|читать"
    r"|смотреть|думать)|никто\s+(?:вас\s+)?не\s+заставлял|хватит\s+(?:жаловаться|ныть|скулить)"
    r"|перестаньте\s+(?:жаловаться|ныть)|не\s+надо\s+(?:тут\s+)?(?:истерить|ныть|жаловаться))",
    # en insults, threats, blame
    r"(?<![a-z0-9_])(?:stupid|idiot|dumb(?![a-z])|moron|fool(?![a-z])|foolish|retard|imbecile|loser|pathetic"
    r"|liar|scammer|fraudster|shut\s+up|are\s+you\s+blind|can't\s+you\s+read|cannot\s+you"
    r"\s+read|learn\s+to\s+read|can\s+you\s+even\s+read|do\s+you\s+even\s+read)",
    r"(?<![a-z0-9_])(?:we\s+know\s+where\s+you\s+live|you(?:'ll|\s+will)\s+regret"
    r"|or\s+else(?![a-z])|you(?:'ll|\s+will)\s+be\s+sorry|think\s+twice|watch\s+your\s+back"
    r"|there\s+will\s+be\s+consequences|face\s+(?:the\s+)?consequences|we(?:'ll|\s+will)\s+find\s+you"
    r"|see\s+you\s+in\s+court|we(?:'ll|\s+will)\s+sue|we\s+have\s+your\s+address)",
    r"(?<![a-z0-9_])(?:(?:it's|it\s+is|that's|that\s+is)\s+(?:all\s+)?your\s+(?:own\s+)?fault"
    r"|your\s+(?:own\s+)?fault|blame\s+yourself|you\s+(?:should|shoulda)\s+have\s+(?:read|checked"
    r"|looked|chosen|thought)|you\s+chose\s+the\s+wrong|stop\s+(?:complaining|whining|crying)"
    r"|nobody\s+forced\s+you|no\s+one\s+forced\s+you|your\s+(?:own\s+)?problem|not\s+our\s+problem)",
    # zh
    r"不识字|傻[逼瓜子]?|蠢|白痴|笨蛋|神经病|有病|滚(?:开|吧|蛋|出去)|脑子|没长眼|瞎了|骗子|无赖"
    r"|(?<!不)(?<!不会)后悔|知道你住|找到你"
    r"|别太过分|走着瞧|等着瞧|你小心点|有你好看|给我等着|你再.{0,4}试试|(?:您|你)自己的问题"
    r"|(?:您|你)自己选的|怪(?:您|你)自己|是(?:您|你)的错|(?:您|你)的责任|别再抱怨|少废话",
)
# Phrases that turn a blame trigger into its opposite.
_DENIAL = any_of(
    r"(?<![а-я])(?:не|нет)\s+(?:по\s+)?ваш(?:а|ей)\s+вин|не\s+ваша\s+проблем|не\s+вы\s+виноват",
    r"(?<![a-z0-9_])(?:not|isn't|wasn't|no)\s+(?:at\s+all\s+)?your\s+fault",
    r"不是(?:您|你)的(?:错|问题)|不怪(?:您|你)|不是(?:您|你)自己",
)


def detect(text: str, ctx: Context) -> list[Hit]:
    """GUARD-5 hits in normalised coordinates."""
    hits: list[Hit] = []
    for m in _ABUSE.finditer(text):
        start = m.start()
        if _DENIAL.search(text, max(0, start - 12), m.end()):
            continue
        hits.append(Hit(ABUSE, start, m.end()))
    return hits

