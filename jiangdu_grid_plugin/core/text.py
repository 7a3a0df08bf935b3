"""What the core says to a user, in English and Chinese (the plugin's two languages).

`Text` is one sentence in both languages; `UserError` is an exception carrying one, so
that a refusal raised deep in the core reaches a Chinese user in Chinese, whichever
layer (the toolbox, `qgis_process`, the message bar) finally shows it. `language_of`
turns a locale into the language code the core takes ("en" or "zh").
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


def language_of(locale: str | None) -> str:
    """The core's language for a locale: "zh" for any Chinese one (zh_CN, zh-Hans...), else "en"."""
    return "zh" if (locale or "").strip().lower().startswith("zh") else "en"


@dataclass(frozen=True)
class Text:
    """A sentence in English and Chinese. `str()` gives the English (logs, tracebacks)."""

    en: str
    zh: str

    def __call__(self, language: str = "en") -> str:
        return self.zh if language == "zh" else self.en

    def format(self, **values) -> Text:
        """Both sentences with `values` filled in ({name} fields)."""
        return Text(self.en.format(**values), self.zh.format(**values))

    def __add__(self, other: Text) -> Text:
        return Text(self.en + other.en, self.zh + other.zh)

    def __str__(self) -> str:
        return self.en


class UserError(Exception):
    """An error the user can put right, said in their language: `error.text("zh")`.

    `str(error)` is the English sentence, so code that only logs keeps working."""

    def __init__(self, message: Text | str):
        if isinstance(message, str):
            message = Text(message, message)
        super().__init__(message.en)
        self.message = message

    def text(self, language: str = "en") -> str:
        return self.message(language)
