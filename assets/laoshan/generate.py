#!/usr/bin/env python3
"""Builds the embedded demo dataset for renewmap: Laoshan District (崂山区), Qingdao,
2023 urban-renewal programme ("突破提升年"), as of the snapshot date DATA_AS_OF.

    /usr/bin/python3 assets/laoshan/generate.py [--out DIR]

Needs only the system Python with GDAL's osgeo bindings. Deterministic: a fixed random
seed, no network, no timestamps in the outputs. Every output file is deleted and
rebuilt. Geometry is ILLUSTRATIVE (placed plausibly, not surveyed); counts and key
dates come from the article (see README.md for the sentence behind each figure).

Outputs, next to this script (or in DIR with --out; tests/laoshan_drift.sh rebuilds into
a temporary folder and compares with the committed files):
    laoshan.gpkg          project and context layers (EPSG:4549; two layers in EPSG:4490)
    parking.geojson       the 11 parking facilities (EPSG:4326, RFC 7946)
    context.geojson       the sea (EPSG:4326, RFC 7946; its layer is named "sea")
    laoshan.project.json  the viewer's project file (format version 1)
    laoshan-postgis.project.json  the same project reading the layers from PostGIS
"""

import argparse
import json
import math
import os
import random
from datetime import date, timedelta

from osgeo import gdal, ogr, osr

# =====================================================================================
# 1. Figures. Change a number here and rerun to rebuild everything.
# =====================================================================================

SEED = 20230305                       # 3月5日: the meeting the article reports
DATA_AS_OF = date(2023, 10, 31)       # every `status` is the state on this day
NEW_PROJECT_START_BY = date(2023, 6, 30)  # "确保133个新建项目三季度前全部开工": before Q3

PROGRAMME = {                          # "总投资约1006亿元的196个城市更新和城市建设…"
    "projects": 196,
    "new_projects": 133,
    "investment_total_wan": 10_060_000,   # 1006亿元 in 万元
    "investment_2023_wan": 1_560_000,     # 156亿元 in 万元
}

# Zhangcun River area (张村河片区). 12 communities unrenovated before 2022, 8 relocated
# in 2022, the other 4 named ones in H1 2023; 王家村 is named beside the 4 ("4个社区和
# 王家村社区"), so it is a 13th polygon flagged in_zhangcun_12 = 0.
# (name, name_en, relocation batch, one of the 12?, centre lon, river bank, households)
# Only 文张/张村/枯桃/中韩/王家村 are named in the article; the 8 names of 2022 are
# illustrative choices of Zhonghan-area communities.
ZHANGCUN_COMMUNITIES = [
    ("河西社区", "Hexi", "2022", True, 120.4410, "S", 1180),
    ("西韩社区", "Xihan", "2022", True, 120.4495, "N", 860),
    ("中韩社区", "Zhonghan", "2023H1", True, 120.4505, "S", 1420),
    ("文张社区", "Wenzhang", "2023H1", True, 120.4590, "N", 990),
    ("张村社区", "Zhangcun", "2023H1", True, 120.4600, "S", 1650),
    ("东韩社区", "Donghan", "2022", True, 120.4685, "N", 780),
    ("枯桃社区", "Kutao", "2023H1", True, 120.4695, "S", 1240),
    ("北村社区", "Beicun", "2022", True, 120.4780, "N", 640),
    ("南岭社区", "Nanling", "2022", True, 120.4790, "S", 920),
    ("刘家下河社区", "Liujiaxiahe", "2022", True, 120.4875, "N", 710),
    ("朱家洼社区", "Zhujiawa", "2022", True, 120.4885, "S", 830),
    ("南龙口社区", "Nanlongkou", "2022", True, 120.4970, "N", 560),
    ("王家村社区", "Wangjiacun", "2023H1", False, 120.4980, "S", 1050),
]
RELOCATION_BATCHES = {  # "经过一年的攻坚克难，完成8个社区改造搬迁"; "上半年全力推进…"
    "2022": {"planned_start": date(2022, 3, 1), "planned_finish": date(2022, 12, 31),
             "start": (date(2022, 3, 1), date(2022, 5, 31)),
             "finish": (date(2022, 8, 15), date(2022, 12, 20))},
    "2023H1": {"planned_start": date(2023, 2, 8), "planned_finish": date(2023, 6, 30),
               "start": (date(2023, 2, 8), date(2023, 3, 10)),
               "finish": (date(2023, 5, 10), date(2023, 6, 28))},
}

# Resettlement areas (安置区): "当年签、当年拆、当年建" - construction starts in the year of
# relocation. (name, name_en, communities served: (relocation batch, one of the 12?),
#  centre lon, lat, size m, planned_start, actual_start, planned_finish, progress %, plan_2023)
RESETTLEMENT_AREAS = [
    ("张村河片区安置区（一期）", "Zhangcun River resettlement area, phase 1", ("2022", True),
     120.4630, 36.1270, (650, 450), date(2022, 9, 1), date(2022, 9, 20), date(2024, 12, 31), 45, "continuing"),
    ("张村河片区安置区（二期）", "Zhangcun River resettlement area, phase 2", ("2023H1", True),
     120.4870, 36.1290, (600, 420), date(2023, 5, 1), date(2023, 5, 16), date(2025, 6, 30), 15, "new"),
    ("王家村安置区", "Wangjiacun resettlement area", ("2023H1", False),
     120.5050, 36.1310, (450, 350), date(2023, 6, 1), date(2023, 6, 18), date(2025, 6, 30), 10, "new"),
]

# The four specialised industrial parks (四大专业化园区). Only the VR and AI parks are
# named in the article; the other two names are our assumption (see README).
INDUSTRIAL_PARKS = [
    {"name": "青岛市虚拟现实产业园", "name_en": "Qingdao Virtual Reality Industrial Park",
     "phase": "一期 phase 1", "centre": (120.5220, 36.1500), "size_m": (1600, 1150),
     "status": "completed", "signed_date": "2022-01-20", "planned_start": "2022-05-01",
     "actual_start": "2022-05-18", "topped_out_date": "2022-08-22",
     "planned_finish": "2023-09-30", "actual_finish": "2023-09-26", "progress_pct": 100,
     "investment_wan": 300000},
    {"name": "青岛市人工智能产业园", "name_en": "Qingdao Artificial Intelligence Industrial Park",
     "phase": "一期 phase 1", "centre": (120.4400, 36.1250), "size_m": (1300, 900),
     "status": "under_construction", "signed_date": "2022-03-15", "planned_start": "2022-07-01",
     "actual_start": "2022-08-10", "topped_out_date": "2023-06-28",
     "planned_finish": "2024-12-31", "actual_finish": None, "progress_pct": 55,
     "investment_wan": 420000},
    {"name": "崂山湾国际生态健康城", "name_en": "Laoshan Bay International Eco-Health City",
     "phase": "起步区 start-up area", "centre": (120.6550, 36.2620), "size_m": (2600, 2000),
     "status": "under_construction", "signed_date": None, "planned_start": "2021-03-01",
     "actual_start": "2021-04-12", "topped_out_date": None,
     "planned_finish": "2025-12-31", "actual_finish": None, "progress_pct": 40,
     "investment_wan": 800000},
    {"name": "崂山区微电子产业园", "name_en": "Laoshan Microelectronics Industrial Park",
     "phase": "一期 phase 1", "centre": (120.5400, 36.2150), "size_m": (1800, 1300),
     "status": "relocation", "signed_date": "2023-03-20", "planned_start": "2023-04-01",
     "actual_start": "2023-04-12", "topped_out_date": None,
     "planned_finish": "2026-06-30", "actual_finish": None, "progress_pct": 25,
     "investment_wan": 260000},
]

