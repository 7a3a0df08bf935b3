"""Grid governance of Jiangdu District (江都区网格化社会治理) for QGIS."""


def classFactory(iface):
    from .plugin import JiangduGridPlugin

    return JiangduGridPlugin(iface)
