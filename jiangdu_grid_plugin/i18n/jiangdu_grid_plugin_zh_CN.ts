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
        <location filename="../plugin.py" line="65" />
        <source>&amp;Jiangdu Grid</source>
        <translation>江都网格（&amp;J）</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="68" />
        <source>Jiangdu Grid Toolbar</source>
        <translation>江都网格工具栏</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="72" />
        <source>Create Grid Store…</source>
        <translation>创建网格库…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="90" />
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="78" />
        <source>Route at a Point</source>
        <translation>点选定位派遣</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="82" />
        <source>Route Incidents…</source>
        <translation>事件批量定位派遣…</translation>
    </message>
</context>
<context>
    <name>JiangduGridProvider</name>
    <message>
        <location filename="../processing/provider.py" line="21" />
        <source>Jiangdu grid governance</source>
        <translation>江都区网格化社会治理</translation>
    </message>
</context>
<context>
    <name>Requirements</name>
    <message>
        <location filename="../toolbelt/requirements.py" line="19" />
        <source>{name} is not installed</source>
        <translation>未安装 {name}</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="25" />
        <source>{name} {version} is too old (needs {minimum} or later)</source>
        <translation>{name} {version} 版本过旧（需要 {minimum} 或更高版本）</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="43" />
        <source>{problems}. Install with: {command}</source>
        <translation>{problems}。安装命令：{command}</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="10" />
        <source>{name} {version} brings its own {library} ({file}), which can crash QGIS next to the {library} QGIS uses</source>
        <translation>{name} {version} 自带 {library}（{file}），与 QGIS 使用的 {library} 同时加载可能导致 QGIS 崩溃</translation>
    </message>
</context>
<context>
    <name>RouteIncidentsAlgorithm</name>
    <message>
        <location filename="../processing/route_incidents.py" line="79" />
        <source>Route incidents to grids</source>
        <translation>事件定位派遣到网格</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="82" />
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="88" />
        <source>Finds for every point the grid it lies in, the grid officers on duty at the incident's time (or the community's grid leader when the grid has none), the leader chain from grid to district, the instructor, and, from the catalogue item, the responsible unit and the deadline.

Rules: a point inside a grid goes to that grid; a point on a boundary shared by several grids goes to the one with the lowest code; a point outside every grid but within the tolerance goes to the nearest grid; farther points are unroutable and go to the district command centre's queue. Every input feature comes out once: features without a usable point are kept with the rule 'invalid' and the reason. Phone numbers are masked.</source>
        <translation>为每个点找到其所在网格、事件发生时在岗的网格员（网格员空缺时由村（社区）网格长兜底）、从网格到区的网格长链条、指导员，以及按事项清单确定的责任单位和处置时限。

规则：点在网格内则归入该网格；点在多个网格的共同边界上则归入编码最小的网格；点不在任何网格内但在容差范围内则归入最近网格；更远的点无法定位，转区指挥中心待办。每个输入要素都会输出且只输出一次：没有可用点位的要素以“invalid”规则连同原因保留。电话号码脱敏显示。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="102" />
        <source>Incidents (points, any CRS)</source>
        <translation>事件（点图层，任意坐标系）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="109" />
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="116" />
        <source>Catalogue item field (event catalogue code)</source>
        <translation>事项字段（事件责任清单代码）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="124" />
        <source>Time field (date/time; empty means now)</source>
        <translation>时间字段（日期时间；为空表示当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="132" />
        <source>Tolerance outside the grids (metres)</source>
        <translation>网格外容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="141" />
        <source>Routed incidents</source>
        <translation>已定位派遣的事件</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="154" />
        <source>The input layer has no coordinate reference system: set it in the layer's properties (Source) and run again.</source>
        <translation>输入图层没有坐标参考系：请在图层属性（源）中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="179" />
        <source>The input layer has no features: nothing to route.</source>
        <translation>输入图层没有要素，无需定位。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="206" />
        <source>Routing {count} features with {store}</source>
        <translation>正在用 {store} 定位 {count} 个要素</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="219" />
        <source>The catalogue item {code} is not in the store's event catalogue: no unit or deadline.</source>
        <translation>事项 {code} 不在网格库的事件责任清单中：无法确定责任单位和时限。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="231" />
        <source>{rule}: {count}</source>
        <translation>{rule}：{count}</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="243" />
        <source>Feature {id} has no geometry.</source>
        <translation>要素 {id} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="245" />
        <source>Feature {id} has an empty geometry.</source>
        <translation>要素 {id} 的几何为空。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="247" />
        <source>Feature {id} is not a point.</source>
        <translation>要素 {id} 不是点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="251" />
        <source>Feature {id} is a multipoint of {count} points: split it into single points first.</source>
        <translation>要素 {id} 是包含 {count} 个点的多点：请先拆分为单点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="259" />
        <source>Feature {id} has coordinates that are not finite numbers.</source>
        <translation>要素 {id} 的坐标不是有限数值。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="269" />
        <source>Feature {id} cannot be transformed to EPSG:4549.</source>
        <translation>要素 {id} 无法转换到 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="283" />
        <source>Feature {id}: the time is not valid.</source>
        <translation>要素 {id}：时间无效。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="297" />
        <source>Feature {id}: the time {value} is not a date and time (use 2019-11-25 08:30).</source>
        <translation>要素 {id}：时间 {value} 不是日期时间（格式如 2019-11-25 08:30）。</translation>
    </message>
</context>
<context>
    <name>RouteMapTool</name>
    <message>
        <location filename="../gui/route_tool.py" line="44" />
        <source>Choose a grid store in the panel first.</source>
        <translation>请先在面板中选择网格库。</translation>
    </message>
    <message>
        <location filename="../gui/route_tool.py" line="56" />
        <source>This place cannot be expressed in EPSG:4549.</source>
        <translation>该位置无法转换到 EPSG:4549。</translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message>
        <location filename="../gui/route_panel.ui" line="19" />
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="26" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="33" />
        <source>Catalogue item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="52" />
        <source>Click on the map with the routing tool to see which grid, officers and unit answer for a place.</source>
        <translation>使用定位派遣工具在地图上点击，查看该位置所属网格、责任人员和责任单位。</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="26" />
        <source>Grid Routing</source>
        <translation>网格定位派遣</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="31" />
        <source>Choose a grid store</source>
        <translation>选择网格库</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="47" />
        <source>(no item: location and people only)</source>
        <translation>（不指定事项：仅定位网格和人员）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="65" />
        <source>{path} is not a grid store.</source>
        <translation>{path} 不是网格库。</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="87" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="88" />
        <source>Community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="89" />
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="92" />
        <source>Grid officers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="94" />
        <source>Answers instead (community)</source>
        <translation>兜底责任人（村/社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="95" />
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="95" />
        <source>Community grid leader</source>
        <translation>村（社区）网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="95" />
        <source>Town grid leaders</source>
        <translation>镇级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="95" />
        <source>District grid leaders</source>
        <translation>区级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="104" />
        <source>Instructor</source>
        <translation>指导员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="106" />
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="109" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="109" />
        <source>{hours} hours</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="115" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
</context>
</TS>