# Status as of DATA_AS_OF, per layer. A layer's count is the sum of its quotas.
STATUS_QUOTAS = {
    "old_compounds": {"completed": 30, "under_construction": 26, "delayed": 8},            # 64
    "road_links": {"completed": 3, "under_construction": 4, "delayed": 2},                 # 9
    "parking": {"completed": 5, "under_construction": 5, "delayed": 1},                    # 11
    "pocket_parks": {"completed": 4, "under_construction": 1, "delayed": 1},               # 6
    "low_efficiency_projects": {"planned": 20, "relocation": 14, "under_construction": 38,
                                "completed": 16, "delayed": 10},                           # 98
}

# Which sub-district (街道) the 64 old compounds lie in.
OLD_COMPOUNDS_BY_SUBDISTRICT = {"中韩": 26, "金家岭": 28, "沙子口": 6, "北宅": 2, "王哥庄": 2}

# 9 road links to open (未贯通道路). Names illustrative. (name, name_en, sub-district)
ROAD_LINKS = [
    ("株洲路东延段", "Zhuzhou Rd east extension", "中韩"),
    ("松岭路北段", "Songling Rd north section", "中韩"),
    ("规划中韩一路", "Planned Zhonghan Road 1", "中韩"),
    ("规划中韩二路", "Planned Zhonghan Road 2", "中韩"),
    ("苗岭路西段", "Miaoling Rd west section", "金家岭"),
    ("云岭路连通段", "Yunling Rd connector", "金家岭"),
    ("银川东路延伸段", "Yinchuan East Rd extension", "金家岭"),
    ("秦岭路南段", "Qinling Rd south section", "金家岭"),
    ("沙子口滨海路连通段", "Shazikou coastal road connector", "沙子口"),
]

# 11 parking facilities (停车场). Names and sizes illustrative.
# (name, name_en, sub-district, kind, parking_spaces)
PARKING = [
    ("株洲路立体停车楼", "Zhuzhou Rd parking garage", "中韩", "立体停车楼 multi-storey", 420),
    ("张村河公园停车场", "Zhangcun River park car park", "中韩", "地面 surface", 160),
    ("海尔路地下停车场", "Haier Rd underground car park", "中韩", "地下 underground", 380),
    ("松岭路智慧停车场", "Songling Rd smart car park", "中韩", "地面 surface", 120),
    ("香港东路地下停车场", "Hong Kong East Rd underground car park", "金家岭", "地下 underground", 560),
    ("麦岛停车场", "Maidao car park", "金家岭", "地面 surface", 180),
    ("金家岭立体停车楼", "Jinjialing parking garage", "金家岭", "立体停车楼 multi-storey", 300),
    ("石老人停车场", "Shilaoren car park", "金家岭", "地面 surface", 240),
    ("云岭路停车场", "Yunling Rd car park", "金家岭", "地面 surface", 90),
    ("沙子口渔港停车场", "Shazikou fishing-port car park", "沙子口", "地面 surface", 200),
    ("仰口景区停车场", "Yangkou scenic-area car park", "王哥庄", "地面 surface", 450),
]

COST_PER_SPACE_WAN = {"立体停车楼": 20, "地下": 15, "地面": 2.5}   # 万元 per parking space

# 6 pocket parks (口袋公园). Names and places illustrative: all six in the built-up
# streets at the foot of Fushan (金家岭), where the walk-through shows them round the
# greenway. (name, name_en, lon, lat: the park lies within 250 m of this point)
POCKET_PARKS = [
    ("云岭路口袋公园", "Yunling Rd pocket park", 120.425, 36.106),
    ("苗岭路口袋公园", "Miaoling Rd pocket park", 120.452, 36.104),
    ("浮山东麓口袋公园", "Fushan east foothill pocket park", 120.460, 36.092),
    ("秦岭路口袋公园", "Qinling Rd pocket park", 120.455, 36.080),
    ("麦岛口袋公园", "Maidao pocket park", 120.438, 36.078),
    ("浮山西麓口袋公园", "Fushan west foothill pocket park", 120.412, 36.090),
]

# The Fushan greenway (浮山绿道): one line around Fushan.
FUSHAN_GREENWAY = {"name": "浮山绿道", "name_en": "Fushan Greenway", "status": "under_construction",
                   "planned_start": date(2023, 4, 1), "actual_start": date(2023, 4, 20),
                   "planned_finish": date(2023, 12, 31), "progress_pct": 70, "investment_wan_per_m": 1.2}

# When each kind of project starts and how long it takes (planned), per status.
# New 2023 projects all start by NEW_PROJECT_START_BY.
NEW_PROJECT_TIMING = {  # layer: (planned-start window, planned duration in days)
    "old_compounds": ((date(2023, 3, 1), date(2023, 6, 10)), (150, 260)),
    "road_links": ((date(2023, 3, 1), date(2023, 6, 10)), (180, 420)),
    "parking": ((date(2023, 2, 15), date(2023, 6, 10)), (150, 360)),
    "pocket_parks": ((date(2023, 3, 15), date(2023, 6, 10)), (90, 200)),
}
# The 98 are 2023's work ("今年…聚焦低效片区强攻坚…加快98个低效片区重点项目建设"), so
# none of them was finished before 2023: a completed one starts early enough to finish
# in 2023 (300 days after 2022-04-01, less up to 25 days early, is 2023-01-01 or later).
LOW_EFFICIENCY_FINISH_FROM = date(2023, 1, 1)
LOW_EFFICIENCY_TIMING = {  # status: (planned-start window, planned duration in days)
    "planned": ((date(2023, 11, 15), date(2024, 9, 30)), (365, 1100)),
    "relocation": ((date(2023, 2, 15), date(2023, 9, 30)), (540, 1300)),
    "under_construction": ((date(2022, 3, 1), date(2023, 8, 31)), (400, 1100)),
    "completed": ((date(2022, 4, 1), date(2022, 12, 31)), (300, 700)),
    "delayed": ((date(2022, 3, 1), date(2023, 1, 31)), (240, 560)),
}
LOW_EFFICIENCY_KINDS = [
    ("产业用房", "industrial space"), ("研发中心", "R&D centre"), ("人才公寓", "talent apartments"),
    ("商业综合体", "commercial complex"), ("学校", "school"), ("道路", "road"),
    ("配套设施", "supporting facilities"), ("安置房", "resettlement housing"),
]

# Status words written to each layer. Real data mixes vocabularies; the viewer maps
# every word here (geo::status_from_text).
STATUS_WORDS = {
    "zh_a": {"planned": ["规划", "未开工"], "relocation": ["征收拆迁", "签约", "拆迁"],
             "under_construction": ["在建", "开工"], "completed": ["竣工"],
             "delayed": ["滞后", "落后时间节点"]},
    "zh_b": {"under_construction": ["施工", "在建", "施工中"], "completed": ["竣工", "完工"],
             "delayed": ["滞后"]},
    "zh_c": {"under_construction": ["施工中"], "completed": ["已竣工"], "delayed": ["滞后"]},
    "en": {s: [s] for s in ("planned", "relocation", "under_construction", "completed", "delayed")},
    # as typed into a spreadsheet: capitalised, a space instead of the underscore
    "en_typed": {"under_construction": ["Under construction"], "completed": ["Completed"],
                 "delayed": ["Delayed"]},
}
COMMUNITY_STATUS_WORD = "交付"   # land cleared and handed over (净地交付)

SOURCE_PROJECT = ("illustrative geometry, not surveyed (示意几何，非测绘成果); counts and key dates "
                  "from 崂山区“突破提升年” article, March 2023; other attributes illustrative")
SOURCE_CONTEXT = "illustrative geometry, simplified, not surveyed (示意几何，非测绘成果)"

# =====================================================================================
# 2. Geography (lon/lat, CGCS2000). Simplified and illustrative.
# =====================================================================================

