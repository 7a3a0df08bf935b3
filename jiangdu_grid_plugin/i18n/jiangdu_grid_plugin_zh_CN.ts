<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CreateStoreAlgorithm</name>
    <message>
        <location filename="../processing/create_store.py" line="22" />
        <source>Create grid store</source>
        <translation>创建网格库</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="25" />
        <source>Store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="31" />
        <source>Creates an empty grid store: a GeoPackage with the towns, communities, grids, facilities, officers, incidents and enforcement layers and tables, the workflow steps and facility classes, and a default style for every layer. An existing file is replaced only when Overwrite is checked.</source>
        <translation>创建一个空的网格库：包含镇、村（社区）、网格、城市部件、网格人员、事件和执法图层与数据表、流转环节和部件分类,以及每个图层的默认样式的 GeoPackage 文件。仅在勾选“覆盖”时替换已有文件。</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="39" />
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="39" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="44" />
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="60" />
        <source>Created {path}</source>
        <translation>已创建 {path}</translation>
    </message>
</context>
<context>
    <name>JiangduGridPlugin</name>
    <message>
        <location filename="../plugin.py" line="62" />
        <source>&amp;Jiangdu Grid</source>
        <translation>江都网格（&amp;J）</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="65" />
        <source>Jiangdu Grid Toolbar</source>
        <translation>江都网格工具栏</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="69" />
        <source>Create Grid Store…</source>
        <translation>创建网格库…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="76" />
        <source>Help</source>
        <translation>帮助</translation>
    </message>
</context>
<context>
    <name>JiangduGridProvider</name>
    <message>
        <location filename="../processing/provider.py" line="20" />
        <source>Jiangdu grid governance</source>
        <translation>江都区网格化社会治理</translation>
    </message>
</context>
<context>
    <name>Requirements</name>
    <message>
        <location filename="../toolbelt/requirements.py" line="16" />
        <source>{name} is not installed</source>
        <translation>未安装 {name}</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="22" />
        <source>{name} {version} is too old (needs {minimum} or later)</source>
        <translation>{name} {version} 版本过旧（需要 {minimum} 或更高版本）</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="31" />
        <source>{problems}. Install with: {command}</source>
        <translation>{problems}。安装命令：{command}</translation>
    </message>
</context>
</TS>
