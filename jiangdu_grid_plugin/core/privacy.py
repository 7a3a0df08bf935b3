"""Masking of personal information (个人信息) for display and export.

Officers' and reporters' phone numbers and names are personal information under China's
Personal Information Protection Law: they are shown and exported masked unless the user's
role needs them in full.
"""

from __future__ import annotations


def mask_phone(phone: str | None) -> str | None:
    """138****5678: keep the first three and last four digits."""
    if phone is None:
        return None
    text = phone.strip()
    if len(text) < 8:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_name(name: str | None) -> str | None:
    """张*, 张*明: keep the surname and, for names of three or more characters, the last."""
    if name is None:
        return None
    text = name.strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]
