"""What the DISPUTE-3/DISPUTE-4 checklist says to the seller, in the portal's languages."""

from __future__ import annotations

LANGUAGES = ("en", "ru", "zh")

# key -> language -> (message, how to fix). An ok outcome has nothing to fix.
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "slot_filled.ok": {
        "en": ("{slot}: provided ({files}).", ""),
        "ru": ("{slot}: загружено ({files}).", ""),
        "zh": ("{slot}:已提供({files})。", ""),
    },
    "slot_filled.missing": {
        "en": ("{slot}: missing; this dispute type needs it.", "Upload {hint}."),
        "ru": ("{slot}: не загружено; для этого типа спора это обязательно.", "Загрузите {hint}."),
        "zh": ("{slot}:缺失,此类争议必须提供。", "请上传{hint}。"),
    },
    "slot_filled.failing": {
        "en": (
            "{slot}: provided ({files}), but no file in it passes the checks below.",
            "Fix what is listed below for {files}, or upload {hint} instead.",
        ),
        "ru": (
            "{slot}: загружено ({files}), но ни один файл не прошёл проверки ниже.",
            "Исправьте замечания к {files} ниже или загрузите вместо этого {hint}.",
        ),
        "zh": (
            "{slot}:已上传({files}),但没有文件通过下列检查。",
            "请按下方对 {files} 的提示修正,或改为上传{hint}。",
        ),
    },
    "sku_covered.ok": {
        "en": ("SKU {sku}: covered by {files}.", ""),
        "ru": ("Артикул {sku}: есть в {files}.", ""),
        "zh": ("SKU {sku}:已由 {files} 覆盖。", ""),
    },
    "sku_covered.missing": {
        "en": (
            "SKU {sku}: no file shows it; the platform treats it as unsupported.",
            "Add a photo or document showing SKU {sku}, or mark the file that covers it.",
        ),
        "ru": (
            "Артикул {sku}: ни один файл его не показывает; платформа сочтёт его неподтверждённым.",
            "Добавьте фото или документ с артикулом {sku}"
            " или отметьте файл, который к нему относится.",
        ),
        "zh": (
            "SKU {sku}:没有任何文件涉及,平台将视为无证据支撑。",
            "请补充显示 SKU {sku} 的照片或文件,或标注对应的文件。",
        ),
    },
    "order_number.ok": {
        "en": ("Order number {order} is visible.", ""),
        "ru": ("Номер заказа {order} виден.", ""),
        "zh": ("订单号 {order} 清晰可见。", ""),
    },
    "order_number.missing": {
        "en": (
            "Order number {order} is not visible in the file, so it cannot be linked to the order.",
            "Upload a version that shows the order or posting number {order}.",
        ),
        "ru": (
            "В файле не виден номер заказа {order}, его нельзя связать с заказом.",
            "Загрузите версию, где виден номер заказа или отправления {order}.",
        ),
        "zh": (
            "文件中看不到订单号 {order},无法关联订单。",
            "请上传能看到订单号或货件号 {order} 的版本。",
        ),
    },
    "order_label.ok": {
        "en": ("The label with order number {order} can be read on the photo.", ""),
        "ru": ("На фото читается этикетка с номером заказа {order}.", ""),
        "zh": ("照片上可识别订单号标签 {order}。", ""),
    },
    "order_label.missing": {
        "en": (
            "No label with order number {order} can be read on the photo.",
            "Photograph the product with a label showing {order}, close enough to read the number.",
        ),
        "ru": (
            "На фото не читается этикетка с номером заказа {order}.",
            "Сфотографируйте товар с этикеткой с номером {order} так, чтобы номер читался.",
        ),
        "zh": (
            "照片上无法识别订单号标签 {order}。",
            "请拍摄贴有订单号 {order} 标签的商品,确保号码清晰可读。",
        ),
    },
    "timestamp.ok": {
        "en": ("Date found: {found}.", ""),
        "ru": ("Найдена дата: {found}.", ""),
        "zh": ("已识别日期:{found}。", ""),
    },
    "timestamp.missing": {
        "en": (
            "No date or time can be found in the file.",
            "Use a version that shows when each event happened, e.g. the full tracking history.",
        ),
        "ru": (
            "В файле не найдены дата и время.",
            "Загрузите версию, где видны дата и время событий,"
            " например полную историю отслеживания.",
        ),
        "zh": ("文件中找不到日期或时间。", "请上传显示事件日期和时间的版本,例如完整物流轨迹。"),
    },
    "recipient.ok": {
        "en": ("The recipient's name is not masked.", ""),
        "ru": ("Имя получателя не скрыто.", ""),
        "zh": ("收件人姓名未被遮挡。", ""),
    },
    "recipient.masked": {
        "en": (
            "The recipient's name is masked ({found}); masked documents are rejected.",
            "Upload the original document with the recipient's name in full.",
        ),
        "ru": (
            "Имя получателя скрыто ({found}); такие документы отклоняются.",
            "Загрузите оригинал документа с полным именем получателя.",
        ),
        "zh": (
            "收件人姓名被遮挡({found}),此类文件会被驳回。",
            "请上传显示收件人完整姓名的原始文件。",
        ),
    },
    "language.ok": {
        "en": ("The document is in Russian or English.", ""),
        "ru": ("Документ на русском или английском языке.", ""),
        "zh": ("文件为俄语或英语。", ""),
    },
    "language.translated": {
        "en": ("The document is in another language; translation attached: {files}.", ""),
        "ru": ("Документ на другом языке; приложен перевод: {files}.", ""),
        "zh": ("文件为其他语言,已附译文:{files}。", ""),
    },
    "language.foreign": {
        "en": (
            "The document is not in Russian or English ({share} of its letters are in another"
            " script) and no translation is attached.",
            "Attach a Russian or English translation and link it to this file.",
        ),
        "ru": (
            "Документ не на русском или английском ({share} букв другой письменности),"
            " перевод не приложен.",
            "Приложите перевод на русский или английский и свяжите его с этим файлом.",
        ),
        "zh": (
            "文件不是俄语或英语(其他文字占 {share}),且未附译文。",
            "请附上俄语或英语译文,并关联到此文件。",
        ),
    },
    "language.unreadable": {
        "en": (
            "No readable text was found, so the document cannot be checked.",
            "Upload a sharper scan or screenshot, or a PDF with a text layer.",
        ),
        "ru": (
            "Читаемый текст не найден, документ проверить нельзя.",
            "Загрузите более чёткий скан или скриншот либо PDF с текстовым слоем.",
        ),
        "zh": ("未识别到可读文字,无法核验文件。", "请上传更清晰的扫描件或截图,或带文字层的 PDF。"),
    },
    "source.ok": {
        "en": ("Source accepted: {source}.", ""),
        "ru": ("Источник принят: {source}.", ""),
        "zh": ("来源有效:{source}。", ""),
    },
    "source.courier": {
        "en": ("A courier's statement is not evidence.", "Replace it with: {accepted}."),
        "ru": ("Слова курьера не являются доказательством.", "Замените на: {accepted}."),
        "zh": ("快递员的口头证明不是有效证据。", "请改用:{accepted}。"),
    },
    "source.wrong": {
        "en": ("{source} is not an accepted source for {slot}.", "Replace it with: {accepted}."),
        "ru": ("{source}: неприемлемый источник для «{slot}».", "Замените на: {accepted}."),
        "zh": ("{source} 不是「{slot}」的有效来源。", "请改用:{accepted}。"),
    },
    "translation.ok": {
        "en": ("Translation of {original} into Russian or English.", ""),
        "ru": ("Перевод файла {original} на русский или английский.", ""),
        "zh": ("{original} 的俄语或英语译文。", ""),
    },
    "translation.orphan": {
        "en": (
            "This translation is linked to a file that is not in the appeal.",
            "Attach the original document as well, or remove the link.",
        ),
        "ru": (
            "Перевод привязан к файлу, которого нет в апелляции.",
            "Приложите и оригинал документа или уберите привязку.",
        ),
        "zh": ("该译文关联的原文件不在本次申诉中。", "请同时上传原文件,或取消关联。"),
    },
    "translation.foreign": {
        "en": (
            "The translation of {original} is not in Russian or English.",
            "Translate the document into Russian or English.",
        ),
        "ru": (
            "Перевод файла {original} не на русском или английском.",
            "Переведите документ на русский или английский.",
        ),
        "zh": ("{original} 的译文不是俄语或英语。", "请将文件翻译为俄语或英语。"),
    },
}

