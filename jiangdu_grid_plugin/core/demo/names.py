"""Plausible Chinese names and phone numbers for the demo, none of them real.

Phone numbers start with 140: no Chinese mobile network issues 11-digit 140 numbers to
people (the 140-144 blocks are for machine-to-machine cards, with 13 digits), so demo
numbers reach no one.
"""

from __future__ import annotations

import numpy as np

# Common surnames with rough relative frequencies (the most common first).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
_SURNAME_WEIGHTS = 1.0 / (np.arange(len(_SURNAMES)) + 8.0)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌波宇浩凯健俊峰亮"
    "志新海鹏辉晨雪梅琳燕云飞晓春林荣宏德庆东明宁安成永祥福生金龙凤玲婷倩颖欣怡佳慧"
)

_PLACE_FIRST = (
    "仙龙凤华兴和永长江河湖桥塘庄港园林丰乐福宁盛泰嘉民联红星友团前后东西南北新大小三双高"
    "金银宝春秋明光荣富昌吉祥瑞"
)
_PLACE_SECOND = "城园湾桥塘庄圩港河湖坝沟墩集店营渡闸墅岭亭苑浦滨溪坊庙垛舍沙塘荡口"


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    surnames = rng.choice(list(_SURNAMES), size=count, p=_SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum())
    lengths = rng.choice([1, 2], size=count, p=[0.3, 0.7])
    given = list(_GIVEN)
    return [
        surname + "".join(rng.choice(given, size=length))
        for surname, length in zip(surnames, lengths)
    ]


def phone_numbers(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct 11-digit numbers in the unassigned 140 block."""
    numbers = rng.choice(100_000_000, size=count, replace=False)
    return [f"140{number:08d}" for number in numbers]


def place_names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct two-character place names (the stem of a village or community name)."""
    pool = [a + b for a in _PLACE_FIRST for b in _PLACE_SECOND if a != b]
    if count > len(pool):
        raise ValueError(f"only {len(pool)} place names available, {count} asked")
    return [pool[i] for i in rng.choice(len(pool), size=count, replace=False)]
