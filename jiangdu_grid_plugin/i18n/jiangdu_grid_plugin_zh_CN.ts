<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConvertChineseCoordinatesAlgorithm</name>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="36"/>
        <source>Convert Chinese web-map coordinates</source>
        <translation>中国网络地图坐标转换</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="39"/>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="45"/>
        <source>Converts every vertex of a point, line or polygon layer between WGS84/CGCS2000, GCJ-02 (Amap, Tencent) and BD-09 (Baidu). Web maps and phone apps in China give GCJ-02 or BD-09: a few hundred metres off CGCS2000 around Jiangdu, more than many grids are wide.

GCJ-02 and BD-09 are offsets on longitude and latitude, not coordinate systems PROJ knows: the layer&apos;s coordinates are read as longitude and latitude (a projected layer is taken to EPSG:4326 first) and the output is in EPSG:4326. Points outside China are left as they are, as GCJ-02 defines.</source>
        <translation>在 WGS84/CGCS2000、GCJ-02（高德、腾讯）和 BD-09（百度）之间转换点、线、面图层的每个节点。国内网络地图和手机应用给出的是 GCJ-02 或 BD-09 坐标：在江都与 CGCS2000 相差数百米，比许多网格还宽。

GCJ-02 和 BD-09 是经纬度上的偏移，不是 PROJ 认识的坐标系：图层坐标按经纬度读取（投影图层先转换到 EPSG:4326），输出为 EPSG:4326。中国境外的点保持不变，这也是 GCJ-02 的定义。</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="57"/>
        <source>WGS84 / CGCS2000</source>
        <translation>WGS84 / CGCS2000</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="58"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="59"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="61"/>
        <source>Input layer</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="66"/>
        <source>Coordinates of the input</source>
        <translation>输入坐标系</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="71"/>
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="74"/>
        <source>Converted</source>
        <translation>转换结果</translation>
    </message>
    <message>
        <location filename="../processing/convert_chinese_coordinates.py" line="90"/>
        <source>The input layer has no coordinate reference system: set it in the layer&apos;s properties (Source) and run again.</source>
        <translation>输入图层没有坐标参考系：请在图层属性（源）中设置后重新运行。</translation>
    </message>