SLOT_LABELS: dict[str, dict[str, str]] = {
    "tracking_page": {
        "en": "Carrier tracking page",
        "ru": "Страница отслеживания перевозчика",
        "zh": "承运商物流轨迹页面",
    },
    "proof_of_delivery": {
        "en": "Proof of delivery",
        "ru": "Подтверждение вручения",
        "zh": "签收证明",
    },
    "packing_list": {"en": "Packing list", "ru": "Упаковочный лист", "zh": "装箱单"},
    "customs_release": {
        "en": "Customs release",
        "ru": "Документ о выпуске таможней",
        "zh": "海关放行单",
    },
    "carrier_letter": {"en": "Carrier letter", "ru": "Письмо перевозчика", "zh": "物流商书面说明"},
    "refusal_notice": {
        "en": "Warehouse refusal notice",
        "ru": "Уведомление об отказе склада",
        "zh": "退货仓拒收通知",
    },
    "product_photos_with_label": {
        "en": "Product photos with the order-number label",
        "ru": "Фото товара с этикеткой номера заказа",
        "zh": "带订单号标签的商品照片",
    },
    "packing_photos": {"en": "Packing photos", "ru": "Фото процесса упаковки", "zh": "打包照片"},
    "product_photos": {"en": "Product photos", "ru": "Фото товара", "zh": "商品照片"},
    "packaging_photos": {"en": "Packaging photos", "ru": "Фото упаковки", "zh": "外包装照片"},
}

