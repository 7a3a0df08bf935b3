<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis hasScaleBasedVisibilityFlag="1" simplifyMaxScale="1" maxScale="20000" minScale="100000000" symbologyReferenceScale="-1" simplifyDrawingTol="1" simplifyLocal="1" simplifyAlgorithm="0" labelsEnabled="0" styleCategories="Symbology|Labeling|Rendering" simplifyDrawingHints="1" version="3.22.16-Białowieża">
  <renderer-v2 forceraster="0" radius="500" type="heatmapRenderer" radius_unit="1" radius_map_unit_scale="3x:0,0,0,0,0,0" max_value="40" referencescale="-1" enableorderby="0" quality="1" weight_expression="" symbollevels="0">
    <colorramp type="gradient" name="[source]">
      <Option type="Map">
        <Option type="QString" name="color1" value="255,255,178,0"/>
        <Option type="QString" name="color2" value="189,0,38,255"/>
        <Option type="QString" name="discrete" value="0"/>
        <Option type="QString" name="rampType" value="gradient"/>
        <Option type="QString" name="stops" value="0.25;254,204,92,150:0.5;253,141,60,210:0.75;240,59,32,235"/>
      </Option>
      <prop v="255,255,178,0" k="color1"/>
      <prop v="189,0,38,255" k="color2"/>
      <prop v="0" k="discrete"/>
      <prop v="gradient" k="rampType"/>
      <prop v="0.25;254,204,92,150:0.5;253,141,60,210:0.75;240,59,32,235" k="stops"/>
    </colorramp>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>0.85</layerOpacity>
  <layerGeometryType>0</layerGeometryType>
</qgis>