</context>
<context>
    <name>CopyStoreAlgorithm</name>
    <message>
        <location filename="../processing/copy_store.py" line="100"/>
        <source>Copy</source>
        <translation>复制方向</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="100"/>
        <source>GeoPackage → PostGIS</source>
        <translation>GeoPackage → PostGIS</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="100"/>
        <source>PostGIS → GeoPackage</source>
        <translation>PostGIS → GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="70"/>
        <source>PostgreSQL connection</source>
        <translation>PostgreSQL 连接</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="75"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="90"/>
        <source>Create the database roles (supervisor, command centre, town staff, GIS editor) and their rules</source>
        <translation>创建数据库角色（督查、指挥中心、镇级人员、GIS 编辑）及其权限规则</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="129"/>
        <source>Copied {table}</source>
        <translation>已复制 {table}</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="140"/>
        <source>Roles: {roles}; give town staff their towns in {schema}.staff_towns</source>
        <translation>角色：{roles}；请在 {schema}.staff_towns 中为镇级人员登记所属镇</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="147"/>
        <source>{rows} rows in {tables} tables copied</source>
        <translation>已复制 {tables} 张表共 {rows} 行</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="172"/>
        <source>Project saved as {uri}</source>
        <translation>工程已保存为 {uri}</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="36"/>
        <source>Copy grid store to PostGIS</source>
        <translation>复制网格库到 PostGIS</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="39"/>
        <source>Copies a whole grid store from a GeoPackage into a schema of a PostgreSQL database with PostGIS, in one transaction: every table with its codes, fids and histories, and the layer styles (in the database's public.layer_styles, where QGIS finds them). The connection is one of QGIS's PostgreSQL connections; its password or authentication configuration stays in QGIS. To copy a PostGIS store back into a GeoPackage, run Copy grid store from PostGIS to a GeoPackage.

The grids in PostGIS keep the GeoPackage's rules and history (triggers that refuse overlaps, gaps and bad codes, whoever writes). With the project, the supervisor's project (styled layers and the town atlas) is saved in the schema: open it with Project → Open From → PostgreSQL. An existing schema is replaced only when Overwrite is checked.

With the roles: supervisors read everything but personal data, which they read masked (officers_masked, incident_reporters_masked); the command centre moves any incident; town staff move only their towns' incidents and edit only their grids (their towns are rows of staff_towns); GIS editors maintain towns, communities, grids and facilities. Grant a login role one of them: GRANT jiangdu_supervisor TO wang;</source>
        <translation>把整个网格库从 GeoPackage 复制到启用 PostGIS 的 PostgreSQL 数据库的一个模式中，在一个事务中完成：每张表及其编码、要素号和历史记录，以及图层样式（存于数据库的 public.layer_styles，QGIS 从中读取）。连接使用 QGIS 的 PostgreSQL 连接；其密码或认证配置只保存在 QGIS 中。要把 PostGIS 网格库复制回 GeoPackage，请运行“从 PostGIS 复制网格库到 GeoPackage”。

PostGIS 中的网格保留 GeoPackage 的规则与历史（无论由谁写入，触发器都会拒绝重叠、空隙和错误编码）。勾选保存工程时，督导工程（带样式的图层和镇图册）保存在该模式中：用“工程 → 打开自 → PostgreSQL”打开。仅在勾选“覆盖”时替换已有模式。

创建角色后：督导人员可读取全部数据，但个人信息只能通过脱敏视图读取（officers_masked、incident_reporters_masked）；指挥中心可流转任何事件；镇工作人员只能流转本镇事件、只能编辑本镇网格（其所属镇记录在 staff_towns 中）；GIS 编辑人员维护镇、村（社区）、网格和城市部件。将角色授予登录用户，例如：GRANT jiangdu_supervisor TO wang;</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="62"/>
        <source>Grid store to copy (GeoPackage)</source>
        <translation>要复制的网格库（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="78"/>
        <source>Overwrite an existing schema</source>
        <translation>覆盖已有的模式</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="83"/>
        <source>Save the supervisor&apos;s project in the schema</source>
        <translation>在模式中保存督导工程</translation>
    </message>
    <message>
        <location filename="../processing/copy_store.py" line="113"/>
        <source>PostGIS → GeoPackage is now its own algorithm: run jiangdu_grid:copy_store_to_geopackage (CONNECTION, SCHEMA, OUTPUT).</source>
        <translation>PostGIS → GeoPackage 现在是单独的算法：请运行 jiangdu_grid:copy_store_to_geopackage（CONNECTION、SCHEMA、OUTPUT）。</translation>
    </message>
</context>
<context>
    <name>CopyStoreToGeoPackageAlgorithm</name>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="28"/>
        <source>Copy grid store from PostGIS to a GeoPackage</source>
        <translation>从 PostGIS 复制网格库到 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="31"/>
        <source>Copies a whole grid store from a schema of a PostgreSQL database with PostGIS into a new GeoPackage, in one transaction: every table with its codes, fids and histories, and the layer styles. The connection is one of QGIS&apos;s PostgreSQL connections; its password or authentication configuration stays in QGIS. The logins&apos; towns (staff_towns) stay in PostGIS. An existing file is replaced only when Overwrite is checked.</source>
        <translation>把整个网格库从启用 PostGIS 的 PostgreSQL 数据库的一个模式复制到新的 GeoPackage 文件中，在一个事务中完成：每张表及其编码、要素号和历史记录，以及图层样式。连接使用 QGIS 的 PostgreSQL 连接；其密码或认证配置只保存在 QGIS 中。登录用户所属的镇（staff_towns）仍只保存在 PostGIS 中。仅在勾选“覆盖”时替换已有文件。</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="41"/>
        <source>PostgreSQL connection</source>
        <translation>PostgreSQL 连接</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="46"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="49"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="54"/>
        <source>New GeoPackage store</source>
        <translation>新的 GeoPackage 网格库</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="54"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="62"/>
        <source>Choose where to save the GeoPackage store: a temporary file is deleted when QGIS closes.</source>
        <translation>请选择 GeoPackage 网格库的保存位置：临时文件会在 QGIS 关闭时删除。</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="77"/>
        <source>Choose the new GeoPackage to copy the PostGIS store into.</source>
        <translation>请选择用于接收 PostGIS 网格库的新 GeoPackage 文件。</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="93"/>
        <source>{rows} rows in {tables} tables copied</source>
        <translation>已复制 {tables} 张表共 {rows} 行</translation>
    </message>
    <message>
        <location filename="../processing/copy_store_to_geopackage.py" line="82"/>
        <source>Copied {table}</source>
        <translation>已复制 {table}</translation>
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
        <location filename="../processing/create_store.py" line="37"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="32"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="62"/>
        <source>Created {path}</source>
        <translation>已创建 {path}</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="24"/>
        <source>Creates an empty grid store: a GeoPackage with the towns, communities, grids, facilities, officers, incidents and enforcement layers and tables, the workflow steps and facility classes, and a default style for every layer, in the file you choose. An existing file is replaced only when Overwrite is checked.</source>
        <translation>在您选择的文件中创建一个空的网格库：包含镇、村（社区）、网格、城市部件、网格人员、事件和执法图层与数据表、流转环节和部件分类，以及每个图层的默认样式的 GeoPackage 文件。仅在勾选“覆盖”时替换已有文件。</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="37"/>
        <source>Grid store file</source>
        <translation>网格库文件</translation>
    </message>
    <message>
        <location filename="../processing/create_store.py" line="45"/>
        <source>Choose where to save the new grid store: a temporary file is deleted when QGIS closes.</source>
        <translation>请选择新网格库的保存位置：临时文件会在 QGIS 关闭时删除。</translation>
    </message>
</context>
<context>
    <name>DensityByTownAlgorithm</name>
    <message>
        <location filename="../processing/density_by_town.py" line="145"/>
        <source>Density by town</source>
        <translation>分镇密度</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="67"/>
        <source>Where incidents or enforcement cases concentrate. For the chosen town (or the whole district) and period, it writes a table of towns and a table of grids (count, per km2, per 10,000 people, share of the district, and the change against the previous period of the same length), and a kernel-density raster clipped to the town or the district.

The raster follows QGIS&apos;s Heatmap (kernel density estimation) with the quartic kernel and raw values: each pixel holds the sum over the points within the radius of (1 - (d/radius)^2)^2. It is computed by binning and an FFT, in a fraction of the time. Radius and pixel size are in metres (EPSG:4549).</source>
        <translation>事件或执法案件集中在哪里。按所选镇（或全区）和时段，输出镇统计表和网格统计表（数量、每平方公里、每万人、占全区比例，以及与上一等长时段相比的变化），以及裁剪到该镇或全区的核密度栅格。

栅格与 QGIS 的“热力图（核密度估计）”采用四次核、原始值的定义相同：每个像元的值是半径内各点 (1 - (d/半径)^2)^2 之和。本算法以分箱和快速傅里叶变换计算，用时只是其零头。半径和像元大小以米为单位（EPSG:4549）。</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="81"/>
        <source>Density of</source>
        <translation>统计对象</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="81"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="81"/>
        <source>Enforcement cases</source>
        <translation>执法案件</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="90"/>
        <source>Town (name or code; empty for the whole district)</source>
        <translation>镇（名称或代码；留空为全区）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="97"/>
        <source>Radius (metres)</source>
        <translation>半径（米）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="106"/>
        <source>Pixel size (metres)</source>
        <translation>像元大小（米）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Event category code (incidents only)</source>
        <translation>事件大类代码（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Step (incidents only)</source>
        <translation>环节（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Source (incidents only)</source>
        <translation>来源（仅事件）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="142"/>
        <source>Density raster</source>
        <translation>核密度栅格</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="145"/>
        <source>Density by grid</source>
        <translation>分网格密度</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="178"/>
        <source>{count} points</source>
        <translation>{count} 个点</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="227"/>
        <source>Peak density {peak:.1f} (sum of kernel weights)</source>
        <translation>密度峰值 {peak:.1f}（核权重之和）</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="248"/>
        <source>Category, step and source apply to incidents only; they are ignored.</source>
        <translation>事件大类、环节和来源仅适用于事件，已忽略。</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="260"/>
        <source>No town {text}; the towns are: {names}</source>
        <translation>没有镇“{text}”；各镇为：{names}</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="275"/>
        <source>Cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Patrol</source>
        <translation>网格巡查</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>12345 hotline</source>
        <translation>12345 热线</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Police online sentiment</source>
        <translation>公安网络舆情</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Three-level duty linkage</source>
        <translation>三级联动</translation>
    </message>
    <message>
        <location filename="../processing/density_by_town.py" line="115"/>
        <source>Superior</source>
        <translation>上级交办</translation>
    </message>
</context>
<context>
    <name>DuplicatesPanel</name>
    <message>
        <location filename="../gui/duplicates.py" line="52"/>
        <source>Possible duplicate of {ticket}</source>
        <translation>疑似与 {ticket} 重复</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="59"/>
        <source>Possible duplicates of it: {tickets}</source>
        <translation>疑似与本事件重复：{tickets}</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="63"/>
        <source>report photo</source>
        <translation>上报照片</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="64"/>
        <source>before handling</source>
        <translation>处置前</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="65"/>
        <source>after handling</source>
        <translation>处置后</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="76"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="92"/>
        <source>Possible duplicate</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="92"/>
        <source>Original</source>
        <translation>原事件</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="92"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="92"/>
        <source>Apart</source>
        <translation>相距</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="92"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="151"/>
        <source>The command centre merges a duplicate or clears its mark.</source>
        <translation>由指挥中心确认合并重复事件或清除标记。</translation>
    </message>
    <message>
        <location filename="../gui/duplicates.py" line="135"/>
        <source>Duplicates {count}</source>
        <translation>重复 {count}</translation>
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
        <location filename="../processing/escalate_overdue.py" line="76"/>
        <source>{ticket} → {level}</source>
        <translation>{ticket} → {level}</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="81"/>
        <source>{count} overdue incidents would be escalated (dry run: nothing written).</source>
        <translation>将有 {count} 件超时事件被升级（试运行：未写入任何内容）。</translation>
    </message>
    <message>
        <location filename="../processing/escalate_overdue.py" line="81"/>
        <source>{count} overdue incidents escalated.</source>
        <translation>已升级 {count} 件超时事件。</translation>
    </message>
</context>
<context>
    <name>ExportOpen311Algorithm</name>
    <message>
        <location filename="../processing/export_open311.py" line="33"/>
        <source>Export to Open311 (GeoReport v2)</source>
        <translation>导出 Open311（GeoReport v2）</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="63"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="71"/>
        <source>Requests written</source>
        <translation>写出的请求数</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="130"/>
        <source>{services} services and {requests} requests written to {folder}</source>
        <translation>已写出 {services} 条服务和 {requests} 条请求至 {folder}</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="64"/>
        <source>Media base URL (where the media folder is published)</source>
        <translation>照片发布地址（media 文件夹发布的网址）</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="72"/>
        <source>Photos written</source>
        <translation>写出的照片数</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="87"/>
        <source>The media base URL must be a web address (http:// or https://): {url}</source>
        <translation>照片发布地址须为网址（http:// 或 https://）：{url}</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="118"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="136"/>
        <source>{photos} photos written to {folder}</source>
        <translation>已将 {photos} 张照片写入 {folder}</translation>
    </message>
    <message>
        <location filename="../processing/export_open311.py" line="36"/>
        <source>Writes two Open311 GeoReport v2 files into the folder, UTF-8 JSON as the standard&apos;s GET responses: services.json, one service per item of the event catalogue (service_code, service_name, description, metadata, type, keywords, group), and requests.json, one request per incident (service_request_id = the ticket, status open or closed, status_notes = its step, service_code and service_name of its item, description, agency_responsible = the unit it was sent to, requested, updated and expected (deadline) datetimes in ISO 8601 with +08:00, address, lat and long in WGS-84, media_url where a photo exists).

Photos: GeoReport v2 gives a request one media_url, so each incident&apos;s first photo (the oldest that can be read) is written into a media folder beside the two files, named &lt;ticket&gt;_&lt;n&gt;.jpg or .png (n: its place among the incident&apos;s photos; a ticket with characters no file name may hold, or differing from another only in case, is followed by a short digest of it), and media_url is media/&lt;file&gt;, relative to requests.json. Where the command centre publishes that folder on the web, give its address as media base URL: media_url is then &lt;media base URL&gt;/&lt;file&gt;. A photo stored as a path that no longer exists is left out, and the log names its incident&apos;s ticket. A media folder already there is replaced; if the export fails, nothing is written.

No personal data is written: no caller&apos;s name or phone, no staff names or notes, and phone-shaped text in a description or address is masked (photos are written as they were taken).</source>
        <translation>在文件夹中写出两个 Open311 GeoReport v2 文件，均为 UTF-8 JSON，格式同标准的 GET 响应：services.json，事件责任清单每个事项一条服务（service_code、service_name、description、metadata、type、keywords、group）；requests.json，每个事件一条请求（service_request_id 为事件编号，status 为 open 或 closed，status_notes 为所处环节，事项的 service_code 和 service_name，description，agency_responsible 为派往的单位，上报、更新和预计办结（时限）时间均为带 +08:00 的 ISO 8601，地址，WGS-84 经纬度 lat、long，有照片时的 media_url）。

照片：GeoReport v2 每条请求只有一个 media_url，因此每个事件的第一张照片（可读取的最早一张）写入两个文件旁的 media 文件夹，文件名为 &lt;ticket&gt;_&lt;n&gt;.jpg 或 .png（n 为该照片在事件照片中的序号；事件编号含文件名不允许的字符、或与另一编号仅大小写不同时，其后加上该编号的简短摘要），media_url 为 media/&lt;file&gt;，相对于 requests.json。指挥中心将该文件夹发布到网上时，请将其网址填为照片发布地址：media_url 即为 &lt;照片发布地址&gt;/&lt;file&gt;。以路径保存、而该路径已不存在的照片不导出，日志中注明其事件编号。已有的 media 文件夹将被替换；导出失败时不写入任何内容。

不写出任何个人信息：没有来电人姓名和电话，没有工作人员姓名和意见，描述和地址中形似电话号码的内容已打码（照片按拍摄原样写出）。</translation>
    </message>
</context>
<context>
    <name>FacilityLocatorFilter</name>
    <message>
        <location filename="../gui/facility_locator.py" line="24"/>
        <source>intact</source>
        <translation>完好</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="25"/>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="26"/>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="27"/>
        <source>occupied</source>
        <translation>占用</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="47"/>
        <source>Jiangdu facilities</source>
        <translation>江都城市部件</translation>
    </message>
    <message>
        <location filename="../gui/facility_locator.py" line="84"/>
        <source>retired</source>
        <translation>已注销</translation>
    </message>
</context>
<context>
    <name>GeocodeFacilityCodesAlgorithm</name>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="37"/>
        <source>Geocode facility codes</source>
        <translation>部件编码批量定位</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="40"/>
        <source>Facilities</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="46"/>
        <source>Places the facilities a list names by their 16-digit code (GB/T 30428.2 style) on the map, with their class, name, state, grid, community, town and the grid&apos;s officers (phones masked).

The list can be any table QGIS reads, or a CSV file in UTF-8 (with or without BOM) or GB18030/GBK as Excel saves it: the encoding is detected. Codes are normalised first (surrounding spaces, full-width digits, numbers from numeric columns). Every row comes out once: placed rows in the output layer, the others in the errors table with all their columns and the reason: empty, non-digits, wrong length, a number that lost digits in Excel, wrong district, unknown class, not in the inventory, or retired.</source>
        <translation>按16位部件编码（GB/T 30428.2 格式）把清单中的部件定位到地图上，并给出其分类、名称、状态、所在网格、村（社区）、镇和网格员（电话脱敏）。

清单可以是 QGIS 能读取的任意表格或图层，也可以是 UTF-8（带或不带 BOM）或 Excel 保存的 GB18030/GBK 编码的 CSV 文件：编码自动识别。编码先经过规范化（去除首尾空格、全角数字、数值列中的数字）。每一行都会输出且只输出一次：定位成功的行进入输出图层，其余的连同全部原始列和原因进入错误表：为空、含非数字字符、位数不对、被 Excel 转成数值而丢失位数、区划代码不对、分类不存在、清查中没有该部件或部件已注销。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="77"/>
        <source>List of facility codes (table, layer or CSV file)</source>
        <translation>部件编码清单（表格、图层或 CSV 文件）</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="100"/>
        <source>Placed facilities</source>
        <translation>已定位部件</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="107"/>
        <source>Rows that could not be placed</source>
        <translation>未能定位的行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="150"/>
        <source>The input has no column {name}; its columns are: {columns}</source>
        <translation>输入没有 {name} 列；现有的列为：{columns}</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="156"/>
        <source>{count} rows read</source>
        <translation>已读取 {count} 行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="259"/>
        <source>{rows} rows in = {placed} placed + {errors} not placed</source>
        <translation>输入 {rows} 行 = 已定位 {placed} 行 + 未定位 {errors} 行</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="84"/>
        <source>Facility code column (empty: the list&apos;s only column)</source>
        <translation>部件编码列（留空：清单仅有的一列）</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="134"/>
        <source>The list has no header row: its first row is read as codes, its columns are named {columns}.</source>
        <translation>清单没有表头行：第一行按编码读取，各列命名为 {columns}。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="143"/>
        <source>Choose the facility code column: the list has {count} columns ({columns}).</source>
        <translation>请选择部件编码列：清单有 {count} 列（{columns}）。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="252"/>
        <source>{outcome} ({code}): {count}</source>
        <translation>{outcome}（{code}）：{count}</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="46"/>
        <source>

A row of a CSV file that cannot be read (a quote never closed, an impossibly long cell) goes to the errors table as unreadable_row, with the reason. Both outputs appear whole or not at all. An input column named like one of an output&apos;s own columns (fid, facility_code, grid_code, note...) comes out as input_&lt;name&gt;.</source>
        <translation>

CSV 文件中无法读取的行（引号未闭合、单元格过长）以 unreadable_row 写入错误表并注明原因。两个输出表要么完整出现，要么都不出现。输入表中与输出表自有列同名的列（fid、facility_code、grid_code、note 等）输出为 input_&lt;列名&gt;。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="46"/>
        <source>

Personal information is masked in both outputs: the list's columns named like a phone (电话, 手机, 联系方式, 来电号码, phone...) or a person (姓名, 联系人, 来电人, caller, name...) are masked whole (138****5678, 张*), and in every other cell anything shaped like a phone number and the names those columns hold are masked; the officers' phones are always masked. Tick the option only when your role needs them in full.</source>
        <translation>

两个输出中的个人信息均脱敏：清单中列名像电话（电话、手机、联系方式、来电号码、phone 等）或人名（姓名、联系人、来电人、caller、name 等）的列整列脱敏（138****5678、张*），其他单元格中任何形如电话号码的内容以及这些列中的姓名也一并脱敏；网格员电话始终脱敏。仅当您的角色需要完整信息时才勾选此选项。</translation>
    </message>
    <message>
        <location filename="../processing/geocode_facility_codes.py" line="93"/>
        <source>Write phone numbers and names in full (personal information)</source>
        <translation>完整写出电话号码和姓名（个人信息）</translation>
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
        <location filename="../gui/grid_guard.py" line="453"/>
        <source>Grids saved and checked.</source>
        <translation>网格已检查并保存。</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="563"/>
        <source>Grid Check</source>
        <translation>网格检查</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="260"/>
        <source>Grids not saved (1 problem, in the Grid Check panel; your edits are kept)</source>
        <translation>网格未保存（1 个问题，见“网格检查”面板；您的编辑仍保留）</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="264"/>
        <source>Grids not saved ({count} problems, in the Grid Check panel; your edits are kept)</source>
        <translation>网格未保存（{count} 个问题，见“网格检查”面板；您的编辑仍保留）</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="268"/>
        <source>{lead}: {problems}</source>
        <translation>{lead}：{problems}</translation>
    </message>
    <message>
        <location filename="../gui/grid_guard.py" line="141"/>
        <source>The grid store cannot be read ({error}): saves of this edit session will be refused; stop editing and start again when it can.</source>
        <translation>无法读取网格数据库（{error}）：本次编辑的保存将被拒绝；请在可以读取时停止编辑并重新开始。</translation>
    </message>
</context>
<context>
    <name>HotlineRepliesAlgorithm</name>
    <message>
        <location filename="../processing/hotline_replies.py" line="29"/>
        <source>Replies to the 12345 hotline</source>
        <translation>12345 热线办理结果回复</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="32"/>
        <source>For each 12345 hotline ticket that moved in the period (any step, escalation or follow-up), the row the hotline office takes back (办理结果回复): ticket, time of the call, caller and phone (masked: 张*明, 138****5678), content, address, the state it is in, the unit it was sent to, when it was dispatched, its deadline, when it was handled and how, when it was closed, and the follow-up (回访: when, the caller's satisfaction, the note, and how many times it was reworked).

Write it to .xlsx or .csv (UTF-8 with a byte-order mark, or GB18030) for the hotline office; phone-shaped text in any cell is masked too.</source>
        <translation>时段内有流转（任一环节、督办升级或回访）的每张 12345 热线工单，按热线办公室回收的格式各写一行（办理结果回复）：工单编号、来电时间、来电人和来电号码（已打码：张*明、138****5678）、诉求内容、地址、办理状态、承办单位、派遣时间、办理时限、处置时间和办理结果、办结时间，以及回访（回访时间、群众满意度、回访意见和返工次数）。

可输出为 .xlsx 或 .csv（带字节顺序标记的 UTF-8，或 GB18030）交热线办公室；任何单元格中形似电话号码的内容也已打码。</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="45"/>
        <source>Moved from (date)</source>
        <translation>流转起始日期</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="45"/>
        <source>Moved until (date, included)</source>
        <translation>流转截止日期（含当日）</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="54"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="70"/>
        <source>The period ends before it starts.</source>
        <translation>时段的结束早于开始。</translation>
    </message>
    <message>
        <location filename="../processing/hotline_replies.py" line="86"/>
        <source>{count} tickets moved in the period</source>
        <translation>时段内有流转的工单 {count} 张</translation>
    </message>
</context>
<context>
    <name>ImportFieldReportsAlgorithm</name>
    <message>
        <location filename="../processing/import_field_reports.py" line="41"/>
        <source>Import field reports</source>
        <translation>导入外业上报</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="44"/>
        <source>Merges a field package (made by Package an officer's field work and filled in QField or QGIS) into the store, in one transaction.

New reports are routed by the store as any report is: ticket, grid, town, first step 采集上报, and marked as possible duplicates of an open incident of the same item within 50 m and 24 hours; their photos go with them. 处理反馈 written on a dispatched incident moves it to handled as the officer, with the before and after photos. Importing the same package again adds nothing.

When the office moved a dispatched incident after the package was made, its feedback is a conflict: reported in the table, never written over. A report refused (no point, no or unknown item, no description, a point outside the district, a photo that is not a JPEG or PNG, too large or missing) stops the whole import: nothing is written, and the table says which row and why.

The table has one row per report or feedback of the package, where it is, with what happened to it.</source>
        <translation>将外业包（由“生成网格员外业包”生成，并在 QField 或 QGIS 中填写）合并入库，在一个事务中完成。

新上报事件与任何上报一样由库自动定位：事件编号、网格、镇、首个环节采集上报；与同一事项在50米、24小时内的在办事件标为疑似重复；其照片随之导入。在已派遣事件上填写的处理反馈，以该网格员的身份将事件转为处理反馈环节，并附处置前后照片。同一外业包再次导入不会重复添加。

外业包生成后办公室已变更的派遣事件，其反馈为冲突：在结果表中列出，绝不覆盖。任何一条上报被拒绝（无位置、无事项或事项不存在、无描述、位置在区外、照片不是JPEG或PNG、过大或缺失）都会使整个导入停止：不写入任何内容，结果表说明是哪一行及原因。

结果表中外业包的每条上报或反馈一行，位于其所在位置，并说明处理结果。</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="63"/>
        <source>Field package (its GeoPackage)</source>
        <translation>外业包（其 GeoPackage 文件）</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="63"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="70"/>
        <source>What happened to each row</source>
        <translation>各行导入结果</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="78"/>
        <source>Reports imported</source>
        <translation>导入的上报事件</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="78"/>
        <source>Feedback recorded</source>
        <translation>记录的处理反馈</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="78"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="150"/>
        <source>{outcome}: {count}</source>
        <translation>{outcome}：{count}</translation>
    </message>
    <message>
        <location filename="../processing/import_field_reports.py" line="152"/>
        <source>Nothing was imported: the package has refused rows (see the table).</source>
        <translation>未导入任何内容：外业包中有被拒绝的行（见结果表）。</translation>
    </message>
</context>
<context>
    <name>ImportHotlineAlgorithm</name>
    <message>
        <location filename="../processing/import_hotline.py" line="49"/>
        <source>Import 12345 hotline records</source>
        <translation>导入12345热线工单</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="89"/>
        <source>Hotline export (table, layer or CSV file)</source>
        <translation>热线工单导出文件（表格、图层或 CSV 文件）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="98"/>
        <source>Ticket id column</source>
        <translation>工单编号列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="99"/>
        <source>Time column</source>
        <translation>来电时间列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="100"/>
        <source>Caller phone column</source>
        <translation>来电号码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="101"/>
        <source>Caller name column</source>
        <translation>来电人列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="102"/>
        <source>Address column</source>
        <translation>地址列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="103"/>
        <source>Longitude column</source>
        <translation>经度列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="104"/>
        <source>Latitude column</source>
        <translation>纬度列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="105"/>
        <source>Content column</source>
        <translation>诉求内容列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="106"/>
        <source>Facility code column</source>
        <translation>部件编码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="107"/>
        <source>Catalogue item column</source>
        <translation>事项编码列</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="115"/>
        <source>Coordinate system of the longitude and latitude</source>
        <translation>经纬度所用坐标系</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="115"/>
        <source>WGS84 / CGCS2000</source>
        <translation>WGS84 / CGCS2000</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="115"/>
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="115"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="127"/>
        <source>Dry run (check and route, write nothing)</source>
        <translation>试运行（只检查和定位，不写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="141"/>
        <source>Imported incidents</source>
        <translation>已导入事件</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="141"/>
        <source>Rows not imported</source>
        <translation>未导入的行</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="171"/>
        <source>{count} rows read</source>
        <translation>已读取 {count} 行</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="253"/>
        <source>{rows} rows in = {imported} imported + {errors} not imported{dry}</source>
        <translation>输入 {rows} 行 = 导入 {imported} 行 + 未导入 {errors} 行{dry}</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="253"/>
        <source> (dry run: nothing written)</source>
        <translation>（试运行：未写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="52"/>
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
        <location filename="../processing/import_hotline.py" line="134"/>
        <source>Write phone numbers and names in full (personal information)</source>
        <translation>完整写出电话号码和姓名（个人信息）</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="248"/>
        <source>{outcome} ({code}): {count}</source>
        <translation>{outcome}（{code}）：{count}</translation>
    </message>
    <message>
        <location filename="../processing/import_hotline.py" line="80"/>
        <source>

The import and its two outputs land together or not at all: the outputs are written before the incidents are committed and appear only once they are, so that a failure or Cancel leaves the store and the outputs as they were. An input column named like one of an output&apos;s own columns (fid, ticket, grid_code, note...) comes out as input_&lt;name&gt;.</source>
        <translation>

导入与其两个输出表同成同败：输出表在事件提交之前写好，提交之后才出现；因此出错或取消时，数据库和输出都保持原样。输入表中与输出表自有列同名的列（fid、ticket、grid_code、note 等）输出为 input_&lt;列名&gt;。</translation>
    </message>
</context>
<context>
    <name>ImportOpen311Algorithm</name>
    <message>
        <location filename="../processing/import_open311.py" line="40"/>
        <source>Import Open311 requests</source>
        <translation>导入 Open311 请求</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="67"/>
        <source>Open311 requests (JSON)</source>
        <translation>Open311 请求（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="67"/>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="75"/>
        <source>The system the requests come from</source>
        <translation>请求来源系统</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="80"/>
        <source>Dry run (check and route, write nothing)</source>
        <translation>试运行（只检查和定位，不写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="85"/>
        <source>Outcome of each request</source>
        <translation>各请求结果</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="178"/>
        <source>{rows} requests = {imported} imported + {errors} not imported</source>
        <translation>{rows} 条请求 = 已导入 {imported} + 未导入 {errors}</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="60"/>
        <source>

The import and its output land together or not at all: the output is written before the incidents are committed and appears only once they are, so that an output that cannot be written leaves the store as it was.</source>
        <translation>

导入与其输出要么一起完成，要么都不发生：输出在事件提交之前写好，提交之后才出现，因此输出无法写入时数据库保持原样。</translation>
    </message>
    <message>
        <location filename="../processing/import_open311.py" line="43"/>
        <source>Imports service requests from another system in Open311 GeoReport v2 form (a GET requests response saved as JSON: an array of requests) as incidents at the step reported, through the same checks as the 12345 hotline import: service_request_id is the ticket (a ticket already in the store is refused, so importing again changes nothing), requested_datetime the time, lat and long (WGS-84) the place (else the community its address names), description the content, service_code the catalogue item. Each request is placed and routed to its grid; the batch is written in one transaction. The output has a row per request: imported, or the reason it was not. Dry run checks everything and writes nothing.

The requests are stored as 12345 hotline cases (source hotline_12345; the store has no source of its own for another system), with the system's name as who reported them. So they take the hotline's moves and answers: after closing, the caller's satisfaction is followed up (回访) and an unsatisfied follow-up reopens the case (返工); they count as hotline cases in the figures by source; and they are among the tickets Replies to the 12345 hotline writes back.</source>
        <translation>将其他系统的 Open311 GeoReport v2 服务请求（保存为 JSON 的 GET requests 响应：请求数组）导入为“采集上报”环节的事件，检查与 12345 热线导入相同：service_request_id 为事件编号（库中已有的编号不再导入，重复导入不改变任何内容），requested_datetime 为时间，lat 和 long（WGS-84）为位置（没有时按地址中的村（社区）定位），description 为内容，service_code 为事项。每条请求定位并分派到网格；整批在一个事务中写入。输出每条请求一行：已导入，或未导入的原因。试运行只检查，不写入。

这些请求作为 12345 热线事件保存（来源 hotline_12345；库中没有为其他系统单设的来源），上报人为该系统的名称。因此它们适用热线的环节和答复：结案后回访来电人满意度，回访不满意则返工；按来源统计时计入 12345 热线；“12345 热线办理结果回复”也会写回这些工单。</translation>
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
        <location filename="../processing/base.py" line="221"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>JiangduAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="103"/>
        <source>Grid store (GeoPackage, or postgres:&lt;connection&gt;/&lt;schema&gt;)</source>
        <translation>网格库（GeoPackage，或 postgres:&lt;连接名&gt;/&lt;模式&gt;）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="103"/>
        <source>GeoPackage (*.gpkg);;All files (*)</source>
        <translation>GeoPackage 文件 (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="146"/>
        <source>{store} was upgraded from schema version {old} to {new}.</source>
        <translation>{store} 已从数据结构版本 {old} 升级到 {new}。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="175"/>
        <source>the grid store</source>
        <translation>网格数据库</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="180"/>
        <source>Cannot read or write {path}: {reason}.</source>
        <translation>无法读写 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="187"/>
        <source>The PostGIS store says: {reason}</source>
        <translation>PostGIS 数据库报告：{reason}</translation>
    </message>
</context>
<context>
    <name>JiangduGridPlugin</name>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Jiangdu Grid Toolbar</source>
        <translation>江都网格工具栏</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="85"/>
        <source>Create Grid Store…</source>
        <translation>创建网格库…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="117"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="91"/>
        <source>Route at a Point</source>
        <translation>点选定位派遣</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="109"/>
        <source>Route Incidents…</source>
        <translation>事件批量定位派遣…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="95"/>
        <source>Incident Supervision</source>
        <translation>事件督办</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="102"/>
        <source>Workflow Report…</source>
        <translation>流转统计报表…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="270"/>
        <source>Reading the grids of {store}</source>
        <translation>正在读取 {store} 的网格</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="306"/>
        <source>Jiangdu Grid Governance</source>
        <translation>江都区网格化社会治理</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="78"/>
        <source>Jiangdu &amp;Grid</source>
        <translation>江都网格(&amp;G)</translation>
    </message>
</context>
<context>
    <name>JiangduGridProvider</name>
    <message>
        <location filename="../processing/provider.py" line="56"/>
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
    <name>MoveDialog</name>
    <message>
        <location filename="../gui/move_dialog.py" line="78"/>
        <source>Fields marked * are required.</source>
        <translation>带 * 的为必填项。</translation>
    </message>
    <message>
        <location filename="../gui/move_dialog.py" line="100"/>
        <source>{unit} (as routed)</source>
        <translation>{unit}（按路由）</translation>
    </message>
    <message>
        <location filename="../gui/move_dialog.py" line="104"/>
        <source>As the route rules decide</source>
        <translation>按路由规则确定</translation>
    </message>
    <message>
        <location filename="../gui/move_dialog.py" line="106"/>
        <source>Choose a unit or an officer</source>
        <translation>请选择单位或人员</translation>
    </message>
</context>
<context>
    <name>MoveIncidentsAlgorithm</name>
    <message>
        <location filename="../processing/move_incidents.py" line="42"/>
        <source>Move incidents from a table</source>
        <translation>按表批量流转事件</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="69"/>
        <source>Moves (table, layer or CSV file)</source>
        <translation>流转表（表格、图层或 CSV 文件）</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Role the moves are made in</source>
        <translation>以何角色流转</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Command centre</source>
        <translation>指挥中心</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Grid officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="77"/>
        <source>Superior</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="91"/>
        <source>Signed as (name for the history)</source>
        <translation>署名（记入流转记录）</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="94"/>
        <source>Outcome of each row</source>
        <translation>各行结果</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="114"/>
        <source>Give the name the moves are signed with.</source>
        <translation>请填写流转的署名。</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="164"/>
        <source>{rows} rows: {moved} moved, {refused} refused, {conflicts} conflicts</source>
        <translation>{rows} 行：已流转 {moved}，被拒绝 {refused}，冲突 {conflicts}</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="45"/>
        <source>Applies a table of moves, such as a unit's reply file or the command centre's decisions, one row at a time, by the same rules as the supervision dock: the role must be allowed the move from the incident's step, the move must have what it needs, and an incident someone else moved since the version a row names is a conflict. A refused row changes nothing and the next row goes on.

Columns (English or Chinese names): ticket (事件编号) and move (动作: the move's code such as send_back, reassign, request_extension, approve_extension, refuse_extension, suspend, resume, follow_up, rework, or its Chinese label such as 退回, 改派, 延期申请, 批准延期, 不予延期, 挂账, 恢复, 回访, or the step it leads to); optional: note (意见, the reason a move needs), time (时间, ISO 8601; China time when it has no offset; now if empty), deadline (新时限, for a request or an approval of more time), unit (单位, a unit code for a dispatch or reassignment), officer (人员, an officer's number instead), satisfaction (满意度: 满意, 基本满意, 不满意 for a follow-up), version (版本: the version the decision was made on).

The output has one row per input row: the outcome (moved, refused, conflict, bad_row), why, and the incident's step, version and deadline after it.</source>
        <translation>逐行执行一张流转表，如责任单位的回复文件或指挥中心的决定，规则与督办面板相同：所选角色须可从事件当前环节做该动作，动作所需内容须填写齐全，若事件在该行所注版本之后已被他人流转则为冲突。被拒绝的行不改变任何内容，后续各行照常执行。

列（英文或中文列名）：ticket（事件编号）和 move（动作：动作代码，如 send_back、reassign、request_extension、approve_extension、refuse_extension、suspend、resume、follow_up、rework，或中文名称，如 退回、改派、延期申请、批准延期、不予延期、挂账、恢复、回访，或目标环节）；可选：note（意见，动作所需的理由）、time（时间，ISO 8601；不带时区即为北京时间；为空则为当前时间）、deadline（新时限，用于延期申请或批准延期）、unit（单位，派遣或改派的单位代码）、officer（人员，改用人员编号）、satisfaction（满意度：满意、基本满意、不满意，用于回访）、version（版本：作出决定时所依据的版本）。

输出每个输入行一行：结果（moved 已流转、refused 被拒绝、conflict 冲突、bad_row 行有误）、原因，以及流转后事件的环节、版本和时限。</translation>
    </message>
    <message>
        <location filename="../processing/move_incidents.py" line="62"/>
        <source>

The moves and the output land together or not at all: the output is written before the moves are committed and appears only once they are, so that an output that cannot be written leaves the store as it was.</source>
        <translation>

流转与其输出要么一起完成，要么都不发生：输出在流转提交之前写好，提交之后才出现，因此输出无法写入时数据库保持原样。</translation>
    </message>
</context>
<context>
    <name>OutputFields</name>
    <message>
        <location filename="../toolbelt/words.py" line="16"/>
        <source>Grid code</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="17"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="18"/>
        <source>Community code</source>
        <translation>村（社区）代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="20"/>
        <source>Community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="21"/>
        <source>Town code</source>
        <translation>镇代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="23"/>
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="24"/>
        <source>Grid officer ids</source>
        <translation>网格员编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="26"/>
        <source>Grid officers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="27"/>
        <source>Grid officer phones (masked)</source>
        <translation>网格员电话（脱敏）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="28"/>
        <source>Taken by the community&apos;s grid leader</source>
        <translation>由村（社区）网格长承接</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="29"/>
        <source>Grid leader ids</source>
        <translation>网格长编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="30"/>
        <source>Community grid leader ids</source>
        <translation>村（社区）网格长编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="31"/>
        <source>Town grid leader ids</source>
        <translation>镇网格长编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="32"/>
        <source>District grid leader ids</source>
        <translation>区网格长编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="33"/>
        <source>Instructor ids</source>
        <translation>指导员编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="34"/>
        <source>Responsible unit code</source>
        <translation>责任单位代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="35"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="36"/>
        <source>Time limit (hours)</source>
        <translation>处置时限（小时）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="37"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="38"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="39"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="40"/>
        <source>Distance to the grid (m)</source>
        <translation>距网格（米）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="42"/>
        <source>Input row</source>
        <translation>输入行号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="43"/>
        <source>Reason code</source>
        <translation>原因代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="44"/>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="46"/>
        <source>Facility code</source>
        <translation>部件编码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="47"/>
        <source>Class code</source>
        <translation>分类代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="48"/>
        <source>Major class</source>
        <translation>大类</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="49"/>
        <source>Class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="50"/>
        <source>Facility</source>
        <translation>部件名称</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="51"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="52"/>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="54"/>
        <source>Incident</source>
        <translation>事件要素号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="55"/>
        <source>Ticket</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="56"/>
        <source>Located by</source>
        <translation>定位方式</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="58"/>
        <source>Group code</source>
        <translation>分组代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="59"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="60"/>
        <source>Incidents</source>
        <translation>事件数</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="61"/>
        <source>Closed</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="62"/>
        <source>In progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="63"/>
        <source>Rejected</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="64"/>
        <source>Closure rate</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="65"/>
        <source>On-time rate</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="66"/>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="67"/>
        <source>Mean hours to register</source>
        <translation>平均立案用时（小时）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="68"/>
        <source>Mean hours to dispatch</source>
        <translation>平均派遣用时（小时）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="69"/>
        <source>Mean hours to handle</source>
        <translation>平均处置用时（小时）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="70"/>
        <source>Mean hours to close</source>
        <translation>平均结案用时（小时）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="71"/>
        <source>Evaluation score</source>
        <translation>考核评价得分</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="73"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="74"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="75"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="76"/>
        <source>Area (km2)</source>
        <translation>面积（平方公里）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="77"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="78"/>
        <source>Per km2</source>
        <translation>每平方公里</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="79"/>
        <source>Per 10,000 people</source>
        <translation>每万人</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="80"/>
        <source>Share of the district</source>
        <translation>占全区比例</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="81"/>
        <source>Previous period</source>
        <translation>上一时段</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="82"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="83"/>
        <source>Change (%)</source>
        <translation>变化（%）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="85"/>
        <source>Grid codes</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="86"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>OutputValues</name>
    <message>
        <location filename="../toolbelt/words.py" line="93"/>
        <source>inside a grid</source>
        <translation>网格内</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="94"/>
        <source>on a shared boundary</source>
        <translation>共用边界</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="95"/>
        <source>nearest grid</source>
        <translation>最近网格</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="96"/>
        <source>unroutable</source>
        <translation>无法定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="97"/>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="104"/>
        <source>placed</source>
        <translation>已定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="105"/>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="106"/>
        <source>not digits</source>
        <translation>含非数字</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="107"/>
        <source>wrong length</source>
        <translation>位数不对</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="108"/>
        <source>digits lost in Excel</source>
        <translation>被 Excel 截断</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="109"/>
        <source>another district</source>
        <translation>非本区编码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="110"/>
        <source>unknown class</source>
        <translation>分类不存在</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="111"/>
        <source>not in the inventory</source>
        <translation>不在部件清查库中</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="112"/>
        <source>retired</source>
        <translation>已注销</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="120"/>
        <source>empty ticket id</source>
        <translation>工单编号为空</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="121"/>
        <source>unusable ticket id</source>
        <translation>工单编号不可用</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="122"/>
        <source>ticket id repeated</source>
        <translation>工单编号重复</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="123"/>
        <source>already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="124"/>
        <source>unreadable time</source>
        <translation>时间无法识别</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="125"/>
        <source>implausible time</source>
        <translation>时间不合理</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="126"/>
        <source>no place</source>
        <translation>无法定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="127"/>
        <source>unreadable coordinates</source>
        <translation>坐标无法识别</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="128"/>
        <source>coordinates out of range</source>
        <translation>坐标超出范围</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="129"/>
        <source>longitude and latitude swapped</source>
        <translation>经纬度颠倒</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="162"/>
        <source>outside the district</source>
        <translation>在本区以外</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="131"/>
        <source>unreadable row</source>
        <translation>行无法读取</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="132"/>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="133"/>
        <source>possible duplicate</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="134"/>
        <source>phone number kept as given</source>
        <translation>电话号码按原样保留</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="135"/>
        <source>control characters removed</source>
        <translation>已去除控制字符</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="136"/>
        <source>located by coordinates</source>
        <translation>按坐标定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="137"/>
        <source>located by facility code</source>
        <translation>按部件编码定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="138"/>
        <source>located by address</source>
        <translation>按地址定位</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="144"/>
        <source>coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="145"/>
        <source>facility code</source>
        <translation>部件编码</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="146"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="153"/>
        <source>empty geometry</source>
        <translation>几何为空</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="154"/>
        <source>invalid geometry</source>
        <translation>几何无效</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="155"/>
        <source>malformed code</source>
        <translation>编码格式错误</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="156"/>
        <source>code not its community&apos;s</source>
        <translation>编码与所属村（社区）不符</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="157"/>
        <source>code used twice</source>
        <translation>编码重复</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="158"/>
        <source>retired code</source>
        <translation>编码已注销</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="159"/>
        <source>overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="160"/>
        <source>gap</source>
        <translation>空隙</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="161"/>
        <source>outside its community</source>
        <translation>超出所属村（社区）</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="168"/>
        <source>intact</source>
        <translation>完好</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="169"/>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="170"/>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../toolbelt/words.py" line="171"/>
        <source>occupied</source>
        <translation>占用</translation>
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
        <location filename="../processing/outputs.py" line="207"/>
        <source>No driver writes .{extension} files.</source>
        <translation>没有驱动能写入 .{extension} 文件。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="224"/>
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
        <location filename="../processing/outputs.py" line="196"/>
        <source>Cannot write {path}: {reason}. Choose a folder you can write to.</source>
        <translation>无法写入 {path}：{reason}。请选择可写的文件夹。</translation>
    </message>
</context>
<context>
    <name>PackageForFieldAlgorithm</name>
    <message>
        <location filename="../processing/package_for_field.py" line="27"/>
        <source>Package an officer&apos;s field work</source>
        <translation>生成网格员外业包</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="30"/>
        <source>Writes a field package (外业包) for one officer into a folder: a GeoPackage and a QGIS project beside it that QGIS and QField open offline. It holds the grids the officer serves today, their villages and communities, the facilities in use in them, the open incidents dispatched to those grids (with their photos, as files in photos/), and the event catalogue; the report form of the store (category, then item, description, address, photos) and a map that reads without a basemap. Reporters' names and phone numbers are masked.

In the field the officer adds reports (with photos, taken as files beside the package) and writes 处理反馈 on the dispatched incidents. Copy the folder back and run Import field reports on its GeoPackage.

Officer: the number (fid) of the officer in the store's officers table.</source>
        <translation>为一名网格人员在文件夹中生成外业包：一个 GeoPackage 文件及其旁的 QGIS 工程，QGIS 和 QField 均可离线打开。其中包括该人员当日负责的网格、所在村（社区）、网格内在用的城市部件、派遣到这些网格的在办事件（照片以文件形式保存在 photos/ 中）以及事件责任清单；库中的上报表单（先大类后事项、描述、地址、照片）以及无需底图即可阅读的地图。报告人姓名和电话已脱敏。

外业中，网格员新增上报（照片以文件形式保存在外业包旁），并在已派遣事件上填写处理反馈。将文件夹拷回后，对其 GeoPackage 运行“导入外业上报”。

网格人员：该人员在库中网格人员表里的要素号（fid）。</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="46"/>
        <source>Officer (fid in the officers table)</source>
        <translation>网格人员（网格人员表中的要素号 fid）</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="54"/>
        <source>Package folder</source>
        <translation>外业包文件夹</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="57"/>
        <source>Field package</source>
        <translation>外业包</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="58"/>
        <source>Field project</source>
        <translation>外业工程</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="59"/>
        <source>Dispatched incidents packaged</source>
        <translation>打包的已派遣事件</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="80"/>
        <source>Field package of {name} ({code})</source>
        <translation>{name}（{code}）的外业包</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="85"/>
        <source>{grids} grids, {communities} villages and communities, {facilities} facilities, {incidents} dispatched incidents with {photos} photos.</source>
        <translation>{grids}个网格、{communities}个村（社区）、{facilities}个城市部件、{incidents}个已派遣事件及其{photos}张照片。</translation>
    </message>
    <message>
        <location filename="../processing/package_for_field.py" line="91"/>
        <source>Open {project} in QGIS or QField.</source>
        <translation>请在 QGIS 或 QField 中打开 {project}。</translation>
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
        <location filename="../gui/route_panel.py" line="92"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="93"/>
        <source>Community</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="94"/>
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="97"/>
        <source>Grid officers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="99"/>
        <source>Answers instead (community)</source>
        <translation>兜底责任人（村/社区）</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="100"/>
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="100"/>
        <source>Community grid leader</source>
        <translation>村（社区）网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="100"/>
        <source>Town grid leaders</source>
        <translation>镇级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="100"/>
        <source>District grid leaders</source>
        <translation>区级网格长</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="109"/>
        <source>Instructor</source>
        <translation>指导员</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="111"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="114"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="114"/>
        <source>{hours} hours</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../gui/route_panel.py" line="120"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
</context>
<context>
    <name>RouteIncidentsAlgorithm</name>
    <message>
        <location filename="../processing/route_incidents.py" line="81"/>
        <source>Route incidents to grids</source>
        <translation>事件定位派遣到网格</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="106"/>
        <source>Incidents (points, any CRS)</source>
        <translation>事件（点图层，任意坐标系）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="114"/>
        <source>Catalogue item field (event catalogue code)</source>
        <translation>事项字段（事件责任清单代码）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="122"/>
        <source>Time field (date/time; empty means now)</source>
        <translation>时间字段（日期时间；为空表示当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="130"/>
        <source>Tolerance outside the grids (metres)</source>
        <translation>网格外容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="146"/>
        <source>Routed incidents</source>
        <translation>已定位派遣的事件</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="165"/>
        <source>The input layer has no coordinate reference system: set it in the layer&apos;s properties (Source) and run again.</source>
        <translation>输入图层没有坐标参考系：请在图层属性（源）中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="187"/>
        <source>The input layer has no features: nothing to route.</source>
        <translation>输入图层没有要素，无需定位。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="222"/>
        <source>Routing {count} features with {store}</source>
        <translation>正在用 {store} 定位 {count} 个要素</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="251"/>
        <source>The catalogue item {code} is not in the store&apos;s event catalogue: no unit or deadline.</source>
        <translation>事项 {code} 不在网格库的事件责任清单中：无法确定责任单位和时限。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="321"/>
        <source>Feature {id} has no geometry.</source>
        <translation>要素 {id} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="323"/>
        <source>Feature {id} has an empty geometry.</source>
        <translation>要素 {id} 的几何为空。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="325"/>
        <source>Feature {id} is not a point.</source>
        <translation>要素 {id} 不是点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="329"/>
        <source>Feature {id} is a multipoint of {count} points: split it into single points first.</source>
        <translation>要素 {id} 是包含 {count} 个点的多点：请先拆分为单点。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="337"/>
        <source>Feature {id} has coordinates that are not finite numbers.</source>
        <translation>要素 {id} 的坐标不是有限数值。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="347"/>
        <source>Feature {id} cannot be transformed to EPSG:4549.</source>
        <translation>要素 {id} 无法转换到 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="361"/>
        <source>Feature {id}: the time is not valid.</source>
        <translation>要素 {id}：时间无效。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="375"/>
        <source>Feature {id}: the time {value} is not a date and time (use 2019-11-25 08:30).</source>
        <translation>要素 {id}：时间 {value} 不是日期时间（格式如 2019-11-25 08:30）。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="266"/>
        <source>{rule} ({code}): {count}</source>
        <translation>{rule}（{code}）：{count}</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="84"/>
        <source>Finds for every point the grid it lies in (among the grids in force on the incident&apos;s day), the grid officers on duty at the incident&apos;s time (or the community&apos;s grid leader when the grid has none), the leader chain from grid to district, the instructor, and, from the catalogue item, the responsible unit and the deadline.

Rules: a point inside a grid goes to that grid; a point on a boundary shared by several grids goes to the one with the lowest code; a point outside every grid but within the tolerance goes to the nearest grid; farther points are unroutable and go to the district command centre&apos;s queue. Every input feature comes out once: features without a usable point are kept with the rule &apos;invalid&apos; and the reason.</source>
        <translation>为每个点找到其所在网格（按事件发生当日有效的网格划分）、事件发生时在岗的网格员（网格员空缺时由村（社区）网格长兜底）、从网格到区的网格长链条、指导员，以及按事项清单确定的责任单位和处置时限。

规则：点在网格内则归入该网格；点在多个网格的共同边界上则归入编码最小的网格；点不在任何网格内但在容差范围内则归入最近网格；更远的点无法定位，转区指挥中心待办。每个输入要素都会输出且只输出一次：没有可用点位的要素以“invalid”规则连同原因保留。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="96"/>
        <source>

Personal information is masked in the output: the input's columns named like a phone (电话, 手机, 联系方式, 来电号码, phone...) or a person (姓名, 联系人, 来电人, caller, name...) are masked whole (138****5678, 张*), and in every other text cell anything shaped like a phone number and the names those columns hold are masked; the officers' phones are always masked. Tick the option only when your role needs them in full.</source>
        <translation>

输出中的个人信息脱敏：输入中列名像电话（电话、手机、联系方式、来电号码、phone 等）或人名（姓名、联系人、来电人、caller、name 等）的列整列脱敏（138****5678、张*），其他文本单元格中任何形如电话号码的内容以及这些列中的姓名也一并脱敏；网格员电话始终脱敏。仅当您的角色需要完整信息时才勾选此选项。</translation>
    </message>
    <message>
        <location filename="../processing/route_incidents.py" line="139"/>
        <source>Write phone numbers and names in full (personal information)</source>
        <translation>完整写出电话号码和姓名（个人信息）</translation>
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
        <location filename="../processing/base.py" line="211"/>
        <source>Store</source>
        <translation>网格库</translation>
    </message>
</context>
<context>
    <name>Supervision</name>
    <message>
        <location filename="../gui/supervision.py" line="223"/>
        <source>Reading {store}</source>
        <translation>正在读取 {store}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="346"/>
        <source>Reading incidents</source>
        <translation>正在读取事件</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="386"/>
        <source>Reading incident {ticket}</source>
        <translation>正在读取事件 {ticket}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="516"/>
        <source>{ticket} saved.</source>
        <translation>{ticket} 已保存。</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="520"/>
        <source>Saving {ticket}</source>
        <translation>正在保存 {ticket}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="469"/>
        <source>Counting overdue incidents</source>
        <translation>正在统计超时事件</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="484"/>
        <source>{count} overdue incidents escalated: {tickets}</source>
        <translation>{count} 件超时事件已升级督办：{tickets}</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="484"/>
        <source>No overdue incident is due a higher level.</source>
        <translation>没有需要升级督办的超时事件。</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="494"/>
        <source>Escalating overdue incidents</source>
        <translation>正在升级督办超时事件</translation>
    </message>
    <message>
        <location filename="../gui/supervision.py" line="285"/>
        <source>{ticket} saved; the filters no longer list it (clear them to see it again).</source>
        <translation>{ticket} 已保存；它已不在当前筛选条件下的列表中（清除筛选即可再次看到）。</translation>
    </message>
</context>
<context>
    <name>SupervisionAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="201"/>
        <source>Supervision</source>
        <translation>督查考核</translation>
    </message>
</context>
<context>
    <name>SupervisionText</name>
    <message>
        <location filename="../gui/supervision_text.py" line="48"/>
        <source>closed</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="49"/>
        <source>in progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="50"/>
        <source>closure rate</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="51"/>
        <source>on time</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="140"/>
        <source>overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>dispatch accuracy</source>
        <translation>派遣准确率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>1 − dispatches sent back / dispatches (派遣准确率)</source>
        <translation>1 − 被退回的派遣 / 派遣数（派遣准确率）</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>handled on time</source>
        <translation>按期处置率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>handled by the deadline in force / handled with a deadline (按期处置率)</source>
        <translation>按当时有效时限处置 / 有时限的处置数（按期处置率）</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>rework</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>reopened after closing / closed (返工率)</source>
        <translation>结案后返工 / 结案数（返工率）</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>extended</source>
        <translation>延期率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>given an approved extension / dispatched (延期率)</source>
        <translation>获批延期 / 派遣数（延期率）</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>mean handling</source>
        <translation>平均处置时长</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>hours from dispatch to handling, less the time suspended (平均处置时长)</source>
        <translation>从派遣到处置的小时数，扣除挂账时间（平均处置时长）</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="129"/>
        <source>Reported {reported}, deadline {deadline}</source>
        <translation>上报 {reported}，时限 {deadline}</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="146"/>
        <source>Escalated to {level}</source>
        <translation>已升级至{level}</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="157"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="157"/>
        <source>Move</source>
        <translation>流转</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="157"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="157"/>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="173"/>
        <source>escalated</source>
        <translation>升级督办</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="186"/>
        <source>deadline {time}</source>
        <translation>时限 {time}</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="57"/>
        <source>listed</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>registered</source>
        <translation>立案数</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>incidents put on file in the period (立案数)</source>
        <translation>期间内核实立案的事件数</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>cases closed</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../gui/supervision_text.py" line="74"/>
        <source>closed / registered (结案率)</source>
        <translation>结案数 / 立案数</translation>
    </message>
</context>
<context>
    <name>SupervisorDock</name>
    <message>
        <location filename="../gui/supervisor_dock.py" line="479"/>
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
        <location filename="../gui/supervisor_dock.py" line="168"/>
        <source>All towns</source>
        <translation>全部镇</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="169"/>
        <source>All categories</source>
        <translation>全部大类</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="170"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="171"/>
        <source>All steps</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="156"/>
        <source>{path} is not a grid store.</source>
        <translation>{path} 不是网格库。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="146"/>
        <source>Choose a grid store.</source>
        <translation>请选择网格库。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="376"/>
        <source>Read only: set your role and name in Settings ▸ Options ▸ Jiangdu Grid to move incidents.</source>
        <translation>只读：如需流转事件，请在“设置 ▸ 选项 ▸ 江都网格”中设置角色和姓名。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="383"/>
        <source>Signed as {name}</source>
        <translation>署名：{name}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="387"/>
        <source>Escalate</source>
        <translation>升级督办</translation>
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
        <location filename="../gui/supervisor_dock.py" line="89"/>
        <source>Choose a grid store</source>
        <translation>选择网格库</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="146"/>
        <source>Reading the store…</source>
        <translation>正在读取数据库…</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="448"/>
        <source>No overdue incident is due a higher level.</source>
        <translation>没有需要升级督办的超时事件。</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="455"/>
        <source>Escalate overdue incidents</source>
        <translation>超时事件督办升级</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="455"/>
        <source>Escalate {count} overdue incidents to the leader level each is due (督办升级)? Each gets a history row signed by the system.</source>
        <translation>将 {count} 件超时事件各自升级督办至应到的网格长层级吗？每件事件都会记一条由系统签名的流转记录。</translation>
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
        <location filename="../gui/supervisor_dock.py" line="288"/>
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
        <location filename="../gui/supervisor_dock.ui" line="328"/>
        <source>Indicators</source>
        <translation>考核指标</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="409"/>
        <source>Merge into the original</source>
        <translation>确认重复并合并</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="412"/>
        <source>The report repeats the original: it is closed as not to be registered (不予立案), with a note naming the original</source>
        <translation>该上报与原事件重复：以不予立案办结，并注明所并入的原事件</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="419"/>
        <source>Not a duplicate</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="422"/>
        <source>Clear the mark: the report goes on through the loop on its own</source>
        <translation>清除标记：该上报按流程单独办理</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="276"/>
        <source>listed {count}</source>
        <translation>列表 {count}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.py" line="277"/>
        <source>listed {shown}/{total}</source>
        <translation>列表 {shown}/{total}</translation>
    </message>
    <message>
        <location filename="../gui/supervisor_dock.ui" line="354"/>
        <source>Duplicates</source>
        <translation>重复</translation>
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
        <location filename="../processing/validate_grids.py" line="34"/>
        <source>Validate grids</source>
        <translation>网格检查</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="37"/>
        <source>Checks grids by the rules every save of the grids layer is held to: valid geometries (GEOS; nothing is repaired), 15-digit codes that start with their community&apos;s, used once and never a retired one, no overlaps and no gaps larger than the tolerance, and each grid inside its community and the district.

Give the grid store, or a polygon layer with the fields code, community_code, town_code (and status); with both, the layer is checked against the store&apos;s communities and district. Each problem is a feature: the overlap, the gap, the part outside, or a 4 m square around an invalid spot, with the grid codes, the rule and a message.</source>
        <translation>按网格图层每次保存都须遵守的规则检查网格：几何有效（GEOS 判定；不做任何修复）；编码为15位、以所属村（社区）编码开头、唯一且不重用已注销编码；重叠和缝隙不超过容差；每个网格位于所属村（社区）和全区范围内。

可指定网格库，或含 code、community_code、town_code（及 status）字段的面图层；两者都指定时，按网格库中的村（社区）和区界检查该图层。每个问题输出为一个要素：重叠部分、缝隙、超出部分，或无效位置周围 4 米见方的区域，并附网格编码、规则和说明。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="51"/>
        <source>Grids layer (instead of the store&apos;s grids)</source>
        <translation>网格图层（代替网格库中的网格）</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="59"/>
        <source>Tolerance (m2)</source>
        <translation>容差（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="71"/>
        <source>Grid problems</source>
        <translation>网格问题</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="89"/>
        <source>Give a grid store, a grids layer, or both.</source>
        <translation>请指定网格库、网格图层或两者。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="120"/>
        <source>No store: communities are not checked; gaps are holes in the grids.</source>
        <translation>未指定网格库：不检查村（社区）范围；缝隙指网格之间的空洞。</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="154"/>
        <source>{grids} grids checked: {count} problems</source>
        <translation>已检查 {grids} 个网格：{count} 个问题</translation>
    </message>
    <message>
        <location filename="../processing/validate_grids.py" line="169"/>
        <source>The grids layer has no field {fields}.</source>
        <translation>网格图层缺少字段 {fields}。</translation>
    </message>
</context>
<context>
    <name>WorkflowReportAlgorithm</name>
    <message>
        <location filename="../processing/workflow_report.py" line="106"/>
        <source>Workflow report</source>
        <translation>流转统计报表</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Figures for</source>
        <translation>统计范围</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>The district</source>
        <translation>全区</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each town</source>
        <translation>按镇</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each grid</source>
        <translation>按网格</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each event category</source>
        <translation>按事件大类</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each source</source>
        <translation>按来源</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each responsible unit</source>
        <translation>按责任单位</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each officer who handled</source>
        <translation>按处置人员</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="83"/>
        <source>Each step</source>
        <translation>按环节</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="101"/>
        <source>Overdue as of (now if empty)</source>
        <translation>超时判定时点（留空为当前时间）</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="151"/>
        <source>{groups} rows; closed {closed}, in progress {open}, closure rate {rate}</source>
        <translation>{groups} 行；办结 {closed}，在办 {open}，办结率 {rate}</translation>
    </message>
    <message>
        <location filename="../processing/workflow_report.py" line="59"/>
        <source>The six-step loop's figures for the incidents reported in the period, for the district or by town, grid, event category, source, responsible unit, officer (who handled), month or step: incidents, closed (办结), in progress (在办), rejected, closure rate = closed / (closed + in progress), on-time rate (closed by the deadline), overdue (in progress past the deadline at the 'as of' time), mean hours per step, and the evaluation score = 100 × (0.4 × closure rate + 0.4 × on-time rate + 0.2 × (1 − overdue share)).

Beside the score, the evaluation indicators of digital city management: registered (立案数, verified and registered); dispatch accuracy (派遣准确率) = 1 − sent back (退回) / dispatches (dispatch and 改派); on-time handling rate (按期处置率) = handled by the deadline in force / handled with a deadline; case closure rate (结案率) = closed / registered; rework rate (返工率) = reopened after closing (check failed, or 回访 unsatisfied) / closed at least once; extension rate (延期率) = given an approved extension / dispatched; mean handling time (平均处置时长) = hours from the first dispatch to the last handling, less the time suspended (挂账). A rate whose whole is zero is left empty.

Write it to .xlsx or .csv for a spreadsheet: text that a spreadsheet would run as a formula is made inert.</source>
        <translation>统计时段内上报事件的六步闭环指标，可按全区或按镇、网格、事件大类、来源、责任单位、处置人员、月份或环节分组：事件数、办结、在办、不予立案、办结率 = 办结 / (办结 + 在办)、按时办结率（在时限内办结）、超时（截至统计时点仍在办且已过时限）、各环节平均用时（小时），以及考核评分 = 100 × (0.4 × 办结率 + 0.4 × 按时办结率 + 0.2 × (1 − 超时占比))。

考核评分之外，另有数字化城市管理的考核指标：立案数（核实立案的事件数）；派遣准确率 = 1 − 退回数 / 派遣数（指挥派遣和改派）；按期处置率 = 在现行时限内处置数 / 有时限的处置数；结案率 = 结案数 / 立案数；返工率 = 结案后重新办理数（核查不通过，或回访不满意）/ 至少结案一次的事件数；延期率 = 获批延期数 / 派遣数；平均处置时长 = 从首次派遣到最后一次处置的小时数，扣除挂账时间。分母为零的比率留空。

可输出为 .xlsx 或 .csv 供电子表格使用：电子表格会当作公式执行的文本已做无害化处理。</translation>
    </message>
</context>
</TS>
