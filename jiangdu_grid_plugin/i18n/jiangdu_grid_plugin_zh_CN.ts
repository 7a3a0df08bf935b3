<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConvertChineseCoordinatesAlgorithm</name>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="35"/>
        <source>Convert Chinese web-map coordinates</source>
        <translation>中国网络地图坐标转换</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="38"/>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="44"/>
        <source>Converts every vertex of a point, line or polygon layer between WGS84/CGCS2000, GCJ-02 (Amap, Tencent) and BD-09 (Baidu). Web maps and phone apps in China give GCJ-02 or BD-09: a few hundred metres off CGCS2000 around Jiangdu, more than many grids are wide.

GCJ-02 and BD-09 are offsets on longitude and latitude, not coordinate systems PROJ knows: the layer&apos;s coordinates are read as longitude and latitude (a projected layer is taken to EPSG:4326 first) and the output is in EPSG:4326. Points outside China are left as they are, as GCJ-02 defines.</source>
        <translation>在 WGS84/CGCS2000、GCJ-02（高德、腾讯）和 BD-09（百度）之间转换点、线、面图层的每个节点。国内网络地图和手机应用给出的是 GCJ-02 或 BD-09 坐标：在江都与 CGCS2000 相差数百米，比许多网格还宽。

GCJ-02 和 BD-09 是经纬度上的偏移，不是 PROJ 认识的坐标系：图层坐标按经纬度读取（投影图层先转换到 EPSG:4326），输出为 EPSG:4326。中国境外的点保持不变，这也是 GCJ-02 的定义。</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="56"/>
        <source>WGS84 / CGCS2000</source>
        <translation>WGS84 / CGCS2000</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="57"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="58"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="60"/>
        <source>Input layer</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="65"/>
        <source>Coordinates of the input</source>
        <translation>输入坐标系</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="70"/>
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="73"/>
        <source>Converted</source>
        <translation>转换结果</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="89"/>
        <source>The input layer has no coordinate reference system: set it in the layer&apos;s properties (Source) and run again.</source>
        <translation>输入图层没有坐标参考系：请在图层属性（源）中设置后重新运行。</translation>
    </message>
