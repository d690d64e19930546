"""What the support desk says to sellers, in the support languages (SUPPORT-10: Russian, English)."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "item_business_licence": "business licence",
        "item_legal_representative_id": "legal representative's ID",
        "item_bank_account_proof": "bank account proof",
        "item_inn": "INN (taxpayer number)",
        "kyc_ok": "{item}: verified",
        "kyc_missing": "{item}: not submitted",
        "kyc_submitted": "{item}: submitted, waiting for verification",
        "kyc_rejected": "{item}: rejected",
        "fix_kyc_business_licence": "Upload a scan of your business licence in Settings → "
        "Legal information.",
        "fix_kyc_legal_representative_id": "Upload the legal representative's ID in Settings → "
        "Legal information.",
        "fix_kyc_bank_account_proof": "Upload a bank letter or statement proving the account in "
        "Settings → Legal information.",
        "fix_kyc_inn": "Enter your 10-digit (company) or 12-digit (individual entrepreneur) INN in "
        "Settings → Legal information; it is checked by its check digits.",
        "store_ok": "store is Active",
        "store_not_active": "store is {status}, not Active",
        "fix_store": "Finish verification so the store becomes Active; until then use tickets.",
        "orders_ok": "{count} valid order(s) in the last {days} days",
        "orders_none": "no valid order in the last {days} days",
        "fix_orders": "Live chat opens once the store has a paid order in the last {days} days; "
        "until then use the knowledge base and tickets.",
        "status_open": "Open",
        "status_waiting_for_seller": "Waiting for your reply",
        "status_on_hold": "On hold",
        "status_resolved": "Resolved",
        "status_closed": "Closed",
        "mail_subject": "[{number}] {status}: {title}",
        "mail_greeting": "Hello {name},",
        "mail_status": "Your support request {number} is now: {status}.",
        "mail_missing": "It was returned because something is missing. Add the following and "
        "reply to the ticket:",
        "mail_queued": "It repeats your open request {other}, so it is queued behind it and "
        "will be handled after it (SUPPORT-6).",
        "mail_due": "We will resolve it by {due} (Moscow time).",
        "mail_paused": "The resolution clock is paused until you reply.",
        "mail_message": "Message from support:",
        "mail_footer": "Reply in the portal: Help Center → My requests → {number}.",
    },
    "ru": {
        "item_business_licence": "свидетельство о регистрации бизнеса",
        "item_legal_representative_id": "документ законного представителя",
        "item_bank_account_proof": "подтверждение банковского счёта",
        "item_inn": "ИНН",
        "kyc_ok": "{item}: проверено",
        "kyc_missing": "{item}: не загружено",
        "kyc_submitted": "{item}: загружено, ждёт проверки",
        "kyc_rejected": "{item}: отклонено",
        "fix_kyc_business_licence": "Загрузите скан свидетельства в разделе Настройки → "
        "Юридическая информация.",
        "fix_kyc_legal_representative_id": "Загрузите документ законного представителя в разделе "
        "Настройки → Юридическая информация.",
        "fix_kyc_bank_account_proof": "Загрузите справку или выписку банка о счёте в разделе "
        "Настройки → Юридическая информация.",
        "fix_kyc_inn": "Укажите ИНН из 10 цифр (организация) или 12 цифр (ИП) в разделе "
        "Настройки → Юридическая информация; он проверяется по контрольным цифрам.",
        "store_ok": "магазин активен",
        "store_not_active": "магазин в статусе {status}, а не «Активен»",
        "fix_store": "Завершите проверку, чтобы магазин стал активным; до тех пор пишите в "
        "обращениях.",
        "orders_ok": "действительных заказов за последние {days} дн.: {count}",
        "orders_none": "нет действительных заказов за последние {days} дн.",
        "fix_orders": "Чат откроется, когда у магазина будет оплаченный заказ за последние "
        "{days} дн.; пока пользуйтесь базой знаний и обращениями.",
        "status_open": "Открыто",
        "status_waiting_for_seller": "Ожидает вашего ответа",
        "status_on_hold": "Приостановлено",
        "status_resolved": "Решено",
        "status_closed": "Закрыто",
        "mail_subject": "[{number}] {status}: {title}",
        "mail_greeting": "Здравствуйте, {name}!",
        "mail_status": "Статус вашего обращения {number}: {status}.",
        "mail_missing": "Обращение возвращено: не хватает сведений. Добавьте следующее и "
        "ответьте в обращении:",
        "mail_queued": "Оно повторяет ваше открытое обращение {other}, поэтому поставлено в "
        "очередь за ним и будет рассмотрено после него (SUPPORT-6).",
        "mail_due": "Мы решим его до {due} (по Москве).",
        "mail_paused": "Срок решения остановлен до вашего ответа.",
        "mail_message": "Сообщение поддержки:",
        "mail_footer": "Ответить можно на портале: Центр помощи → Мои обращения → {number}.",
    },
}


def language_of(preferred: str | None, supported: tuple[str, ...]) -> str:
    """SUPPORT-10: the seller's language when support speaks it, else the first support language."""
    if preferred in supported and preferred in TEXTS:
        return preferred
    return next((lang for lang in supported if lang in TEXTS), "en")


def say(lang: str, key: str, **params: Any) -> str:
    """A text in `lang` (English when missing), with its parameters filled in."""
    table = TEXTS.get(lang, TEXTS["en"])
    template = table.get(key) or TEXTS["en"].get(key) or key
    return template.format(**params)
