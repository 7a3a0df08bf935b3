"""What the intake says, in English and Chinese."""

from __future__ import annotations

from ..store.intake_rules import MESSAGES as STORE_MESSAGES
from ..text import Text

TEXTS = {
    # Photos
    "photo_type": Text("{file}: not a JPEG or PNG image", "{file}：不是JPEG或PNG图片"),
    "photo_size": Text(
        "{file}: {size:,} bytes, more than the {limit:,} bytes a photo may have",
        "{file}：{size:,}字节，超过照片上限{limit:,}字节",
    ),
    "photo_missing": Text(
        "{file}: no such file in the package's folder", "{file}：外业包文件夹中没有此文件"
    ),
    "photo_far": Text(
        "photo {file} was taken {distance:,.0f} m from the report's point",
        "照片{file}的拍摄位置距上报点{distance:,.0f}米",
    ),
    # Duplicates
    "not_marked": Text(
        "incident {ticket} is not marked as a possible duplicate",
        "事件 {ticket} 未被标记为疑似重复",
    ),
    "command_centre_only": Text(
        "only the command centre confirms or clears a possible duplicate",
        "只有指挥中心可以确认或清除疑似重复",
    ),
    "changed": Text(
        "incident {ticket} was changed by someone else since you opened it (now {step}, "
        "version {now}; you had version {had}): reload it and try again",
        "事件 {ticket} 在您打开后已被他人更改（现为“{step}”，第 {now} 版；您看到的是第 {had} 版）："
        "请刷新后重试",
    ),
    "merged_note": Text("duplicate report, merged into {ticket}", "重复上报，并入事件 {ticket}"),
    # The field package
    "no_officer": Text("{store} has no officer {fid}", "{store}中没有编号为{fid}的网格人员"),
    "no_scope": Text(
        "officer {name} ({code}) serves no grid on {day}: there is nothing to package",
        "网格人员{name}（{code}）在{day}没有负责的网格，无法生成外业包",
    ),
    "no_folder": Text("{folder} is a file, not a folder", "{folder}是文件而不是文件夹"),
    # The import
    "not_a_package": Text(
        "{path} is not a field package of a Jiangdu grid store ({reason})",
        "{path}不是江都网格库的外业包（{reason}）",
    ),
    "other_store": Text(
        "{path} was made for officer {code} ({name}), who is not officer {fid} of this store",
        "{path}是为网格人员{code}（{name}）生成的，与本库第{fid}号人员不符",
    ),
    "row": Text("Row {fid}: ", "第{fid}行："),
    "imported": Text(
        "imported as {ticket}, grid {grid} ({rule})", "已导入为{ticket}，网格{grid}（{rule}）"
    ),
    "duplicate": Text("; possible duplicate of {ticket}", "；疑似与{ticket}重复"),
    "photos": Text("; photos: {count}", "；照片{count}张"),
    "already": Text("imported before as {ticket}", "此前已导入为{ticket}"),
    "handled": Text(
        "处理反馈 recorded: {ticket} is now handled", "已记录处理反馈：{ticket}转为处理反馈环节"
    ),
    "handled_before": Text(
        "this 处理反馈 of {ticket} was imported before", "{ticket}的此条处理反馈此前已导入"
    ),
    "conflict": Text(
        "{ticket} was changed in the office since the package was made (now {step}, "
        "version {now}; the package had version {had}): the feedback was not applied",
        "{ticket}在外业包生成后已在办公室变更（现为“{step}”，第{now}版；外业包为第{had}版）："
        "未写入此条反馈",
    ),
    "gone": Text(
        "incident {fid} of the package is no longer in the store", "外业包中的事件{fid}已不在库中"
    ),
    "held_back": Text(
        "not imported: other rows of the package were refused (all or nothing)",
        "未导入：外业包中有被拒绝的行（全部导入或全部不导入）",
    ),
    "photos_only": Text("photos added to {ticket}: {count}", "为{ticket}添加照片{count}张"),
}


def text(key: str, **values) -> Text:
    """The intake's sentence `key` (or the store's refusal of that name), filled in."""
    found = TEXTS.get(key) or STORE_MESSAGES[key]
    return found.format(**values) if values else found
