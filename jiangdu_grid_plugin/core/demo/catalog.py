"""The district's lists for the demo: 63 units, the event responsibility list (987 items
in 5 categories) and the development zone's 190 enforcement powers.

The report gives the counts, not the lists. Unit names follow the district's department
structure after the 2019 reform; catalogue items and powers are composed from typical
subjects and problems so that every item is distinct and names a plausible unit.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .geography import TOWNS


class Unit(NamedTuple):
    code: str
    name: str
    short_name: str
    kind: str


_DEPARTMENTS = (
    ("区委政法委", "政法委", "department"),
    ("区大数据服务中心", "大数据中心", "platform"),
    ("区发展和改革委员会", "发改委", "department"),
    ("区教育局", "教育局", "department"),
    ("区科学技术局", "科技局", "department"),
    ("区工业和信息化局", "工信局", "department"),
    ("扬州市公安局江都分局", "公安分局", "department"),
    ("区民政局", "民政局", "department"),
    ("区司法局", "司法局", "department"),
    ("区财政局", "财政局", "department"),
    ("区人力资源和社会保障局", "人社局", "department"),
    ("扬州市自然资源和规划局江都分局", "自然资源分局", "department"),
    ("扬州市江都生态环境局", "生态环境局", "department"),
    ("区住房和城乡建设局", "住建局", "department"),
    ("区交通运输局", "交通局", "department"),
    ("区水利局", "水利局", "department"),
    ("区农业农村局", "农业农村局", "department"),
    ("区商务局", "商务局", "department"),
    ("区文化广电和旅游局", "文广旅局", "department"),
    ("区卫生健康委员会", "卫健委", "department"),
    ("区退役军人事务局", "退役军人局", "department"),
    ("区应急管理局", "应急局", "department"),
    ("区审计局", "审计局", "department"),
    ("区市场监督管理局", "市场监管局", "department"),
    ("区统计局", "统计局", "department"),
    ("区医疗保障局", "医保局", "department"),
    ("区城市管理局（区综合行政执法局）", "城管局", "department"),
    ("区行政审批局", "行政审批局", "department"),
    ("区信访局", "信访局", "department"),
    ("区消防救援大队", "消防大队", "department"),
    ("区人民防空办公室", "人防办", "department"),
    ("区供销合作总社", "供销总社", "department"),
    ("区机关事务管理局", "机关事务局", "department"),
    ("区城建控股集团", "城控集团", "enterprise"),
    ("国网扬州市江都区供电公司", "供电公司", "enterprise"),
    ("区自来水公司", "自来水公司", "enterprise"),
    ("江都港华燃气公司", "燃气公司", "enterprise"),
    ("中国电信江都分公司", "电信", "enterprise"),
    ("中国移动江都分公司", "移动", "enterprise"),
    ("中国联通江都分公司", "联通", "enterprise"),
    ("江苏有线江都分公司", "有线电视", "enterprise"),
    ("江都邮政分公司", "邮政", "enterprise"),
    ("区公共交通公司", "公交公司", "enterprise"),
    ("区环境卫生管理处", "环卫处", "department"),
    ("区园林绿化管理处", "园林处", "department"),
    ("区市政设施管理处", "市政处", "department"),
    ("区路灯管理所", "路灯所", "department"),
    ("国家税务总局江都区税务局", "税务局", "department"),
    ("江都经济开发区管委会", "开发区", "department"),
)
_LAST = (("区残疾人联合会", "残联", "department"),)

TOWN_UNIT_FIRST = len(_DEPARTMENTS) + 1  # 050: the town governments follow, in town order


def units() -> list[Unit]:
    entries = (
        list(_DEPARTMENTS)
        + [(f"{town.name}人民政府", town.name, "town") for town in TOWNS]
        + list(_LAST)
    )
    return [
        Unit(f"{i:03d}", name, short, kind)
        for i, (name, short, kind) in enumerate(entries, start=1)
    ]


def town_unit_code(town_index: int) -> str:
    return f"{TOWN_UNIT_FIRST + town_index:03d}"


class Category(NamedTuple):
    code: str
    name: str
    name_en: str
    items: int


CATEGORIES = (
    Category("01", "城市管理", "Urban management", 268),
    Category("02", "综合治理", "Social governance", 215),
    Category("03", "安全监管", "Safety supervision", 196),
    Category("04", "生态环境", "Ecology and environment", 158),
    Category("05", "民生服务", "Citizen services", 150),
)

# Per category: (subject, responsible unit code) and the problems that can occur.
_SUBJECTS = {
    "01": (
        [
            ("井盖", "046"),
            ("雨水箅子", "046"),
            ("路灯", "047"),
            ("景观灯", "047"),
            ("垃圾箱", "044"),
            ("公共厕所", "044"),
            ("户外广告", "027"),
            ("店招店牌", "027"),
            ("道路", "046"),
            ("人行道", "046"),
            ("绿化带", "045"),
            ("行道树", "045"),
            ("公交站亭", "043"),
            ("交通护栏", "046"),
            ("路名牌", "008"),
            ("窨井", "014"),
            ("河道护栏", "016"),
            ("宣传栏", "027"),
            ("报刊亭", "027"),
            ("城市雕塑", "019"),
        ],
        [
            "破损",
            "丢失",
            "缺失",
            "移位",
            "倾斜",
            "污损",
            "堵塞",
            "不亮",
            "占用",
            "乱张贴",
            "私自设置",
            "超期未拆除",
            "油漆剥落",
            "松动",
        ],
    ),
    "02": (
        [
            ("邻里", "009"),
            ("婚姻家庭", "009"),
            ("劳资", "011"),
            ("物业", "014"),
            ("土地承包", "017"),
            ("宅基地", "012"),
            ("拆迁安置", "014"),
            ("征地补偿", "012"),
            ("出租房屋", "007"),
            ("流动人口", "007"),
            ("特殊人群", "009"),
            ("校园周边", "004"),
            ("医患", "020"),
            ("消费", "024"),
            ("网络舆情", "007"),
            ("群体性上访", "029"),
            ("社区矫正", "009"),
            ("重点青少年", "004"),
        ],
        [
            "纠纷",
            "矛盾激化",
            "信息未登记",
            "隐患",
            "投诉",
            "聚集",
            "滋事",
            "欠薪",
            "诉求",
            "不稳定因素",
            "谣言传播",
            "越级上访苗头",
            "管理不到位",
        ],
    ),
    "03": (
        [
            ("燃气管道", "037"),
            ("液化气瓶", "022"),
            ("消防通道", "030"),
            ("消防设施", "030"),
            ("电动车充电", "030"),
            ("建筑工地", "014"),
            ("危化品企业", "022"),
            ("小作坊", "024"),
            ("食品摊点", "024"),
            ("特种设备", "024"),
            ("危房", "014"),
            ("地下管线", "014"),
            ("高空广告牌", "027"),
            ("电力线路", "035"),
            ("防汛设施", "016"),
            ("道路交通", "007"),
        ],
        [
            "安全隐患",
            "违规操作",
            "占用堵塞",
            "泄漏",
            "无证经营",
            "私拉乱接",
            "超期使用",
            "未落实防护",
            "倒塌风险",
            "坠落风险",
            "火灾隐患",
            "管理缺失",
            "未按规定存放",
        ],
    ),
    "04": (
        [
            ("河道", "016"),
            ("沟渠", "016"),
            ("企业排污", "013"),
            ("餐饮油烟", "013"),
            ("秸秆", "017"),
            ("建筑垃圾", "027"),
            ("生活垃圾", "044"),
            ("畜禽养殖", "017"),
            ("工地扬尘", "014"),
            ("噪声", "013"),
            ("黑臭水体", "013"),
            ("林木", "045"),
            ("耕地", "012"),
            ("砂石开采", "012"),
        ],
        [
            "污染",
            "违规焚烧",
            "乱倒乱排",
            "偷排",
            "超标排放",
            "漂浮物",
            "破坏",
            "非法占用",
            "未覆盖",
            "扰民",
            "异味",
            "堆放",
        ],
    ),
    "05": (
        [
            ("社会救助", "008"),
            ("养老服务", "008"),
            ("医疗保障", "026"),
            ("就业帮扶", "011"),
            ("残疾人服务", "063"),
            ("退役军人服务", "021"),
            ("供水", "036"),
            ("供电", "035"),
            ("供气", "037"),
            ("通信网络", "038"),
            ("有线电视", "041"),
            ("公交出行", "043"),
            ("价格", "024"),
            ("食品安全", "024"),
            ("教育服务", "004"),
        ],
        [
            "咨询",
            "求助",
            "投诉",
            "服务中断",
            "办理不畅",
            "政策落实",
            "收费争议",
            "质量问题",
            "建议",
            "故障报修",
            "信息更新",
        ],
    ),
}

_URGENT_PROBLEMS = (
    "泄漏",
    "火灾隐患",
    "倒塌风险",
    "坠落风险",
    "矛盾激化",
    "聚集",
    "服务中断",
    "丢失",
    "缺失",
)
_HAZARDOUS_SUBJECTS = ("井盖", "雨水箅子", "窨井", "燃气管道", "道路", "交通护栏", "河道护栏")

# Deadline options in hours, by how urgent an item's problem is.
_DEADLINES = (2, 4, 24, 48, 72, 120, 168, 360)


class CatalogItem(NamedTuple):
    code: str
    category_code: str
    name: str
    unit_code: str
    deadline_hours: int
    urgent: bool


def event_catalog(rng: np.random.Generator) -> list[CatalogItem]:
    items = []
    for category in CATEGORIES:
        subjects, problems = _SUBJECTS[category.code]
        combos = [(s, u, p) for s, u in subjects for p in problems]
        if len(combos) < category.items:
            raise ValueError(f"category {category.code} has only {len(combos)} combinations")
        chosen = sorted(rng.choice(len(combos), size=category.items, replace=False))
        for number, index in enumerate(chosen, start=1):
            subject, unit, problem = combos[index]
            urgent = problem in _URGENT_PROBLEMS or (
                subject in _HAZARDOUS_SUBJECTS and problem in ("破损", "移位", "松动", "堵塞")
            )
            deadline = int(rng.choice(_DEADLINES[:3] if urgent else _DEADLINES[2:]))
            items.append(
                CatalogItem(
                    f"{category.code}{number:03d}",
                    category.code,
                    f"{subject}{problem}",
                    unit,
                    deadline,
                    urgent,
                )
            )
    return items


class Power(NamedTuple):
    code: str
    kind: str
    name: str
    domain: str
    basis: str


_POWER_DOMAINS = (
    (
        "城市管理",
        "《城市市容和环境卫生管理条例》",
        [
            "擅自设置大型户外广告",
            "占道经营",
            "乱倒建筑垃圾",
            "擅自挖掘城市道路",
            "违法建设",
            "擅自占用城市绿地",
            "损毁环卫设施",
            "未按规定处置餐厨垃圾",
            "运输渣土车辆沿途撒漏",
            "擅自砍伐城市树木",
            "在城市道路上洗车",
            "店外经营",
            "露天焚烧垃圾",
            "未经批准设置临时建筑",
            "损坏市政设施",
            "擅自拆除环卫设施",
            "夜间施工噪声扰民",
            "随意张贴小广告",
        ],
    ),
    (
        "市场监管",
        "《中华人民共和国食品安全法》等",
        [
            "无证从事食品经营",
            "经营超过保质期食品",
            "未按规定公示营业执照",
            "销售不合格产品",
            "虚假宣传",
            "价格欺诈",
            "使用未经检验的特种设备",
            "计量器具作弊",
            "无照经营",
            "侵犯注册商标专用权",
            "生产经营病死畜禽",
            "未落实进货查验制度",
            "擅自改变经营场所",
            "不按规定明码标价",
            "销售假冒伪劣商品",
        ],
    ),
    (
        "生态环境",
        "《中华人民共和国环境保护法》等",
        [
            "超标排放大气污染物",
            "未批先建",
            "私设暗管排放污水",
            "未按规定贮存危险废物",
            "噪声超标排放",
            "擅自闲置污染防治设施",
            "未申领排污许可证排污",
            "扬尘污染防治措施不到位",
            "秸秆露天焚烧",
            "餐饮油烟未经处理排放",
            "篡改监测数据",
            "违法倾倒工业固废",
        ],
    ),
    (
        "安全生产",
        "《中华人民共和国安全生产法》",
        [
            "未建立安全生产责任制",
            "未对从业人员进行安全培训",
            "特种作业人员无证上岗",
            "未按规定设置安全警示标志",
            "危险作业未安排专人管理",
            "未及时排查治理事故隐患",
            "生产经营场所出口封闭",
            "违规储存危险化学品",
            "未配备应急救援器材",
            "关闭监测设备",
        ],
    ),
    (
        "自然资源",
        "《中华人民共和国土地管理法》",
        [
            "非法占用土地",
            "擅自改变土地用途",
            "非法转让土地",
            "破坏耕地",
            "非法采砂",
            "未经批准临时用地",
            "违法批准占用土地",
            "拒不履行土地复垦义务",
        ],
    ),
    (
        "住房建设",
        "《建设工程质量管理条例》等",
        [
            "未取得施工许可擅自施工",
            "违法分包转包",
            "未按规定办理竣工验收备案",
            "降低工程质量标准",
            "使用不合格建筑材料",
            "物业服务企业违规",
            "擅自改变房屋承重结构",
            "房地产中介违规",
        ],
    ),
    (
        "交通运输",
        "《中华人民共和国道路运输条例》",
        [
            "非法营运",
            "超限运输",
            "擅自占用公路",
            "未按规定维护车辆",
            "客运车辆擅自站外揽客",
            "驾校违规培训",
        ],
    ),
    (
        "水利",
        "《中华人民共和国水法》",
        [
            "擅自取水",
            "河道内违法建设",
            "在堤防保护范围内取土",
            "妨碍行洪",
            "擅自填堵河道",
        ],
    ),
    (
        "农业农村",
        "《中华人民共和国农产品质量安全法》等",
        [
            "销售假劣农药",
            "违规使用禁用农药",
            "生产经营假劣种子",
            "违法捕捞",
            "动物防疫违规",
        ],
    ),
    (
        "文化旅游",
        "《娱乐场所管理条例》等",
        [
            "无证经营娱乐场所",
            "违规接纳未成年人",
            "擅自举办营业性演出",
            "旅行社违规经营",
        ],
    ),
)

_PENALTY_FORMS = ("的处罚", "的行政处罚", "行为的处罚")
_COERCIVE_FORMS = (
    "查封场所、设施或财物",
    "扣押财物",
    "责令停止施工并暂扣工具",
    "强制拆除",
    "暂扣许可证件",
    "冻结存款汇款",
    "代履行",
)


def enforcement_powers(
    rng: np.random.Generator, penalties: int = 162, coercive: int = 28
) -> list[Power]:
    offences = [
        (domain, basis, offence) for domain, basis, items in _POWER_DOMAINS for offence in items
    ]
    chosen = sorted(rng.choice(len(offences) * len(_PENALTY_FORMS), size=penalties, replace=False))
    powers = []
    seen = set()
    for number, index in enumerate(chosen, start=1):
        domain, basis, offence = offences[index % len(offences)]
        name = f"对{offence}{_PENALTY_FORMS[index // len(offences)]}"
        if name in seen:
            raise ValueError(f"duplicate power {name}")
        seen.add(name)
        powers.append(Power(f"CF{number:03d}", "penalty", name, domain, basis))
    combos = [
        (domain, basis, form, offence)
        for domain, basis, items in _POWER_DOMAINS
        for offence in items[:4]
        for form in _COERCIVE_FORMS
    ]
    for number, index in enumerate(
        sorted(rng.choice(len(combos), size=coercive, replace=False)), start=1
    ):
        domain, basis, form, offence = combos[index]
        powers.append(
            Power(f"QZ{number:03d}", "coercive", f"对涉嫌{offence}的{form}", domain, basis)
        )
    return powers