# Laoshan district boundary, as chains shared with the neighbours so borders match.
W_SHINAN = [(120.428, 36.058), (120.410, 36.072), (120.404, 36.095), (120.412, 36.112)]
W_SHIBEI = [(120.412, 36.112), (120.425, 36.128), (120.430, 36.142)]
W_LICANG = [(120.430, 36.142), (120.445, 36.165), (120.475, 36.185), (120.505, 36.215)]
N_CHENGYANG = [(120.505, 36.215), (120.535, 36.250), (120.560, 36.278), (120.588, 36.300),
               (120.615, 36.318)]
N_JIMO = [(120.615, 36.318), (120.640, 36.335), (120.675, 36.322)]
COAST = [(120.675, 36.322), (120.695, 36.295), (120.685, 36.262), (120.700, 36.228),
         (120.685, 36.195), (120.695, 36.160), (120.712, 36.140), (120.688, 36.126),
         (120.660, 36.128), (120.625, 36.118), (120.590, 36.108), (120.560, 36.100),
         (120.530, 36.098), (120.505, 36.088), (120.480, 36.086), (120.455, 36.072),
         (120.440, 36.062), (120.428, 36.058)]
# Borders between neighbours, and the Shinan coast (east to west).
SHINAN_SHIBEI = [(120.412, 36.112), (120.380, 36.095), (120.340, 36.088), (120.150, 36.085)]
SHIBEI_LICANG = [(120.430, 36.142), (120.400, 36.150), (120.360, 36.150), (120.150, 36.140)]
LICANG_CHENGYANG = [(120.505, 36.215), (120.430, 36.235), (120.360, 36.240), (120.150, 36.235)]
SHINAN_COAST = [(120.428, 36.058), (120.400, 36.055), (120.370, 36.052), (120.340, 36.058),
                (120.310, 36.062), (120.280, 36.055), (120.240, 36.058), (120.150, 36.060)]
CHENGYANG_JIMO = [(120.615, 36.318), (120.615, 36.500)]
FRAME = (120.15, 35.85, 121.00, 36.50)    # the neighbours are clipped to this box
# sea = this box minus the land. It reaches further south and east than FRAME so that
# its centre (120.74 E, 36.10 N), where the viewer writes an area's label, is open water
# off the east coast; with FRAME the label "黄海" landed inside the district.
SEA_BOX = (FRAME[0], 35.70, 121.33, FRAME[3])

# Sub-districts (街道): cutter polygons that tile FRAME, clipped to the district.
SUBDISTRICTS = {
    "金家岭": ("Jinjialing", [(120.15, 35.85), (120.525, 35.85), (120.525, 36.085), (120.52, 36.115),
                             (120.47, 36.118), (120.15, 36.118)]),
    "中韩": ("Zhonghan", [(120.15, 36.118), (120.47, 36.118), (120.52, 36.115), (120.545, 36.145),
                         (120.525, 36.182), (120.46, 36.195), (120.15, 36.195)]),
    "沙子口": ("Shazikou", [(120.525, 35.85), (121.0, 35.85), (121.0, 36.175), (120.64, 36.18),
                           (120.58, 36.168), (120.545, 36.145), (120.52, 36.115), (120.525, 36.085)]),
    "北宅": ("Beizhai", [(120.15, 36.195), (120.46, 36.195), (120.525, 36.182), (120.545, 36.145),
                        (120.58, 36.168), (120.64, 36.18), (120.60, 36.26), (120.58, 36.50),
                        (120.15, 36.50)]),
    "王哥庄": ("Wanggezhuang", [(120.64, 36.18), (121.0, 36.175), (121.0, 36.50), (120.58, 36.50),
                               (120.60, 36.26)]),
}

ZHANGCUN_RIVER = [(120.560, 36.178), (120.540, 36.170), (120.520, 36.163), (120.505, 36.156),
                  (120.490, 36.1505), (120.475, 36.147), (120.460, 36.1445), (120.447, 36.1432),
                  (120.436, 36.1460), (120.425, 36.150), (120.405, 36.156), (120.385, 36.160)]
FUSHAN = {"centre": (120.435, 36.093), "radii_m": (1100, 850)}   # 浮山, greenway loops around it
# Laoshan (崂山), the mountain and its scenic area (风景名胜区), which fill the east of the
# district around Jufeng peak. A rough, illustrative outline (not the gazetted boundary),
# clipped to 300 m inside the district; context only, no status.
LAOSHAN_SCENIC_AREA = [(120.565, 36.150), (120.585, 36.132), (120.620, 36.124), (120.660, 36.122),
                       (120.700, 36.130), (120.715, 36.150), (120.700, 36.185), (120.705, 36.225),
                       (120.690, 36.245), (120.660, 36.248), (120.630, 36.240), (120.600, 36.228),
                       (120.578, 36.205), (120.566, 36.180)]

LANDMARKS = [  # (name, name_en, kind, lon, lat)
    ("崂山区人民政府", "Laoshan District Government", "government", 120.468, 36.103),
    ("崂山 巨峰", "Laoshan (Jufeng peak)", "mountain", 120.617, 36.166),
    ("麦岛", "Maidao", "place", 120.436, 36.068),
    ("石老人", "Shilaoren", "place", 120.478, 36.090),
    ("沙子口", "Shazikou", "place", 120.555, 36.108),
    ("北宅", "Beizhai", "place", 120.545, 36.240),
    ("王哥庄", "Wanggezhuang", "place", 120.655, 36.290),
    ("麦岛污水处理厂", "Maidao sewage treatment plant", "utility", 120.450, 36.0735),
    ("张村河水质净化厂", "Zhangcun River water purification plant", "utility", 120.4325, 36.1375),
]

# Where the scattered projects may go: a lon/lat box per sub-district (clipped to it).
PLACEMENT_ZONES = {
    "中韩": (120.428, 36.112, 120.520, 36.141),
    "金家岭": (120.405, 36.076, 120.525, 36.118),
    "沙子口": (120.530, 36.098, 120.600, 36.130),
    "北宅": (120.490, 36.195, 120.580, 36.240),
    "王哥庄": (120.630, 36.275, 120.690, 36.315),
}
LOW_EFFICIENCY_ZONE = (120.432, 36.118, 120.545, 36.175)   # the Zhangcun River area
STREETS = {  # for compound names: (street, pinyin); illustrative
    "中韩": [("株洲路", "Zhuzhou Rd"), ("松岭路", "Songling Rd"), ("海尔路", "Haier Rd"),
            ("深圳路", "Shenzhen Rd"), ("辽阳东路", "Liaoyang East Rd")],
    "金家岭": [("香港东路", "Hong Kong East Rd"), ("云岭路", "Yunling Rd"), ("苗岭路", "Miaoling Rd"),
             ("秦岭路", "Qinling Rd"), ("银川东路", "Yinchuan East Rd"), ("麦岛路", "Maidao Rd")],
    "沙子口": [("沙子口路", "Shazikou Rd"), ("南九水路", "Nanjiushui Rd")],
    "北宅": [("北宅路", "Beizhai Rd")],
    "王哥庄": [("王哥庄路", "Wanggezhuang Rd")],
}
EDGE_MARGIN_M = 150      # every project feature keeps this far inside the district
GAP_M = 40               # minimum gap between project polygons

# =====================================================================================
# 3. Helpers: coordinates, shapes, dates
# =====================================================================================

OUT_DIR = os.path.dirname(os.path.abspath(__file__))   # main() may change it (--out)


def make_srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)   # x = lon / easting
    return srs


SRS = {epsg: make_srs(epsg) for epsg in (4549, 4490, 4326)}
LL_TO_GK = osr.CoordinateTransformation(SRS[4490], SRS[4549])
GK_TO = {4490: osr.CoordinateTransformation(SRS[4549], SRS[4490]),
         4326: osr.CoordinateTransformation(SRS[4549], SRS[4326])}


def gk(lon, lat):
    """lon/lat (CGCS2000) -> EPSG:4549 easting/northing in metres."""
    x, y, _ = LL_TO_GK.TransformPoint(lon, lat)
    return (x, y)