# What to upload for a slot: the object of "Upload ...".
SLOT_HINTS: dict[str, dict[str, str]] = {
    "tracking_page": {
        "en": "a screenshot of the carrier website's tracking page"
        " with the order number and event times",
        "ru": "скриншот страницы отслеживания на сайте перевозчика"
        " с номером заказа и временем событий",
        "zh": "承运商官网物流轨迹截图(含订单号和各节点时间)",
    },
    "proof_of_delivery": {
        "en": "the proof of delivery showing the recipient's name, the address and the time",
        "ru": "подтверждение вручения с именем получателя, адресом и временем",
        "zh": "签收证明(清晰显示收件人姓名、地址和时间)",
    },
    "packing_list": {
        "en": "the packing list of this order with the order number and date",
        "ru": "упаковочный лист заказа с номером заказа и датой",
        "zh": "该订单的装箱单(含订单号和日期)",
    },
    "customs_release": {
        "en": "the customs release document with the order number and date",
        "ru": "документ о выпуске таможней с номером заказа и датой",
        "zh": "海关放行单(含订单号和日期)",
    },
    "carrier_letter": {
        "en": "the carrier's letter explaining the delay, with the order number and date",
        "ru": "письмо перевозчика с объяснением задержки, номером заказа и датой",
        "zh": "物流商关于延误的书面说明(含订单号和日期)",
    },
    "refusal_notice": {
        "en": "the refusal notice from platform logistics support",
        "ru": "уведомление об отказе от службы логистики платформы",
        "zh": "从平台物流支持获取的拒收凭证",
    },
    "product_photos_with_label": {
        "en": "photos of the product with a label showing the order number",
        "ru": "фото товара с этикеткой, на которой виден номер заказа",
        "zh": "贴有订单号标签的商品实拍图",
    },
    "packing_photos": {
        "en": "photos taken while packing the order",
        "ru": "фото, сделанные при упаковке заказа",
        "zh": "打包过程照片",
    },
    "product_photos": {"en": "photos of the product", "ru": "фото товара", "zh": "商品实拍图"},
    "packaging_photos": {
        "en": "photos of the outer packaging",
        "ru": "фото внешней упаковки",
        "zh": "外包装照片",
    },
}

SOURCE_LABELS: dict[str, dict[str, str]] = {
    "carrier_website": {"en": "carrier website", "ru": "сайт перевозчика", "zh": "承运商官网"},
    "carrier_letter": {"en": "carrier letter", "ru": "письмо перевозчика", "zh": "物流商书面函"},
    "notarised": {
        "en": "notarised document",
        "ru": "нотариально заверенный документ",
        "zh": "公证文件",
    },
    "platform_logistics": {
        "en": "platform logistics support",
        "ru": "служба логистики платформы",
        "zh": "平台物流支持",
    },
    "seller_photo": {"en": "seller's photo", "ru": "фото продавца", "zh": "卖家照片"},
    "courier_statement": {
        "en": "courier's statement",
        "ru": "слова курьера",
        "zh": "快递员口头证明",
    },
    "other": {"en": "other", "ru": "другое", "zh": "其他"},
}


def say(key: str, lang: str, **params: str) -> tuple[str, str]:
    """(message, how to fix) for a checklist outcome, filled in."""
    message, fix = MESSAGES[key][lang]
    return message.format(**params), fix.format(**params)
