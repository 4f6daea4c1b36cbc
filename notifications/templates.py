"""The member emails' words, in English and Russian: a subject and a plain-text body per kind, filled from the
notice's data. A locale other than these falls back to English."""

from typing import Any

FOOTER = {
    "en": "\n\nYou get these emails as a member of the program. Stop this kind of email: {unsubscribe}\n",
    "ru": "\n\nВы получаете эти письма как участник программы. Отписаться от писем этого вида: {unsubscribe}\n",
}
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "points.earned": ("You earned {points} points", "You earned {points} points. Your balance is {balance}."),
        "points.expiring": (
            "{points} points expire soon",
            "{points} of your points expire on {expires_on}. Use them before then.",
        ),
        "level.changed": ("You reached {level}", "Congratulations: you reached the {level} level."),
        "badge.awarded": ("New badge: {name}", "You were awarded the badge {name}."),
        "payout.confirmed": (
            "Your payout is confirmed",
            "Your payout of {points} points ({token_amount} on {chain}) is confirmed on chain.",
        ),
        "announcement": ("{title}", "{body}"),
    },
    "ru": {
        "points.earned": ("Вам начислено {points} баллов", "Вам начислено {points} баллов. Ваш баланс: {balance}."),
        "points.expiring": (
            "Скоро сгорят {points} баллов",
            "{points} ваших баллов сгорят {expires_on}. Успейте их потратить.",
        ),
        "level.changed": ("Новый уровень: {level}", "Поздравляем: вы достигли уровня {level}."),
        "badge.awarded": ("Новый значок: {name}", "Вы получили значок «{name}»."),
        "payout.confirmed": (
            "Выплата подтверждена",
            "Ваша выплата {points} баллов ({token_amount} в сети {chain}) подтверждена.",
        ),
        "announcement": ("{title}", "{body}"),
    },
}
KINDS = frozenset(TEMPLATES["en"])


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"


def compose(kind: str, locale: str | None, data: dict[str, Any], unsubscribe: str) -> tuple[str, str]:
    """The subject and body of one email; a field the notice lacks shows as a dash rather than failing."""
    language = (locale or "en").split("-")[0]
    language = language if language in TEMPLATES else "en"
    subject, body = TEMPLATES[language][kind]
    values = _Blank(data)
    footer = FOOTER[language].format(unsubscribe=unsubscribe)
    return subject.format_map(values), body.format_map(values) + footer