def gk_all(points):
    return [gk(lon, lat) for lon, lat in points]


def polygon(ring):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring:
        r.AddPoint_2D(x, y)
    r.CloseRings()
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(r)
    return g


def linestring(points):
    g = ogr.Geometry(ogr.wkbLineString)
    for x, y in points:
        g.AddPoint_2D(x, y)
    return g


def point(x, y):
    g = ogr.Geometry(ogr.wkbPoint)
    g.AddPoint_2D(x, y)
    return g


def rounded(geom, epsg):
    """Copy of geom (built in EPSG:4549) converted to epsg and rounded: 1 cm in metres,
    1e-7 degrees (about 1 cm) in lon/lat."""
    g = geom.Clone()
    if epsg != 4549:
        g.Transform(GK_TO[epsg])
    return round_geometry(g, 2 if epsg == 4549 else 7)


def round_geometry(g, digits, ring=False):
    """Same geometry with every coordinate rounded to `digits` decimals."""
    if g.GetGeometryCount() > 0:            # polygon, multipolygon
        out = ogr.Geometry(g.GetGeometryType())
        is_polygon = ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbPolygon
        for i in range(g.GetGeometryCount()):
            out.AddGeometry(round_geometry(g.GetGeometryRef(i), digits, ring=is_polygon))
        return out
    out = ogr.Geometry(ogr.wkbLinearRing if ring else g.GetGeometryType())
    for i in range(g.GetPointCount()):
        out.AddPoint_2D(round(g.GetX(i), digits), round(g.GetY(i), digits))
    return out


def blob(rng, cx, cy, rx, ry, n=10, rough=0.15, rot=0.0):
    """Irregular star-shaped polygon ring (always simple) of radii about rx, ry metres."""
    ring = []
    for i in range(n):
        a = 2 * math.pi * i / n + rng.uniform(-0.25, 0.25) * math.pi / n
        r = 1.0 - rng.uniform(0.0, rough)
        x, y = rx * r * math.cos(a), ry * r * math.sin(a)
        ring.append((cx + x * math.cos(rot) - y * math.sin(rot),
                     cy + x * math.sin(rot) + y * math.cos(rot)))
    return ring


def block(rng, cx, cy, w, h, rot, l_shaped=False):
    """A rotated building block: rectangle, or L shape, corners slightly jittered."""
    if l_shaped:
        corners = [(0, 0), (1, 0), (1, 0.55), (0.6, 0.55), (0.6, 1), (0, 1)]
    else:
        corners = [(0, 0), (1, 0), (1, 1), (0, 1)]
    j = 0.05 * min(w, h)
    ring = []
    for u, v in corners:
        x = (u - 0.5) * w + rng.uniform(-j, j)
        y = (v - 0.5) * h + rng.uniform(-j, j)
        ring.append((cx + x * math.cos(rot) - y * math.sin(rot),
                     cy + x * math.sin(rot) + y * math.cos(rot)))
    return ring


def road_path(rng, x0, y0, length, heading):
    """A gently bending road line of three segments."""
    pts = [(x0, y0)]
    for _ in range(3):
        heading += math.radians(rng.uniform(-12, 12))
        x, y = pts[-1]
        pts.append((x + length / 3 * math.cos(heading), y + length / 3 * math.sin(heading)))
    return pts


def rand_date(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))


def iso(d):
    return d.isoformat() if d else None


def schedule(rng, status, start_window, duration, start_by=None):
    """Planned/actual dates and progress that agree with `status` on DATA_AS_OF.

    planned:      not started, planned_start after the snapshot
    relocation,
    under_construction: started, not finished, planned_finish on/after the snapshot
    completed:    started and finished on/before the snapshot
    delayed:      started, not finished, planned_finish before the snapshot
    start_by:     latest allowed actual start (new 2023 projects)
    """
    day = timedelta(days=1)
    ps = rand_date(rng, *start_window)
    pf = ps + rng.randint(*duration) * day
    if status == "planned":
        assert ps > DATA_AS_OF
        return ps, pf, None, None, 0
    a_s = min(ps + rng.randint(0, 21) * day, start_by or DATA_AS_OF, DATA_AS_OF - 30 * day)
    a_f = None
    if status == "completed":
        if pf > DATA_AS_OF + 30 * day:      # finished roughly on time, not months early
            pf = rand_date(rng, max(a_s + 90 * day, DATA_AS_OF - 100 * day), DATA_AS_OF + 30 * day)
        a_f = min(pf + rng.randint(-25, 15) * day, DATA_AS_OF - rng.randint(3, 40) * day)
        a_f = max(a_f, a_s + 60 * day)
        progress = 100
    elif status in ("relocation", "under_construction"):
        pf = max(pf, DATA_AS_OF + rng.randint(15, 120) * day)
        elapsed = (DATA_AS_OF - a_s).days / max(1, (pf - a_s).days)
        hi = 40 if status == "relocation" else 95
        progress = max(5, min(hi, round(100 * elapsed + rng.uniform(-10, 5))))
    elif status == "delayed":
        if pf >= DATA_AS_OF:
            pf = DATA_AS_OF - rng.randint(7, 75) * day
        pf = max(pf, a_s + 60 * day)
        progress = rng.randint(40, 88)
    else:
        raise ValueError(status)
    assert a_s <= DATA_AS_OF and (a_f is None or a_s <= a_f <= DATA_AS_OF) and ps <= pf
    return ps, pf, a_s, a_f, progress


def shuffled_statuses(rng, layer):
    statuses = [s for s, n in STATUS_QUOTAS[layer].items() for _ in range(n)]
    rng.shuffle(statuses)
    return statuses


# =====================================================================================
# 4. Building the layers (all geometry in EPSG:4549 metres until written)
# =====================================================================================