</context>
<context>
    <name>CopyStoreAlgorithm</name>
    <message>
        <location filename="../processing/copy_store.py" line="35"/>
        <source>Copy grid store (GeoPackage ⇄ PostGIS)</source>
        <translation>复制网格库（GeoPackage ⇄ PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="58"/>
        <source>Copy</source>
        <translation>复制方向</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="58"/>
        <source>GeoPackage → PostGIS</source>
        <translation>GeoPackage → PostGIS</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="58"/>
        <source>PostGIS → GeoPackage</source>
        <translation>PostGIS → GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="66"/>
        <source>Grid store to copy (GeoPackage → PostGIS)</source>
        <translation>要复制的网格库（GeoPackage → PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="74"/>
        <source>PostgreSQL connection</source>
        <translation>PostgreSQL 连接</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="79"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="82"/>
        <source>New GeoPackage store (PostGIS → GeoPackage)</source>
        <translation>新建 GeoPackage 网格库（PostGIS → GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="82"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="91"/>
        <source>Overwrite an existing schema or file</source>
        <translation>覆盖已有的模式或文件</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="103"/>
        <source>Create the database roles (supervisor, command centre, town staff, GIS editor) and their rules</source>
        <translation>创建数据库角色（督查、指挥中心、镇级人员、GIS 编辑）及其权限规则</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="125"/>
        <source>Copied {table}</source>
        <translation>已复制 {table}</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="133"/>
        <source>Choose the GeoPackage store to copy to PostGIS.</source>
        <translation>请选择要复制到 PostGIS 的 GeoPackage 网格库。</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="145"/>
        <source>Roles: {roles}; give town staff their towns in {schema}.staff_towns</source>
        <translation>角色：{roles}；请在 {schema}.staff_towns 中为镇级人员登记所属镇</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="153"/>
        <source>Choose the new GeoPackage to copy the PostGIS store into.</source>
        <translation>请选择用于接收 PostGIS 网格库的新 GeoPackage 文件。</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="162"/>
        <source>{rows} rows in {tables} tables copied</source>
        <translation>已复制 {tables} 张表共 {rows} 行</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="38"/>
        <source>Copies a whole grid store between a GeoPackage and a schema of a PostgreSQL database with PostGIS, in one transaction: every table with its codes, fids and histories, and the layer styles (in the database's public.layer_styles, where QGIS finds them). The connection is one of QGIS's PostgreSQL connections; its password or authentication configuration stays in QGIS.

The grids in PostGIS keep the GeoPackage's rules and history (triggers that refuse overlaps, gaps and bad codes, whoever writes). With the project, the supervisor's project (styled layers and the town atlas) is saved in the schema: open it with Project → Open From → PostgreSQL. An existing schema or file is replaced only when Overwrite is checked.

With the roles: supervisors read everything but personal data, which they read masked (officers_masked, incident_reporters_masked); the command centre moves any incident; town staff move only their towns' incidents and edit only their grids (their towns are rows of staff_towns); GIS editors maintain towns, communities, grids and facilities. Grant a login role one of them: GRANT jiangdu_supervisor TO wang;</source>
        <translation>在 GeoPackage 与启用 PostGIS 的 PostgreSQL 数据库的一个模式之间复制整个网格库，在一个事务中完成：每张表及其编码、要素号和历史记录，以及图层样式（存于数据库的 public.layer_styles，QGIS 从中读取）。连接使用 QGIS 的 PostgreSQL 连接；其密码或认证配置只保存在 QGIS 中。

PostGIS 中的网格保留 GeoPackage 的规则与历史（无论由谁写入，触发器都会拒绝重叠、空隙和错误编码）。勾选保存工程时，督导工程（带样式的图层和镇图册）保存在该模式中：用“工程 → 打开自 → PostgreSQL”打开。仅在勾选“覆盖”时替换已有模式或文件。

创建角色后：督导人员可读取全部数据，但个人信息只能通过脱敏视图读取（officers_masked、incident_reporters_masked）；指挥中心可流转任何事件；镇工作人员只能流转本镇事件、只能编辑本镇网格（其所属镇记录在 staff_towns 中）；GIS 编辑人员维护镇、村（社区）、网格和城市部件。将角色授予登录用户，例如：GRANT jiangdu_supervisor TO wang;</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="96"/>
        <source>Save the supervisor's project in the schema (GeoPackage → PostGIS)</source>
        <translation>在模式中保存督导工程（GeoPackage → PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="187"/>
        <source>Project saved as {uri}</source>
        <translation>工程已保存为 {uri}</translation>
    </message>
</context>
<context>
    <name>CreateStoreAlgorithm</name>
    <message>
        <location filename="../processing/create_store.py" line="21"/>
        <source>Create grid store</source>
        <translation>创建网格库</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="24"/>
        <source>Creates an empty grid store: a GeoPackage with the towns, communities, grids, facilities, officers, incidents and enforcement layers and tables, the workflow steps and facility classes, and a default style for every layer. An existing file is replaced only when Overwrite is checked.</source>
        <translation>创建一个空的网格库：包含镇、村（社区）、网格、城市部件、网格人员、事件和执法图层与数据表、流转环节和部件分类,以及每个图层的默认样式的 GeoPackage 文件。仅在勾选“覆盖”时替换已有文件。</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="32"/>
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="32"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="37"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="54"/>
        <source>Created {path}</source>
        <translation>已创建 {path}</translation>
    </message>
</context>
<context>
    <name>DensityByTownAlgorithm</name>
    <message>
        <location filename="../processing/density_by_town.py" line="171"/>
        <source>Density by town</source>
        <translation>分镇密度</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="93"/>
        <source>Where incidents or enforcement cases concentrate. For the chosen town (or the whole district) and period, it writes a table of towns and a table of grids (count, per km2, per 10,000 people, share of the district, and the change against the previous period of the same length), and a kernel-density raster clipped to the town or the district.

The raster follows QGIS&apos;s Heatmap (kernel density estimation) with the quartic kernel and raw values: each pixel holds the sum over the points within the radius of (1 - (d/radius)^2)^2. It is computed by binning and an FFT, in a fraction of the time. Radius and pixel size are in metres (EPSG:4549).</source>
        <translation>事件或执法案件集中在哪里。按所选镇（或全区）和时段，输出镇统计表和网格统计表（数量、每平方公里、每万人、占全区比例，以及与上一等长时段相比的变化），以及裁剪到该镇或全区的核密度栅格。

栅格与 QGIS 的“热力图（核密度估计）”采用四次核、原始值的定义相同：每个像元的值是半径内各点 (1 - (d/半径)^2)^2 之和。本算法以分箱和快速傅里叶变换计算，用时只是其零头。半径和像元大小以米为单位（EPSG:4549）。</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="107"/>
        <source>Density of</source>
        <translation>统计对象</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="107"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="107"/>
        <source>Enforcement cases</source>
        <translation>执法案件</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="116"/>
        <source>Town (name or code; empty for the whole district)</source>
        <translation>镇（名称或代码；留空为全区）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="123"/>
        <source>Radius (metres)</source>
        <translation>半径（米）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="132"/>
        <source>Pixel size (metres)</source>
        <translation>像元大小（米）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Event category code (incidents only)</source>
        <translation>事件大类代码（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Step (incidents only)</source>
        <translation>环节（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Source (incidents only)</source>
        <translation>来源（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="168"/>
        <source>Density raster</source>
        <translation>核密度栅格</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="171"/>
        <source>Density by grid</source>
        <translation>分网格密度</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="204"/>
        <source>{count} points</source>
        <translation>{count} 个点</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="242"/>
        <source>Peak density {peak:.1f} (sum of kernel weights)</source>
        <translation>密度峰值 {peak:.1f}（核权重之和）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="269"/>
        <source>Category, step and source apply to incidents only; they are ignored.</source>
        <translation>事件大类、环节和来源仅适用于事件，已忽略。</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="281"/>
        <source>No town {text}; the towns are: {names}</source>
        <translation>没有镇“{text}”；各镇为：{names}</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="296"/>
        <source>Cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Patrol</source>
        <translation>网格巡查</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>12345 hotline</source>
        <translation>12345 热线</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Police online sentiment</source>
        <translation>公安网络舆情</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Three-level duty linkage</source>
        <translation>三级联动</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="141"/>
        <source>Superior</source>
        <translation>上级交办</translation>
    </message>
</context>
<context>
    <name>EscalateOverdueAlgorithm</name>
    <message>
        <location filename="../processing/escalate_overdue.py" line="29"/>
        <source>Escalate overdue incidents</source>
        <translation>超时事件督办升级</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="32"/>
        <source>Escalates (督办升级) every open incident past its deadline to the leader level it is due: the community's grid leader at the deadline, the town's after a second deadline's length, the district's after a third. Each escalation is a history row signed by the system; all are written in one transaction. An incident already at its level is left alone, so running it again changes nothing.

As of: the moment to judge by (now if empty). Dry run lists what would be escalated and writes nothing. To escalate on a schedule, run it with qgis_process from the system's scheduler.</source>
        <translation>将每件超过办理时限的在办事件升级督办（督办升级）至应到的网格长层级：超时即升至村（社区）级网格长，再超一个时限升至镇级，再超一个时限升至区级。每次升级都记一条由系统签名的流转记录；全部在一个事务中写入。已在应到层级的事件不再变动，因此重复运行不会改变任何内容。

截至时间：据以判断的时刻（留空为现在）。试运行只列出将被升级的事件，不写入任何内容。如需定时升级，可由系统的计划任务调用 qgis_process 运行本算法。</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="45"/>
        <source>Overdue as of (now if empty)</source>
        <translation>超时判定时点（留空为当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="50"/>
        <source>Dry run (list, write nothing)</source>
        <translation>试运行（只列出，不写入）</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="55"/>
        <source>Incidents escalated</source>
        <translation>已升级的事件数</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="74"/>
        <source>{ticket} → {level}</source>
        <translation>{ticket} → {level}</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="77"/>
        <source>{count} overdue incidents would be escalated (dry run: nothing written).</source>
        <translation>将有 {count} 件超时事件被升级（试运行：未写入任何内容）。</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="77"/>
        <source>{count} overdue incidents escalated.</source>
        <translation>已升级 {count} 件超时事件。</translation>
    </message>
</context>
<context>
    <name>FacilityLocatorFilter</name>
    <message>
        <location filename="../gui/facility_locator.py" line="22"/>
        <source>intact</source>
        <translation>完好</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="23"/>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="24"/>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="25"/>
        <source>occupied</source>
        <translation>占用</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="43"/>
        <source>Jiangdu facilities</source>
        <translation>江都城市部件</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="83"/>
        <source>retired</source>
        <translation>已注销</translation>
    </message>
</context>
<context>
    <name>GeocodeFacilityCodesAlgorithm</name>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="34"/>
        <source>Geocode facility codes</source>
        <translation>部件编码批量定位</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="37"/>
        <source>Facilities</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="43"/>
        <source>Places the facilities a list names by their 16-digit code (GB/T 30428.2 style) on the map, with their class, name, state, grid, community, town and the grid&apos;s officers (phones masked).

The list can be any table QGIS reads, or a CSV file in UTF-8 (with or without BOM) or GB18030/GBK as Excel saves it: the encoding is detected. Codes are normalised first (surrounding spaces, full-width digits, numbers from numeric columns). Every row comes out once: placed rows in the output layer, the others in the errors table with all their columns and the reason: empty, non-digits, wrong length, a number that lost digits in Excel, wrong district, unknown class, not in the inventory, or retired.</source>
        <translation>按16位部件编码（GB/T 30428.2 格式）把清单中的部件定位到地图上，并给出其分类、名称、状态、所在网格、村（社区）、镇和网格员（电话脱敏）。

清单可以是 QGIS 能读取的任意表格或图层，也可以是 UTF-8（带或不带 BOM）或 Excel 保存的 GB18030/GBK 编码的 CSV 文件：编码自动识别。编码先经过规范化（去除首尾空格、全角数字、数值列中的数字）。每一行都会输出且只输出一次：定位成功的行进入输出图层，其余的连同全部原始列和原因进入错误表：为空、含非数字字符、位数不对、被 Excel 转成数值而丢失位数、区划代码不对、分类不存在、清查中没有该部件或部件已注销。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="63"/>
        <source>List of facility codes (table, layer or CSV file)</source>
        <translation>部件编码清单（表格、图层或 CSV 文件）</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="70"/>
        <source>Facility code column</source>
        <translation>部件编码列</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="78"/>
        <source>Placed facilities</source>
        <translation>已定位部件</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="85"/>
        <source>Rows that could not be placed</source>
        <translation>未能定位的行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="113"/>
        <source>The input has no column {name}; its columns are: {columns}</source>
        <translation>输入没有 {name} 列；现有的列为：{columns}</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="119"/>
        <source>{count} rows read</source>
        <translation>已读取 {count} 行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="205"/>
        <source>{outcome}: {count}</source>
        <translation>{outcome}：{count}</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="210"/>
        <source>{rows} rows in = {placed} placed + {errors} not placed</source>
        <translation>输入 {rows} 行 = 已定位 {placed} 行 + 未定位 {errors} 行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="54"/>
        <source>

A row of a CSV file that cannot be read (a quote never closed, an impossibly long cell) goes to the errors table as unreadable_row, with the reason. Both outputs appear whole or not at all. An input column named like one of an output&apos;s own columns (fid, facility_code, grid_code, note...) comes out as input_&lt;name&gt;.</source>
        <translation>

CSV 文件中无法读取的行（引号未闭合、单元格过长）以 unreadable_row 写入错误表并注明原因。两个输出表要么完整出现，要么都不出现。输入表中与输出表自有列同名的列（fid、facility_code、grid_code、note 等）输出为 input_&lt;列名&gt;。</translation>
    </message>
</context>
<context>
    <name>GridCheckPanel</name>
    <message>
        <location filename="../gui/grid_check_panel.py" line="32"/>
        <source>Grid Check</source>
        <translation>网格检查</translation>
    </message>
    <message>
        <location filename="../gui/grid_check_panel.py" line="38"/>
        <source>Reason for the change (kept in the history)</source>
        <translation>调整原因（记入历史）</translation>
    </message>
    <message>
        <location filename="../gui/grid_check_panel.py" line="61"/>
        <source>No problems: the grids were saved.</source>
        <translation>未发现问题：网格已保存。</translation>
    </message>
    <message>
        <location filename="../gui/grid_check_panel.py" line="63"/>
        <source>{layer}: not saved, {count} problems. Your edits are kept.</source>
        <translation>{layer}：未保存，发现 {count} 个问题。您的编辑仍保留。</translation>
    </message>
</context>
<context>
    <name>GridEditGuard</name>
    <message>
        <location filename="../gui/grid_guard.py" line="450"/>
        <source>Grids saved and checked.</source>
        <translation>网格已检查并保存。</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="515"/>
        <source>Grid Check</source>
        <translation>网格检查</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="365"/>
        <source>{count} more in the Grid Check panel</source>
        <translation>另有 {count} 个问题见“网格检查”面板</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="370"/>
        <source>Grids not saved, your edits are kept: {problems}</source>
        <translation>网格未保存，您的编辑仍保留：{problems}</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="132"/>
        <source>The grid store cannot be read ({error}): saves of this edit session will be refused; stop editing and start again when it can.</source>
        <translation>无法读取网格数据库（{error}）：本次编辑的保存将被拒绝；请在可以读取时停止编辑并重新开始。</translation>
    </message>
</context>
<context>
    <name>ImportHotlineAlgorithm</name>
    <message>
        <location filename="../processing/import_hotline.py" line="48"/>
        <source>Import 12345 hotline records</source>
        <translation>导入12345热线工单</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="88"/>
        <source>Hotline export (table, layer or CSV file)</source>
        <translation>热线工单导出文件（表格、图层或 CSV 文件）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="97"/>
        <source>Ticket id column</source>
        <translation>工单编号列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="98"/>
        <source>Time column</source>
        <translation>来电时间列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="99"/>
        <source>Caller phone column</source>
        <translation>来电号码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="100"/>
        <source>Caller name column</source>
        <translation>来电人列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="101"/>
        <source>Address column</source>
        <translation>地址列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="102"/>
        <source>Longitude column</source>
        <translation>经度列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="103"/>
        <source>Latitude column</source>
        <translation>纬度列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="104"/>
        <source>Content column</source>
        <translation>诉求内容列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="105"/>
        <source>Facility code column</source>
        <translation>部件编码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="106"/>
        <source>Catalogue item column</source>
        <translation>事项编码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="114"/>
        <source>Coordinate system of the longitude and latitude</source>
        <translation>经纬度所用坐标系</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="114"/>
        <source>WGS84 / CGCS2000</source>
        <translation>WGS84 / CGCS2000</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="114"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="114"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="126"/>
        <source>Dry run (check and route, write nothing)</source>
        <translation>试运行（只检查和定位，不写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="140"/>
        <source>Imported incidents</source>
        <translation>已导入事件</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="140"/>
        <source>Rows not imported</source>
        <translation>未导入的行</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="170"/>
        <source>{count} rows read</source>
        <translation>已读取 {count} 行</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="243"/>
        <source>{outcome}: {count}</source>
        <translation>{outcome}：{count}</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="244"/>
        <source>{rows} rows in = {imported} imported + {errors} not imported{dry}</source>
        <translation>输入 {rows} 行 = 导入 {imported} 行 + 未导入 {errors} 行{dry}</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="244"/>
        <source> (dry run: nothing written)</source>
        <translation>（试运行：未写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="51"/>
        <source>Imports a 12345 hotline export (CSV in UTF-8 or GB18030, Excel's Unicode text, XLSX, or any table) as incidents: source 12345 hotline, step reported. Each row is placed by its coordinates (in the coordinate system you name: hotline web maps give GCJ-02 or BD-09), else by a facility code, else by the community its address names, and routed to its grid. The batch is written in one transaction: all rows or none.

Rows that cannot be imported go to the errors table with every column and the reason: empty or repeated ticket id, already imported, unreadable time, bad, swapped or out-of-range coordinates, a place outside the district. A batch that looks like unconverted GCJ-02 or BD-09 is flagged with the offset. Importing the same file again changes nothing; a report from the same phone within 50 m on the same day is linked to the earlier one as a possible duplicate. Dry run checks everything and writes nothing.

Also refused, each for its row: a time before 2000 or later than tomorrow (a typo in the year), a ticket id holding control characters (such as a NUL byte), a row of a CSV file whose quote is never closed or whose cell is impossibly long (the rows after it are read as rows of their own). Control characters in the other text cells are removed, and the row's note says so. A phone number that is neither a mobile nor a landline number is imported as given and named in the row's note: the call happened, and the office can still ring back or correct it.

Personal information is masked in both outputs: columns named like a phone (电话, 手机, 联系方式, 来电号码, phone...) or a person (姓名, 联系人, 来电人, caller, name...) and the columns you map as the caller's phone and name are masked whole (138****5678, 张*), and in every other cell anything shaped like a phone number and the caller's name are masked. The store keeps them in full. Tick the last option only when your role needs them in full.</source>
        <translation>把12345热线导出的工单（UTF-8 或 GB18030 编码的 CSV、Excel 的“Unicode 文本”、XLSX 或任意表格）导入为事件：来源为12345热线，环节为采集上报。每一行按坐标定位（坐标系由您指定：热线网络地图给出的是 GCJ-02 或 BD-09），没有坐标时按部件编码，再没有则按地址中的村（社区）名称定位，并派遣到所在网格。整批数据在一个事务中写入：要么全部写入，要么都不写入。

无法导入的行连同全部原始列和原因进入错误表：工单编号为空或重复、已导入过、时间无法识别、坐标无效、经纬度颠倒或超出范围、位于区界外。疑似未转换的 GCJ-02 或 BD-09 批次会被提示并给出偏移量。同一文件重复导入不会产生变化；同一号码同一天在50米内的来电会与先前的工单关联为疑似重复。试运行只检查不写入。

以下情况也按行拒绝：时间早于 2000 年或晚于明天（年份录错）、工单编号含有控制字符（如 NUL 字节）、CSV 文件中引号没有闭合或单元格长得不可能的行（其后的行照常逐行读取）。其他文字单元格中的控制字符会被删除，并在该行备注中说明。既不是手机号码也不是固定电话号码的来电号码按原样导入，并在该行备注中指出：来电确实发生过，办公室仍可回拨或更正。

两个输出中的个人信息都会脱敏：列名像电话（电话、手机、联系方式、来电号码、phone……）或人名（姓名、联系人、来电人、caller、name……）的列，以及您指定为来电号码和来电人的列整列脱敏（138****5678、张*）；其他单元格中凡是形如电话号码的内容和来电人姓名都会脱敏。数据库中完整保存。只有您的岗位确需完整信息时才勾选最后一项。</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="133"/>
        <source>Write phone numbers and names in full (personal information)</source>
        <translation>完整写出电话号码和姓名（个人信息）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="79"/>
        <source>

The import and its two outputs land together or not at all: the outputs are written before the incidents are committed and appear only once they are, so that a failure or Cancel leaves the store and the outputs as they were. An input column named like one of an output&apos;s own columns (fid, ticket, grid_code, note...) comes out as input_&lt;name&gt;.</source>
        <translation>

导入与其两个输出表同成同败：输出表在事件提交之前写好，提交之后才出现；因此出错或取消时，数据库和输出都保持原样。输入表中与输出表自有列同名的列（fid、ticket、grid_code、note 等）输出为 input_&lt;列名&gt;。</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Ticket</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="40"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../gui/incident_model.py" line="109"/>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
</context>
<context>
    <name>IncidentsAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="202"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>JiangduAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="84"/>
        <source>Grid store (GeoPackage, or postgres:&lt;connection&gt;/&lt;schema&gt;)</source>
        <translation>网格库（GeoPackage，或 postgres:&lt;连接名&gt;/&lt;模式&gt;）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="84"/>
        <source>GeoPackage (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="127"/>
        <source>{store} was upgraded from schema version {old} to {new}.</source>
        <translation>{store} 已从数据结构版本 {old} 升级到 {new}。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="156"/>
        <source>the grid store</source>
        <translation>网格数据库</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="161"/>
        <source>Cannot read or write {path}: {reason}.</source>
        <translation>无法读写 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="168"/>
        <source>The PostGIS store says: {reason}</source>
        <translation>PostGIS 数据库报告：{reason}</translation>
    </message>
</context>
<context>
    <name>JiangduGridPlugin</name>
    <message>
        <location filename="../plugin.py" line="72"/>
        <source>&amp;Jiangdu Grid</source>
        <translation>江都网格（&amp;J）</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="75"/>
        <source>Jiangdu Grid Toolbar</source>
        <translation>江都网格工具栏</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="79"/>
        <source>Create Grid Store…</source>
        <translation>创建网格库…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="108"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="85"/>
        <source>Route at a Point</source>
        <translation>点选定位派遣</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="100"/>
        <source>Route Incidents…</source>
        <translation>事件批量定位派遣…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="89"/>
        <source>Incident Supervision</source>
        <translation>事件督办</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="93"/>
        <source>Workflow Report…</source>
        <translation>流转统计报表…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="248"/>
        <source>Reading the grids of {store}</source>
        <translation>正在读取 {store} 的网格</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="283"/>
        <source>Jiangdu Grid Governance</source>
        <translation>江都区网格化社会治理</translation>
    </message>
</context>
<context>
    <name>JiangduGridProvider</name>
    <message>
        <location filename="../processing/provider.py" line="42"/>
        <source>Jiangdu grid governance</source>
        <translation>江都区网格化社会治理</translation>
    </message>
</context>
<context>
    <name>JiangduOptionsPage</name>
    <message>
        <location filename="../gui/options_page.py" line="20"/>
        <source>Supervisor (read only)</source>
        <translation>督查（只读）</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="20"/>
        <source>Command centre</source>
        <translation>指挥中心</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="20"/>
        <source>Grid officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="28"/>
        <source>Your name, as the history shows it</source>
        <translation>您的姓名（记入流转记录）</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="31"/>
        <source>Officer number in the store (optional)</source>
        <translation>网格库中的人员编号（可选）</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="33"/>
        <source>Role in the six-step loop</source>
        <translation>六步闭环中的角色</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="34"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="35"/>
        <source>Officer number</source>
        <translation>人员编号</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="49"/>
        <source>A supervisor reads figures and histories and changes nothing. The command centre registers, dispatches, checks, closes and escalates; a grid officer handles. Moves are signed with your name.</source>
        <translation>督查人员只查看统计和流转记录，不做任何更改。指挥中心负责立案、派遣、核查、结案和升级督办；网格员负责处置。每次流转都以您的姓名署名。</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="93"/>
        <source>Jiangdu Grid</source>
        <translation>江都网格</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="37"/>
        <source>UTF-8 with byte-order mark (Excel, WPS)</source>
        <translation>UTF-8（带字节顺序标记，Excel、WPS 可直接打开）</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="38"/>
        <source>GB18030 (older Excel on Chinese Windows)</source>
        <translation>GB18030（中文 Windows 上的旧版 Excel）</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="40"/>
        <source>CSV files written</source>
        <translation>输出的 CSV 文件编码</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="43"/>
        <source>Your key from console.tianditu.gov.cn</source>
        <translation>在 console.tianditu.gov.cn 申请的密钥</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="44"/>
        <source>Tianditu key</source>
        <translation>天地图密钥</translation>
    </message>
    <message>
        <location filename="../gui/options_page.py" line="68"/>
        <source>The Tianditu basemap (switched off) is added to the grid store&apos;s project when it is built or opened. The key stays in your QGIS settings: projects are saved without it.</source>
        <translation>生成或打开网格库的工程时加入天地图底图（默认不显示）。密钥只保存在您的 QGIS 设置中，工程保存时不含密钥。</translation>
    </message>
</context>
<context>
    <name>Outputs</name>
    <message>
        <location filename="../processing/outputs.py" line="90"/>
        <source>This algorithm writes files: choose a file or a temporary output.</source>
        <translation>本算法输出文件：请选择文件或临时输出。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="196"/>
        <source>No driver writes .{extension} files.</source>
        <translation>没有驱动能写入 .{extension} 文件。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="213"/>
        <source>GDAL could not write {path}: {error}</source>
        <translation>GDAL 无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="47"/>
        <source>CSV encoding (for .csv outputs)</source>
        <translation>CSV 编码（输出为 .csv 时）</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="47"/>
        <source>UTF-8 with byte-order mark (Excel, WPS)</source>
        <translation>UTF-8（带字节顺序标记，Excel、WPS 可直接打开）</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="47"/>
        <source>GB18030 (older Excel on Chinese Windows)</source>
        <translation>GB18030（中文 Windows 上的旧版 Excel）</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="185"/>
        <source>Cannot write {path}: {reason}. Choose a folder you can write to.</source>
        <translation>无法写入 {path}：{reason}。请选择可写的文件夹。</translation>
    </message>
</context>
<context>
    <name>Period</name>
    <message>
        <location filename="../processing/periods.py" line="18"/>
        <source>Period from (date)</source>
        <translation>时段起（日期）</translation>
    </message>
    <message>
        <location filename="../processing/periods.py" line="18"/>
        <source>Period to (date, included)</source>
        <translation>时段止（日期，含当日）</translation>
    </message>
    <message>
        <location filename="../processing/periods.py" line="44"/>
        <source>The period ends before it starts.</source>
        <translation>时段的结束早于开始。</translation>
    </message>
</context>
<context>
    <name>Requirements</name>
    <message>
        <location filename="../toolbelt/requirements.py" line="11"/>
        <source>{name} {version} brings its own {library} ({file}), which can crash QGIS next to the {library} QGIS uses</source>
        <translation>{name} {version} 自带 {library}（{file}），与 QGIS 使用的 {library} 同时加载可能导致 QGIS 崩溃</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="13"/>
        <source>PostGIS stores need it</source>
        <translation>PostGIS 数据库需要它</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="14"/>
        <source>working days follow China&apos;s official calendar with it, Monday to Friday without</source>
        <translation>有了它工作日按国家法定节假日安排计算，没有它按周一至周五计算</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="21"/>
        <source>{name} is not installed</source>
        <translation>未安装 {name}</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="25"/>
        <source>{name} {version} is too old (needs {minimum} or later)</source>
        <translation>{name} {version} 版本过旧（需要 {minimum} 或更高版本）</translation>
    </message>
    <message>
        <location filename="../toolbelt/requirements.py" line="43"/>
        <source>{problems}. Install with: {command}</source>
        <translation>{problems}。安装命令：{command}</translation>
    </message>
</context>
<context>
    <name>RouteDescription</name>
    <message>
        <location filename="../gui/route_panel.py" line="91"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="92"/>
        <source>Community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="93"/>
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="96"/>
        <source>Grid officers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="98"/>
        <source>Answers instead (community)</source>
        <translation>兜底责任人（村/社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="99"/>
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="99"/>
        <source>Community grid leader</source>
        <translation>村（社区）网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="99"/>
        <source>Town grid leaders</source>
        <translation>镇级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="99"/>
        <source>District grid leaders</source>
        <translation>区级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="108"/>
        <source>Instructor</source>
        <translation>指导员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="110"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="113"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="113"/>
        <source>{hours} hours</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="119"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
</context>
<context>
    <name>RouteIncidentsAlgorithm</name>
    <message>
        <location filename="../processing/route_incidents.py" line="78"/>
        <source>Route incidents to grids</source>
        <translation>事件定位派遣到网格</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="96"/>
        <source>Incidents (points, any CRS)</source>
        <translation>事件（点图层，任意坐标系）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="104"/>
        <source>Catalogue item field (event catalogue code)</source>
        <translation>事项字段（事件责任清单代码）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="112"/>
        <source>Time field (date/time; empty means now)</source>
        <translation>时间字段（日期时间；为空表示当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="120"/>
        <source>Tolerance outside the grids (metres)</source>
        <translation>网格外容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="129"/>
        <source>Routed incidents</source>
        <translation>已定位派遣的事件</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="148"/>
        <source>The input layer has no coordinate reference system: set it in the layer&apos;s properties (Source) and run again.</source>
        <translation>输入图层没有坐标参考系：请在图层属性（源）中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="187"/>
        <source>The input layer has no features: nothing to route.</source>
        <translation>输入图层没有要素，无需定位。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="215"/>
        <source>Routing {count} features with {store}</source>
        <translation>正在用 {store} 定位 {count} 个要素</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="244"/>
        <source>The catalogue item {code} is not in the store&apos;s event catalogue: no unit or deadline.</source>
        <translation>事项 {code} 不在网格库的事件责任清单中：无法确定责任单位和时限。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="256"/>
        <source>{rule}: {count}</source>
        <translation>{rule}：{count}</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="263"/>
        <source>Feature {id} has no geometry.</source>
        <translation>要素 {id} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="265"/>
        <source>Feature {id} has an empty geometry.</source>
        <translation>要素 {id} 的几何为空。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="267"/>
        <source>Feature {id} is not a point.</source>
        <translation>要素 {id} 不是点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="271"/>
        <source>Feature {id} is a multipoint of {count} points: split it into single points first.</source>
        <translation>要素 {id} 是包含 {count} 个点的多点：请先拆分为单点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="279"/>
        <source>Feature {id} has coordinates that are not finite numbers.</source>
        <translation>要素 {id} 的坐标不是有限数值。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="289"/>
        <source>Feature {id} cannot be transformed to EPSG:4549.</source>
        <translation>要素 {id} 无法转换到 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="303"/>
        <source>Feature {id}: the time is not valid.</source>
        <translation>要素 {id}：时间无效。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="317"/>
        <source>Feature {id}: the time {value} is not a date and time (use 2019-11-25 08:30).</source>
        <translation>要素 {id}：时间 {value} 不是日期时间（格式如 2019-11-25 08:30）。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="81"/>
        <source>Finds for every point the grid it lies in (among the grids in force on the incident&apos;s day), the grid officers on duty at the incident&apos;s time (or the community&apos;s grid leader when the grid has none), the leader chain from grid to district, the instructor, and, from the catalogue item, the responsible unit and the deadline.

Rules: a point inside a grid goes to that grid; a point on a boundary shared by several grids goes to the one with the lowest code; a point outside every grid but within the tolerance goes to the nearest grid; farther points are unroutable and go to the district command centre&apos;s queue. Every input feature comes out once: features without a usable point are kept with the rule &apos;invalid&apos; and the reason. Phone numbers are masked.</source>
        <translation>为每个点找到其所在网格（按事件发生当日有效的网格划分）、事件发生时在岗的网格员（网格员空缺时由村（社区）网格长兜底）、从网格到区的网格长链条、指导员，以及按事项清单确定的责任单位和处置时限。

规则：点在网格内则归入该网格；点在多个网格的共同边界上则归入编码最小的网格；点不在任何网格内但在容差范围内则归入最近网格；更远的点无法定位，转区指挥中心待办。每个输入要素都会输出且只输出一次：没有可用点位的要素以“invalid”规则连同原因保留。电话号码脱敏显示。</translation>
    </message>
</context>
<context>
    <name>RouteMapTool</name>
    <message>
        <location filename="../gui/route_tool.py" line="46"/>
        <source>Choose a grid store in the panel first.</source>
        <translation>请先在面板中选择网格库。</translation>
    </message>
    <message>
        <location filename="../gui/route_tool.py" line="57"/>
        <source>This place cannot be expressed in EPSG:4549.</source>
        <translation>该位置无法转换到 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../gui/route_tool.py" line="50"/>
        <source>The grid store is still being read: click again.</source>
        <translation>网格数据库仍在读取中：请稍后再点击。</translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message>
        <location filename="../gui/route_panel.ui" line="19"/>
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="26"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="33"/>
        <source>Catalogue item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.ui" line="52"/>
        <source>Click on the map with the routing tool to see which grid, officers and unit answer for a place.</source>
        <translation>使用定位派遣工具在地图上点击，查看该位置所属网格、责任人员和责任单位。</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="26"/>
        <source>Grid Routing</source>
        <translation>网格定位派遣</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="31"/>
        <source>Choose a grid store</source>
        <translation>选择网格库</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="47"/>
        <source>(no item: location and people only)</source>
        <translation>（不指定事项：仅定位网格和人员）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="65"/>
        <source>{path} is not a grid store.</source>
        <translation>{path} 不是网格库。</translation>
    </message>
</context>
<context>
    <name>StoreAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="192"/>
        <source>Store</source>
        <translation>网格库</translation>
    </message>
</context>
<context>
    <name>Supervision</name>
    <message>
        <location filename="../gui/supervision.py" line="202"/>
        <source>Reading {store}</source>
        <translation>正在读取 {store}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="289"/>
        <source>Reading incidents</source>
        <translation>正在读取事件</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="323"/>
        <source>Reading incident {ticket}</source>
        <translation>正在读取事件 {ticket}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="374"/>
        <source>{ticket} saved.</source>
        <translation>{ticket} 已保存。</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="379"/>
        <source>Saving {ticket}</source>
        <translation>正在保存 {ticket}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="388"/>
        <source>Counting overdue incidents</source>
        <translation>正在统计超时事件</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="403"/>
        <source>{count} overdue incidents escalated: {tickets}</source>
        <translation>{count} 件超时事件已升级督办：{tickets}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="403"/>
        <source>No overdue incident is due a higher level.</source>
        <translation>没有需要升级督办的超时事件。</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="413"/>
        <source>Escalating overdue incidents</source>
        <translation>正在升级督办超时事件</translation>
    </message>
</context>
<context>
    <name>SupervisionAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="182"/>
        <source>Supervision</source>
        <translation>督查考核</translation>
    </message>
</context>
<context>
    <name>SupervisorDock</name>
    <message>
        <location filename="../gui/supervisor_dock.py" line="519"/>
        <source>Incident Supervision</source>
        <translation>事件督办</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="37"/>
        <source>Grid store</source>
        <translation>网格库</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="113"/>
        <source>Reported from</source>
        <translation>上报时间自</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="132"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="153"/>
        <source>Overdue only</source>
        <translation>仅显示超时</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="310"/>
        <source>Note for the history (optional)</source>
        <translation>流转意见（可选）</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="163"/>
        <source>All towns</source>
        <translation>全部镇</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="164"/>
        <source>All categories</source>
        <translation>全部大类</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="165"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="166"/>
        <source>All steps</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="151"/>
        <source>{path} is not a grid store.</source>
        <translation>{path} 不是网格库。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="141"/>
        <source>Choose a grid store.</source>
        <translation>请选择网格库。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="372"/>
        <source>Reported {reported}, deadline {deadline}</source>
        <translation>上报 {reported}，时限 {deadline}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="389"/>
        <source>Escalated to {level}</source>
        <translation>已升级至{level}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="412"/>
        <source>escalated</source>
        <translation>升级督办</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="435"/>
        <source>Read only: set your role and name in Settings ▸ Options ▸ Jiangdu Grid to move incidents.</source>
        <translation>只读：如需流转事件，请在“设置 ▸ 选项 ▸ 江都网格”中设置角色和姓名。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="442"/>
        <source>Signed as {name}</source>
        <translation>署名：{name}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="446"/>
        <source>Escalate</source>
        <translation>升级督办</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="400"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="400"/>
        <source>Move</source>
        <translation>流转</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="400"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="400"/>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="47"/>
        <source>A GeoPackage store, or a PostGIS store as postgres:&lt;connection&gt;/&lt;schema&gt;</source>
        <translation>GeoPackage 网格库，或写作 postgres:&lt;连接名&gt;/&lt;模式&gt; 的 PostGIS 网格库</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="44"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="139"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="177"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="180"/>
        <source>Read the store again (it is also read every minute)</source>
        <translation>重新读取数据库（每分钟也会自动读取）</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="167"/>
        <source>Escalate overdue…</source>
        <translation>超时督办…</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="170"/>
        <source>Escalate (督办升级) every overdue incident to the leader level it is due; asks first</source>
        <translation>将每件超时事件升级督办至应到的网格长层级；执行前会先确认</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="80"/>
        <source>Choose a grid store</source>
        <translation>选择网格库</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="141"/>
        <source>Reading the store…</source>
        <translation>正在读取数据库…</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="477"/>
        <source>No overdue incident is due a higher level.</source>
        <translation>没有需要升级督办的超时事件。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="484"/>
        <source>Escalate overdue incidents</source>
        <translation>超时事件督办升级</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="484"/>
        <source>Escalate {count} overdue incidents to the leader level each is due (督办升级)? Each gets a history row signed by the system.</source>
        <translation>将 {count} 件超时事件各自升级督办至应到的网格长层级吗？每件事件都会记一条由系统签名的流转记录。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="383"/>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="310"/>
        <source>closed</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="311"/>
        <source>in progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="312"/>
        <source>closure rate</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="313"/>
        <source>on time</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="261"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="208"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="278"/>
        <source>Scroll down for more</source>
        <translation>向下滚动查看更多</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="65"/>
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="78"/>
        <source>Event category</source>
        <translation>事件大类</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="91"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="104"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="271"/>
        <source>Incidents {count}</source>
        <translation>事件 {count}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="272"/>
        <source>Incidents {shown}/{total}</source>
        <translation>事件 {shown}/{total}</translation>
    </message>
</context>
<context>
    <name>Tianditu</name>
    <message>
        <location filename="../maps/tianditu.py" line="34"/>
        <source>No Tianditu key is set, so the Tianditu basemap is not added. Get a key at {console} and enter it in Settings ▸ Options ▸ Jiangdu Grid.</source>
        <translation>未设置天地图密钥，因此未加入天地图底图。请在 {console} 申请密钥，并填入“设置 ▸ 选项 ▸ 江都网格”。</translation>
    </message>
    <message>
        <location filename="../maps/tianditu.py" line="39"/>
        <source>Tianditu refused the basemap tiles ({reason}): the key in Settings ▸ Options ▸ Jiangdu Grid is wrong or expired, or not allowed for this use (Tianditu keys are for a browser or a server). Check it at {console}.</source>
        <translation>天地图拒绝提供底图瓦片（{reason}）：“设置 ▸ 选项 ▸ 江都网格”中的密钥有误、已过期，或不允许此种用途（天地图密钥分浏览器端和服务端）。请在 {console} 核对。</translation>
    </message>
</context>
<context>
    <name>UpgradeStoreAlgorithm</name>
    <message>
        <location filename="../processing/upgrade_store.py" line="18"/>
        <source>Upgrade a grid store</source>
        <translation>升级网格数据库</translation>
    </message>
    <message>
        <location filename="../processing/upgrade_store.py" line="21"/>
        <source>Brings a grid store made by an earlier version of the plugin up to this version&apos;s schema, in one transaction (all the steps or none), each step logged in the store&apos;s audit log. Algorithms that only read a store never upgrade it: they ask you to run this first. Algorithms that write to a store upgrade it themselves and say so. A store that is up to date is left as it is.</source>
        <translation>将由旧版插件创建的网格数据库升级到本版本的数据结构，在一个事务中完成（全部步骤或一步也不做），每一步都记入数据库的审计日志。只读取数据库的算法从不升级数据库：它们会提示您先运行本算法。写入数据库的算法会自行升级并在日志中说明。已是最新版本的数据库保持不变。</translation>
    </message>
    <message>
        <location filename="../processing/upgrade_store.py" line="31"/>
        <source>Schema version</source>
        <translation>数据结构版本</translation>
    </message>
    <message>
        <location filename="../processing/upgrade_store.py" line="37"/>
        <source>{store} is up to date (schema version {version}).</source>
        <translation>{store} 已是最新（数据结构版本 {version}）。</translation>
    </message>
</context>
<context>
    <name>ValidateGridsAlgorithm</name>
    <message>
        <location filename="../processing/validate_grids.py" line="33"/>
        <source>Validate grids</source>
        <translation>网格检查</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="36"/>
        <source>Checks grids by the rules every save of the grids layer is held to: valid geometries (GEOS; nothing is repaired), 15-digit codes that start with their community&apos;s, used once and never a retired one, no overlaps and no gaps larger than the tolerance, and each grid inside its community and the district.

Give the grid store, or a polygon layer with the fields code, community_code, town_code (and status); with both, the layer is checked against the store&apos;s communities and district. Each problem is a feature: the overlap, the gap, the part outside, or a 4 m square around an invalid spot, with the grid codes, the rule and a message.</source>
        <translation>按网格图层每次保存都须遵守的规则检查网格：几何有效（GEOS 判定；不做任何修复）；编码为15位、以所属村（社区）编码开头、唯一且不重用已注销编码；重叠和缝隙不超过容差；每个网格位于所属村（社区）和全区范围内。

可指定网格库，或含 code、community_code、town_code（及 status）字段的面图层；两者都指定时，按网格库中的村（社区）和区界检查该图层。每个问题输出为一个要素：重叠部分、缝隙、超出部分，或无效位置周围 4 米见方的区域，并附网格编码、规则和说明。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="50"/>
        <source>Grids layer (instead of the store&apos;s grids)</source>
        <translation>网格图层（代替网格库中的网格）</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="58"/>
        <source>Tolerance (m2)</source>
        <translation>容差（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="67"/>
        <source>Grid problems</source>
        <translation>网格问题</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="85"/>
        <source>Give a grid store, a grids layer, or both.</source>
        <translation>请指定网格库、网格图层或两者。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="116"/>
        <source>No store: communities are not checked; gaps are holes in the grids.</source>
        <translation>未指定网格库：不检查村（社区）范围；缝隙指网格之间的空洞。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="147"/>
        <source>{grids} grids checked: {count} problems</source>
        <translation>已检查 {grids} 个网格：{count} 个问题</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="162"/>
        <source>The grids layer has no field {fields}.</source>
        <translation>网格图层缺少字段 {fields}。</translation>
    </message>
</context>
<context>
    <name>WorkflowReportAlgorithm</name>
    <message>
        <location filename="../processing/workflow_report.py" line="85"/>
        <source>Workflow report</source>
        <translation>流转统计报表</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="47"/>
        <source>The six-step loop's figures for the incidents reported in the period, for the district or by town, grid, event category, source, responsible unit, officer (who handled), month or step: incidents, closed (办结), in progress (在办), rejected, closure rate = closed / (closed + in progress), on-time rate (closed by the deadline), overdue (in progress past the deadline at the 'as of' time), mean hours per step, and the evaluation score = 100 × (0.4 × closure rate + 0.4 × on-time rate + 0.2 × (1 − overdue share)).

Write it to .xlsx or .csv for a spreadsheet: text that a spreadsheet would run as a formula is made inert.</source>
        <translation>统计时段内上报事件的六步闭环指标，可按全区或按镇、网格、事件大类、来源、责任单位、处置人员、月份或环节分组：事件数、办结、在办、不予立案、办结率 = 办结 / (办结 + 在办)、按时办结率（在时限内办结）、超时（截至统计时点仍在办且已过时限）、各环节平均用时（小时），以及考核评分 = 100 × (0.4 × 办结率 + 0.4 × 按时办结率 + 0.2 × (1 − 超时占比))。

可输出为 .xlsx 或 .csv 供电子表格使用：电子表格会当作公式执行的文本已做无害化处理。</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Figures for</source>
        <translation>统计范围</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>The district</source>
        <translation>全区</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each town</source>
        <translation>按镇</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each grid</source>
        <translation>按网格</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each event category</source>
        <translation>按事件大类</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each source</source>
        <translation>按来源</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each responsible unit</source>
        <translation>按责任单位</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each officer who handled</source>
        <translation>按处置人员</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="62"/>
        <source>Each step</source>
        <translation>按环节</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="80"/>
        <source>Overdue as of (now if empty)</source>
        <translation>超时判定时点（留空为当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="127"/>
        <source>{groups} rows; closed {closed}, in progress {open}, closure rate {rate}</source>
        <translation>{groups} 行；办结 {closed}，在办 {open}，办结率 {rate}</translation>
    </message>
</context>
</TS>