class Space:
    """Keeps placed geometries apart: rejection sampling inside a zone."""

    def __init__(self):
        self.taken = []     # (kind, geometry buffered by GAP_M)

    def add(self, kind, geom, gap=GAP_M):
        self.taken.append((kind, geom.Buffer(gap, 4)))

    def free(self, geom, ignore=()):
        return not any(k not in ignore and geom.Intersects(t) for k, t in self.taken)

    def place(self, rng, zone, make, ignore=(), tries=5000):
        xmin, xmax, ymin, ymax = zone.GetEnvelope()
        for _ in range(tries):
            geom = make(rng, rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
            if geom.Within(zone) and self.free(geom, ignore):
                return geom
        raise RuntimeError("no room left in zone")


def project_props(name, name_en, status_word, dates, investment, subdistrict, plan_2023):
    ps, pf, a_s, a_f, progress = dates
    return {"name": name, "name_en": name_en, "status": status_word,
            "planned_start": iso(ps), "planned_finish": iso(pf),
            "actual_start": iso(a_s), "actual_finish": iso(a_f),
            "progress_pct": float(progress), "investment_wan": float(round(investment, 1)),
            "subdistrict": subdistrict, "plan_2023": plan_2023, "source": SOURCE_PROJECT}


def build():
    rng = random.Random(SEED)
    space = Space()
    layers = {}

    def ctx(name, name_en, **extra):
        return dict({"name": name, "name_en": name_en}, **extra, source=SOURCE_CONTEXT)

    # --- context: district, neighbours, sea, sub-districts ---------------------------
    district_ll = W_SHINAN + W_SHIBEI[1:] + W_LICANG[1:] + N_CHENGYANG[1:] + N_JIMO[1:] + COAST[1:-1]
    district = polygon(gk_all(district_ll))
    inner = district.Buffer(-EDGE_MARGIN_M, 8)
    layers["district"] = [(district, ctx("崂山区", "Laoshan District",
                                         area_km2=round(district.GetArea() / 1e6, 1)))]

    rev = lambda chain: list(reversed(chain))
    neighbours_ll = [
        ("市南区", "Shinan District", W_SHINAN + SHINAN_SHIBEI[1:] + rev(SHINAN_COAST)[:-1]),
        ("市北区", "Shibei District", W_SHIBEI + SHIBEI_LICANG[1:] + rev(SHINAN_SHIBEI)[:-1]),
        ("李沧区", "Licang District", W_LICANG + LICANG_CHENGYANG[1:] + rev(SHIBEI_LICANG)[:-1]),
        ("城阳区", "Chengyang District", N_CHENGYANG + CHENGYANG_JIMO[1:] + [(FRAME[0], FRAME[3])]
         + rev(LICANG_CHENGYANG)[:-1]),
        ("即墨区", "Jimo District", N_JIMO + [(120.695, 36.370), (120.695, FRAME[3])]
         + rev(CHENGYANG_JIMO)[:-1]),
    ]
    layers["neighbours"] = [(polygon(gk_all(ring)), ctx(n, e)) for n, e, ring in neighbours_ll]

    land_ll = polygon(district_ll)
    for _, _, ring in neighbours_ll:
        land_ll = land_ll.Union(polygon(ring))
    x0, y0, x1, y1 = SEA_BOX
    sea_ll = polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]).Difference(land_ll)
    if sea_ll.GetGeometryType() != ogr.wkbPolygon:       # drop slivers, keep the sea
        sea_ll = max((sea_ll.GetGeometryRef(i).Clone() for i in range(sea_ll.GetGeometryCount())),
                     key=lambda g: g.GetArea())
    sea_ll = round_geometry(sea_ll, 7)
    layers["sea"] = [(sea_ll, ctx("黄海", "Yellow Sea"))]       # already lon/lat

    subdistricts = {}
    for zh, (en, cutter) in SUBDISTRICTS.items():
        g = polygon(gk_all(cutter)).Intersection(district)
        subdistricts[zh] = g
        layers.setdefault("subdistricts", []).append(
            (g, ctx(zh + "街道", en + " Subdistrict", area_km2=round(g.GetArea() / 1e6, 1))))

    def subdistrict_of(geom):
        c = geom.Centroid()
        return next(zh for zh, g in subdistricts.items() if c.Within(g))

    # --- context: Fushan, the river, landmarks ---------------------------------------
    fx, fy = gk(*FUSHAN["centre"])
    rx, ry = FUSHAN["radii_m"]
    fushan = polygon(blob(rng, fx, fy, rx, ry, n=16, rough=0.12))
    layers["fushan"] = [(fushan, ctx("浮山", "Fushan"))]
    space.add("fushan", fushan)

    river = linestring(gk_all(ZHANGCUN_RIVER))
    layers["zhangcun_river"] = [(river, ctx("张村河", "Zhangcun River",
                                            length_m=round(river.Length())))]
    space.add("river", river)

    layers["landmarks"] = [(point(*gk(lon, lat)), ctx(n, e, kind=k)) for n, e, k, lon, lat in LANDMARKS]

    scenic = polygon(gk_all(LAOSHAN_SCENIC_AREA)).Intersection(district.Buffer(-300, 8))
    assert scenic.GetGeometryType() == ogr.wkbPolygon and scenic.IsValid()
    layers["scenic_area"] = [(scenic, ctx("崂山风景名胜区", "Laoshan Scenic Area (mountain)",
                                          area_km2=round(scenic.GetArea() / 1e6, 1)))]

    # --- Fushan greenway: a closed loop well outside the mountain polygon -------------
    phase = rng.uniform(0, 2 * math.pi)
    loop = []
    for i in range(48):
        a = 2 * math.pi * i / 48
        f = 1.28 + 0.05 * math.sin(3 * a + phase)
        loop.append((fx + rx * f * math.cos(a), fy + ry * f * math.sin(a)))
    greenway = linestring(loop + loop[:1])
    assert greenway.Within(inner) and not greenway.Intersects(fushan)
    g = FUSHAN_GREENWAY
    length = greenway.Length()
    props = project_props(g["name"], g["name_en"], "在建",
                          (g["planned_start"], g["planned_finish"], g["actual_start"], None,
                           g["progress_pct"]), length * g["investment_wan_per_m"],
                          subdistrict_of(fushan), "new")
    props["length_m"] = round(length)
    layers["fushan_greenway"] = [(greenway, props)]
    space.add("greenway", greenway)

    # --- the four industrial parks (stored in EPSG:4490) -----------------------------
    layers["industrial_parks"] = []
    for p in INDUSTRIAL_PARKS:
        cx, cy = gk(*p["centre"])
        w, h = p["size_m"]
        geom = polygon(blob(rng, cx, cy, w / 2, h / 2, n=12, rough=0.12))
        assert geom.Within(inner) and space.free(geom), p["name"]
        dates = tuple(date.fromisoformat(p[k]) if p[k] else None
                      for k in ("planned_start", "planned_finish", "actual_start", "actual_finish"))
        props = project_props(p["name"], p["name_en"], p["status"], dates + (p["progress_pct"],),
                              p["investment_wan"], subdistrict_of(geom), "unassigned")
        props.update(phase=p["phase"], signed_date=p["signed_date"],
                     topped_out_date=p["topped_out_date"], area_m2=round(geom.GetArea()))
        layers["industrial_parks"].append((geom, props))
        space.add("industrial_park", geom)

    # --- Zhangcun River communities (12 + 王家村) --------------------------------------
    def river_y(x):
        pts = river.GetPoints()
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            if min(xa, xb) <= x <= max(xa, xb):
                return ya + (yb - ya) * (x - xa) / (xb - xa)
        raise ValueError(x)

    layers["zhangcun_communities"] = []
    for name, name_en, batch, in12, lon, bank, households in ZHANGCUN_COMMUNITIES:
        x = gk(lon, 36.14)[0] + rng.uniform(-40, 40)
        y = river_y(x) + (1 if bank == "N" else -1) * rng.uniform(380, 420)
        geom = polygon(blob(rng, x, y, rng.uniform(330, 385), rng.uniform(270, 320), n=11,
                            rough=0.15, rot=math.radians(rng.uniform(-20, 20))))
        assert geom.Within(inner) and space.free(geom), name
        b = RELOCATION_BATCHES[batch]
        dates = (b["planned_start"], b["planned_finish"], rand_date(rng, *b["start"]),
                 rand_date(rng, *b["finish"]), 100)
        props = project_props(name, name_en + " Community", COMMUNITY_STATUS_WORD, dates,
                              households * rng.uniform(80, 150), subdistrict_of(geom), "unassigned")
        props.update(households=households, in_zhangcun_12=int(in12), relocation_batch=batch,
                     area_m2=round(geom.GetArea()))
        layers["zhangcun_communities"].append((geom, props))
        space.add("community", geom)

    # --- resettlement areas ------------------------------------------------------------
    layers["resettlement_areas"] = []
    for name, name_en, serves, lon, lat, (w, h), ps, a_s, pf, progress, plan in RESETTLEMENT_AREAS:
        cx, cy = gk(lon, lat)
        geom = polygon(block(rng, cx, cy, w, h, math.radians(rng.uniform(-15, 15))))
        assert geom.Within(inner) and space.free(geom), name
        word = rng.choice(STATUS_WORDS["zh_b"]["under_construction"])
        served = [c for c in ZHANGCUN_COMMUNITIES if (c[2], c[3]) == serves]
        households = sum(c[6] for c in served)
        props = project_props(name, name_en, word, (ps, pf, a_s, None, progress),
                              geom.GetArea() * 0.75, subdistrict_of(geom), plan)
        props.update(households=households, area_m2=round(geom.GetArea()),
                     serves="、".join(c[0] for c in served))
        layers["resettlement_areas"].append((geom, props))
        space.add("resettlement", geom)

    # --- zones for the scattered projects ----------------------------------------------
    zones = {}
    for zh, (x0, y0, x1, y1) in PLACEMENT_ZONES.items():
        box = polygon(gk_all([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
        zones[zh] = box.Intersection(subdistricts[zh].Buffer(-60, 4)).Intersection(inner)

    def new_project(layer, status, vocab, name, name_en, subdistrict, investment):
        window, duration = NEW_PROJECT_TIMING[layer]
        dates = schedule(rng, status, window, duration, start_by=NEW_PROJECT_START_BY)
        word = rng.choice(STATUS_WORDS[vocab][status])
        return project_props(name, name_en, word, dates, investment, subdistrict, "new")

    # --- 9 road links (English status codes) ------------------------------------------
    layers["road_links"] = []
    statuses = shuffled_statuses(rng, "road_links")
    assert len(statuses) == len(ROAD_LINKS)
    for (name, name_en, zh), status in zip(ROAD_LINKS, statuses):
        length = rng.uniform(450, 1500)
        make = lambda r, x, y: linestring(road_path(r, x, y, length, r.uniform(0, 2 * math.pi)))
        geom = space.place(rng, zones[zh], make, ignore=("river", "community"))
        props = new_project("road_links", status, "en", name, name_en, zh,
                            length * rng.uniform(5, 12))
        props.update(length_m=round(geom.Length()),
                     road_class=rng.choice(["城市支路 local", "城市次干路 secondary"]))
        layers["road_links"].append((geom, props))
        space.add("road", geom, gap=25)

    # --- 64 old residential compounds (Chinese status words) --------------------------
    layers["old_compounds"] = []
    statuses = shuffled_statuses(rng, "old_compounds")
    where = [zh for zh, n in OLD_COMPOUNDS_BY_SUBDISTRICT.items() for _ in range(n)]
    assert len(statuses) == len(where)
    numbers = {}      # house numbers along each street
    for zh, status in zip(where, statuses):
        w, h = rng.uniform(120, 380), rng.uniform(100, 300)
        shape = rng.random() < 0.25
        make = lambda r, x, y: polygon(block(r, x, y, w, h, math.radians(r.uniform(-30, 30)), shape))
        geom = space.place(rng, zones[zh], make)
        street, street_en = rng.choice(STREETS[zh])
        numbers[street] = numbers.get(street, 0) + rng.randint(2, 9)
        n = numbers[street]
        buildings = max(3, round(geom.GetArea() / 2500 * rng.uniform(0.6, 1.1)))
        households = buildings * rng.randint(24, 60)
        props = new_project("old_compounds", status, "zh_b", f"{street}{n}号院",
                            f"{street_en} No. {n} compound", zh, households * rng.uniform(0.8, 1.5))
        props.update(households=households, buildings=buildings,
                     built_year=rng.randint(1984, 2000), area_m2=round(geom.GetArea()))
        layers["old_compounds"].append((geom, props))
        space.add("compound", geom)

    # --- 6 pocket parks ----------------------------------------------------------------
    layers["pocket_parks"] = []
    statuses = shuffled_statuses(rng, "pocket_parks")
    assert len(statuses) == len(POCKET_PARKS)
    inside_loop = polygon(greenway.GetPoints()).Buffer(60, 4)   # not between greenway and hill
    zh = "金家岭"
    for (name, name_en, lon, lat), status in zip(POCKET_PARKS, statuses):
        r0 = rng.uniform(30, 60)
        make = lambda r, x, y: polygon(blob(r, x, y, r0, r0 * r.uniform(0.7, 1.0), n=8, rough=0.2))
        near = point(*gk(lon, lat)).Buffer(250, 8)
        geom = space.place(rng, zones[zh].Intersection(near).Difference(inside_loop), make)
        props = new_project("pocket_parks", status, "zh_c", name, name_en, zh,
                            geom.GetArea() * rng.uniform(0.05, 0.1))
        props["area_m2"] = round(geom.GetArea())
        layers["pocket_parks"].append((geom, props))
        space.add("pocket_park", geom)

    # --- 11 parking facilities (points; written to GeoJSON) ----------------------------
    layers["parking"] = []
    statuses = shuffled_statuses(rng, "parking")
    assert len(statuses) == len(PARKING)
    for (name, name_en, zh, kind, spaces), status in zip(PARKING, statuses):
        site = space.place(rng, zones[zh], lambda r, x, y: point(x, y).Buffer(40, 4))
        geom = site.Centroid()
        per_space = COST_PER_SPACE_WAN[kind.split()[0]]
        props = new_project("parking", status, "en_typed", name, name_en, zh,
                            spaces * per_space * rng.uniform(0.8, 1.2))
        props.update(parking_spaces=spaces, kind=kind)
        layers["parking"].append((geom, props))
        space.add("parking", site)

    # --- 98 low-efficiency-area key projects (points; Chinese words) -------------------
    x0, y0, x1, y1 = LOW_EFFICIENCY_ZONE
    le_zone = polygon(gk_all([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])).Intersection(inner)
    park_centres = {p["name"]: point(*gk(*p["centre"])) for p in INDUSTRIAL_PARKS[:2]}
    layers["low_efficiency_projects"] = []
    for i, status in enumerate(shuffled_statuses(rng, "low_efficiency_projects")):
        site = space.place(rng, le_zone, lambda r, x, y: point(x, y).Buffer(90, 4),
                           ignore=("community", "industrial_park"))
        geom = site.Centroid()
        kind, kind_en = rng.choice(LOW_EFFICIENCY_KINDS)
        window, duration = LOW_EFFICIENCY_TIMING[status]
        dates = schedule(rng, status, window, duration)
        assert dates[3] is None or dates[3] >= LOW_EFFICIENCY_FINISH_FROM, dates
        props = project_props(f"低效片区重点项目{i + 1:02d}（{kind}）",
                              f"Low-efficiency area key project {i + 1:02d} ({kind_en})",
                              rng.choice(STATUS_WORDS["zh_a"][status]), dates,
                              rng.uniform(3000, 120000), subdistrict_of(geom), "unassigned")
        driver = min(park_centres, key=lambda n: park_centres[n].Distance(geom))   # nearest park
        props.update(kind=kind, driver_park=driver)
        layers["low_efficiency_projects"].append((geom, props))
        space.add("low_efficiency", site, gap=0)

    for name, feats in layers.items():
        for geom, _ in feats:
            assert geom.IsValid(), name
    return layers


# =====================================================================================
# 5. Writing
# =====================================================================================

S, I, R = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal
PROJECT_FIELDS = [("name", S), ("name_en", S), ("status", S), ("planned_start", S),
                  ("planned_finish", S), ("actual_start", S), ("actual_finish", S),
                  ("progress_pct", R), ("investment_wan", R), ("subdistrict", S), ("plan_2023", S)]

# layer: (file, EPSG, geometry type, extra fields, description)
OUTPUTS = {
    "district": ("laoshan.gpkg", 4549, ogr.wkbPolygon, [("area_km2", R)], "崂山区 Laoshan District outline"),
    "neighbours": ("laoshan.gpkg", 4490, ogr.wkbPolygon, [], "周边区 Neighbouring districts"),
    "subdistricts": ("laoshan.gpkg", 4549, ogr.wkbPolygon, [("area_km2", R)], "街道 Sub-districts"),
    "scenic_area": ("laoshan.gpkg", 4549, ogr.wkbPolygon, [("area_km2", R)],
                    "崂山风景名胜区 Laoshan mountain and scenic area (illustrative outline)"),
    "fushan": ("laoshan.gpkg", 4549, ogr.wkbPolygon, [], "浮山 Fushan mountain"),
    "zhangcun_river": ("laoshan.gpkg", 4549, ogr.wkbLineString, [("length_m", I)], "张村河 Zhangcun River"),
    "landmarks": ("laoshan.gpkg", 4549, ogr.wkbPoint, [("kind", S)], "地标 Landmarks"),
    "industrial_parks": ("laoshan.gpkg", 4490, ogr.wkbPolygon,
                         PROJECT_FIELDS + [("phase", S), ("signed_date", S), ("topped_out_date", S),
                                           ("area_m2", I)], "四大专业化园区 Specialised industrial parks"),
    "zhangcun_communities": ("laoshan.gpkg", 4549, ogr.wkbPolygon,
                             PROJECT_FIELDS + [("households", I), ("in_zhangcun_12", I),
                                               ("relocation_batch", S), ("area_m2", I)],
                             "张村河片区社区 Zhangcun River area communities"),
    "resettlement_areas": ("laoshan.gpkg", 4549, ogr.wkbPolygon,
                           PROJECT_FIELDS + [("households", I), ("area_m2", I), ("serves", S)],
                           "安置区 Resettlement areas"),
    "old_compounds": ("laoshan.gpkg", 4549, ogr.wkbPolygon,
                      PROJECT_FIELDS + [("households", I), ("buildings", I), ("built_year", I),
                                        ("area_m2", I)], "老旧小区改造 Old residential compounds"),
    "pocket_parks": ("laoshan.gpkg", 4549, ogr.wkbPolygon, PROJECT_FIELDS + [("area_m2", I)],
                     "口袋公园 Pocket parks"),
    "fushan_greenway": ("laoshan.gpkg", 4549, ogr.wkbLineString, PROJECT_FIELDS + [("length_m", I)],
                        "浮山绿道 Fushan greenway"),
    "road_links": ("laoshan.gpkg", 4549, ogr.wkbLineString,
                   PROJECT_FIELDS + [("length_m", I), ("road_class", S)], "未贯通道路 Road links to open"),
    "low_efficiency_projects": ("laoshan.gpkg", 4549, ogr.wkbPoint,
                                PROJECT_FIELDS + [("kind", S), ("driver_park", S)],
                                "低效片区重点项目 Low-efficiency area key projects"),
    "parking": ("parking.geojson", 4326, ogr.wkbPoint,
                PROJECT_FIELDS + [("parking_spaces", I), ("kind", S)], "停车场 Parking facilities"),
    "sea": ("context.geojson", 4326, ogr.wkbPolygon, [], "海域 Sea"),
}
CONTEXT_FIELDS = [("name", S), ("name_en", S)]


def write_layer(ds, name, epsg, gtype, fields, description, features, is_geojson):
    if is_geojson:
        options = ["RFC7946=YES", "WRITE_NAME=YES", "DESCRIPTION=" + description]
    else:
        options = ["IDENTIFIER=" + name, "DESCRIPTION=" + description, "FID=fid"]
    layer = ds.CreateLayer(name, SRS[epsg], gtype, options=options)
    for fname, ftype in fields + [("source", S)]:
        layer.CreateField(ogr.FieldDefn(fname, ftype))
    for geom, props in features:
        f = ogr.Feature(layer.GetLayerDefn())
        for fname, _ in fields + [("source", S)]:
            if props.get(fname) is not None:
                f.SetField(fname, props[fname])
        # the sea is built in lon/lat already; everything else in EPSG:4549
        f.SetGeometry(geom if name == "sea" else rounded(geom, epsg))
        layer.CreateFeature(f)


def write_all(layers):
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2023-12-31T00:00:00Z")   # no build timestamps
    files = sorted({spec[0] for spec in OUTPUTS.values()})
    for fname in files + ["laoshan.project.json", "laoshan-postgis.project.json"]:
        path = os.path.join(OUT_DIR, fname)
        if os.path.exists(path):
            os.remove(path)
    for fname in files:
        is_geojson = fname.endswith(".geojson")
        driver = ogr.GetDriverByName("GeoJSON" if is_geojson else "GPKG")
        ds = driver.CreateDataSource(os.path.join(OUT_DIR, fname))
        for name, (f, epsg, gtype, extra, desc) in OUTPUTS.items():
            if f == fname:
                fields = extra if extra[:1] == PROJECT_FIELDS[:1] else CONTEXT_FIELDS + extra
                write_layer(ds, name, epsg, gtype, fields, desc, layers[name], is_geojson)
        ds = None


# =====================================================================================
# 6. The project file (format version 1)
# =====================================================================================

def status_layer(name, source, layer, **style):
    entry = {"name": name, "source": source}
    if layer:
        entry["layer"] = layer
    entry.update({"status_field": "status", "name_field": "name", "style": style})
    return entry


def context_layer(name, source, layer, name_field=None, visible=True, **style):
    entry = {"name": name, "source": source}
    if layer:
        entry["layer"] = layer
    entry["status_field"] = None
    if name_field:
        entry["name_field"] = name_field
    entry["style"] = style
    if not visible:
        entry["visible"] = False
    return entry


# Status fills are opaque (opacity 1.0): at 0.5 a park or community mixed half and half
# with the cream paper and on a projector no longer matched its legend swatch. The
# large zones (industrial parks, the Zhangcun River communities, resettlement areas)
# are the exception: filled at 0.6 with a strong outline, so the river and whatever
# basemap lies under them stay readable (issue #15, item 9).
def write_project(layers):
    xmin, xmax, ymin, ymax = layers["district"][0][0].GetEnvelope()
    pad = 1500
    n = {k: len(v) for k, v in layers.items()}
    in12 = sum(p["in_zhangcun_12"] for _, p in layers["zhangcun_communities"])
    G = "laoshan.gpkg"
    project = {
        "version": 1,
        "title": "崂山区城市更新 2023 / Laoshan urban renewal 2023",
        "notice": "示意几何，非测绘成果 / Illustrative geometry, not surveyed",
        "crs": "EPSG:4549",
        "data_as_of": DATA_AS_OF.isoformat(),
        "extent": [math.floor(xmin - pad), math.floor(ymin - pad), math.ceil(xmax + pad), math.ceil(ymax + pad)],
        "layers": [
            context_layer("海域 Sea", "context.geojson", "sea",
                          fill=True, color="#cfe3ee", outline="#9fbfd3", line_width=1.0, opacity=1.0),
            context_layer("周边区 Neighbouring districts", G, "neighbours", name_field="name",
                          fill=True, color="#ebebe8", outline="#c4c4c0", line_width=1.0, opacity=1.0),
            context_layer("崂山区 Laoshan District", G, "district", name_field="name",
                          fill=True, color="#f7f4ea", outline="#4a5d70", line_width=2.5, opacity=1.0),
            context_layer("崂山风景区 Laoshan scenic area", G, "scenic_area", name_field="name",
                          fill=True, color="#e6ecdc", outline="#c6d2b4", line_width=1.0, opacity=1.0),
            context_layer("街道 Sub-districts", G, "subdistricts", name_field="name", visible=False,
                          fill=False, outline="#b8b09c", line_width=1.0, opacity=1.0),
            context_layer("浮山 Fushan", G, "fushan", name_field="name",
                          fill=True, color="#dcead0", outline="#b3cc9f", line_width=1.0, opacity=1.0),
            context_layer("张村河 Zhangcun River", G, "zhangcun_river", name_field="name",
                          color="#7fb0d8", line_width=3.0, opacity=1.0),
            status_layer(f"四大专业化园区 Industrial parks ({n['industrial_parks']})", G, "industrial_parks",
                         fill=True, opacity=1.0, fill_opacity=0.6, outline="#333333", line_width=2.5),
            status_layer(f"张村河片区社区 Zhangcun River communities ({in12} + 王家村)", G,
                         "zhangcun_communities", fill=True, opacity=1.0, fill_opacity=0.6, outline="#333333",
                         line_width=2.5),
            status_layer(f"安置区 Resettlement areas ({n['resettlement_areas']})", G, "resettlement_areas",
                         fill=True, opacity=1.0, fill_opacity=0.6, outline="#333333", line_width=2.5),
            status_layer(f"老旧小区改造 Old compounds ({n['old_compounds']})", G, "old_compounds",
                         fill=True, opacity=1.0, outline="#333333", line_width=1.0),
            status_layer(f"口袋公园 Pocket parks ({n['pocket_parks']})", G, "pocket_parks",
                         fill=True, opacity=1.0, outline="#333333", line_width=1.0),
            status_layer("浮山绿道 Fushan greenway (1)", G, "fushan_greenway", line_width=4.0, opacity=1.0),
            status_layer(f"未贯通道路 Road links ({n['road_links']})", G, "road_links",
                         line_width=4.0, opacity=1.0),
            context_layer("地标 Landmarks", G, "landmarks", name_field="name",
                          color="#4a4a4a", outline="#ffffff", point_size=6, opacity=1.0),
            status_layer(f"低效片区重点项目 Low-efficiency area projects ({n['low_efficiency_projects']})", G,
                         "low_efficiency_projects", point_size=9, outline="#333333", opacity=1.0),
            status_layer(f"停车场 Parking ({n['parking']})", "parking.geojson", None,
                         point_size=12, outline="#222222", opacity=1.0),
        ],
    }
    project["bookmarks"] = walk_through(project, layers)
    write_json("laoshan.project.json", project)
    write_json("laoshan-postgis.project.json", postgis_project(project))


def write_json(fname, obj):
    with open(os.path.join(OUT_DIR, fname), "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


PG_SOURCE = "PG:dbname=renewmap"   # libpq's PGHOST, PGPORT, PGUSER pick the server
PG_SCHEMA = "laoshan"              # README.md "Loading into PostGIS" fills it
PG_REFRESH_SECONDS = 5


def postgis_project(project):
    """The same project reading every layer from PostGIS (table PG_SCHEMA.<layer>, as
    README.md's ogr2ogr command loads them); status layers refresh every few seconds.
    Styles, draw order and walk-through are the file project's, so the two cannot
    drift apart."""
    pg = dict(project, title=project["title"] + " · PostGIS live", layers=[])
    for entry in project["layers"]:
        table = entry.get("layer") or next(k for k, v in OUTPUTS.items() if v[0] == entry["source"])
        out = {"name": entry["name"], "source": PG_SOURCE, "layer": f"{PG_SCHEMA}.{table}"}
        out.update((k, v) for k, v in entry.items() if k not in ("name", "source", "layer"))
        if entry["status_field"] is not None:
            out["refresh_seconds"] = PG_REFRESH_SECONDS
        pg["layers"].append(out)
    return pg


def view(cx, cy, width):
    """A 16:9 extent (projector aspect) of `width` metres centred on cx, cy (EPSG:4549)."""
    h = width * 9 / 16
    return [round(cx - width / 2), round(cy - h / 2), round(cx + width / 2), round(cy + h / 2)]


def fit(geoms, pad):
    """The 16:9 view that holds every geometry (EPSG:4549) with `pad` metres around and
    a quarter of the height free above them: in presentation mode the title panel and
    the legend cover the top of the slide."""
    envs = [g.GetEnvelope() for g in geoms]
    x0, x1 = min(e[0] for e in envs) - pad, max(e[1] for e in envs) + pad
    y0, y1 = min(e[2] for e in envs) - pad, max(e[3] for e in envs) + pad
    y1 += (y1 - y0) / 4
    return view((x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, (y1 - y0) * 16 / 9))


def walk_through(project, layers):
    """The presenter's prepared walk-through: five views in meeting order. Centres come
    from the illustrative geometry above (extents of the layers they show). Every stop
    names its date, so a stop never inherits whatever date the previous one left."""
    titles = [entry["name"] for entry in project["layers"]]
    context = [t for t in titles if t.startswith(("海域", "周边区", "崂山区", "崂山风景区", "浮山 ", "张村河 "))]
    only = lambda *prefixes: context + [t for t in titles if t.startswith(prefixes)]
    x0, y0, x1, y1 = project["extent"]
    as_of = DATA_AS_OF.isoformat()
    fushan_stop = [g for g, _ in layers["fushan_greenway"] + layers["pocket_parks"]]
    return [
        {"name": "全区概览 Whole district",
         "caption": "196个城市更新和城市建设项目，总投资约1006亿元，2023年计划投资156亿元 / "
                    "196 projects, about 100.6 bn yuan; 15.6 bn to invest in 2023",
         "extent": view((x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, (y1 - y0) * 16 / 9)),
         "as_of": as_of, "dwell": 6},
        # Mid-April 2023: the 2022 batch handed over, the H1 2023 batch in relocation.
        {"name": "张村河片区 Zhangcun River area",
         "caption": "2022年完成8个社区搬迁；上半年推进文张、张村、枯桃、中韩和王家村改造拆迁，同步启动安置区建设 / "
                    "8 communities relocated in 2022; five more in H1 2023, resettlement housing started alongside",
         "extent": view(542530, 4001430, 8500), "as_of": "2023-04-15",
         "layers": only("张村河片区社区", "安置区", "四大专业化园区"),
         # The film sweeps from before the 2022 relocations to mid-April 2023.
         "dwell": 6, "sweep": ["2022-01-01", "2023-04-15"]},
        # The snapshot: which compounds are done, under way or late.
        {"name": "老旧小区改造 Old compounds",
         "caption": "64个老旧小区改造 / 64 old residential compounds renovated in 2023",
         "extent": view(544000, 3998300, 12000), "as_of": as_of,
         "layers": only("老旧小区改造", "口袋公园", "未贯通道路", "停车场"), "dwell": 5},
        # The greenway and all six pocket parks (placed in the streets around Fushan).
        {"name": "浮山绿道 Fushan greenway",
         "caption": f"浮山绿道与{len(layers['pocket_parks'])}处口袋公园 / "
                    f"The Fushan greenway and the {len(layers['pocket_parks'])} pocket parks",
         "extent": fit(fushan_stop, 300), "as_of": as_of,
         "layers": only("浮山绿道", "口袋公园")},
        # End of September 2023, when phase 1 was due. The 98 low-efficiency projects
        # are left out: a dozen generic labels would bury the park's own.
        {"name": "虚拟现实产业园 VR Industrial Park",
         "caption": "2022年1月签约、5月开工、8月首栋封顶；一期9月底前竣工投用 / "
                    "signed Jan 2022, started May 2022, topped out Aug 2022; phase 1 complete by end of September 2023",
         "extent": view(547000, 4002330, 3600), "as_of": "2023-09-30",
         "layers": only("四大专业化园区", "地标")},
    ]


def check_programme(layers):
    """The plan's totals bound what the layers claim."""
    feats = [p for name, fs in layers.items() for _, p in fs if "plan_2023" in p]
    new = [p for p in feats if p["plan_2023"] == "new"]
    planned = [p for p in feats if p["plan_2023"] in ("new", "continuing")]
    assert len(new) <= PROGRAMME["new_projects"] and len(planned) <= PROGRAMME["projects"]
    assert all(p["actual_start"] and p["actual_start"] <= NEW_PROJECT_START_BY.isoformat() for p in new)
    assert sum(p["investment_wan"] for p in planned) <= PROGRAMME["investment_total_wan"]
    return len(new), len(planned)


def main():
    global OUT_DIR
    parser = argparse.ArgumentParser(description="Rebuild the Laoshan demo dataset.")
    parser.add_argument("--out", metavar="DIR", default=OUT_DIR,
                        help="folder to write into (default: beside this script)")
    OUT_DIR = os.path.abspath(parser.parse_args().out)
    os.makedirs(OUT_DIR, exist_ok=True)
    gdal.UseExceptions()
    ogr.UseExceptions()
    layers = build()
    new, planned = check_programme(layers)
    write_all(layers)
    write_project(layers)
    for name, feats in layers.items():
        print(f"{name:26s} {len(feats):3d}  {OUTPUTS[name][0]}  EPSG:{OUTPUTS[name][1]}")
    print(f"new 2023 projects in layers: {new} of {PROGRAMME['new_projects']}; "
          f"in the 196-project plan: {planned} of {PROGRAMME['projects']}")


if __name__ == "__main__":
    main()
